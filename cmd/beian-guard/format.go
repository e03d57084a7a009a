package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// ---- text ----------------------------------------------------------------------------

// writeText prints the findings as the CLI prints the provider's diagnostics — errors
// that stop the judgement first (cause first), then violations, then warnings — and a
// summary line.
func writeText(w io.Writer, rep *report) {
	fmt.Fprintf(w, "beian-guard: %s", rep.planFile)
	if rep.cliVersion != "" {
		fmt.Fprintf(w, " (planned with %s)", rep.cliVersion)
	}
	fmt.Fprintf(w, ", judged %s.\n", rep.mode)
	for _, it := range orderedFindings(rep) {
		title := "Warning"
		if it.f.Severity == severityError {
			title = "Error"
		}
		fmt.Fprintf(w, "\n%s: %s\n\n", title, it.f.Summary)
		if it.res != nil {
			fmt.Fprintf(w, "  with %s,\n", it.res.rec.Address)
			if it.res.file != "" {
				fmt.Fprintf(w, "  on %s line %d, in resource %q %q:\n", relTo(".", it.res.file), it.res.line,
					it.res.rec.ResourceType, strings.TrimPrefix(it.res.rec.ConfigAddress, it.res.rec.ResourceType+"."))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, it.f.Detail)
	}
	fmt.Fprintf(w, "\nbeian-guard: %s\n", summaryLine(rep, rep.counts()))
}

// summaryLine is the one-line verdict.
func summaryLine(rep *report, c counts) string {
	s := fmt.Sprintf("%d DNS %s in the plan (%d created or changed, %d unchanged): %d %s, %d %s, %d %s.",
		c.Records, plural(c.Records, "record", "records"), c.Changed, c.Unchanged,
		c.Violations, plural(c.Violations, "violation", "violations"), c.Errors, plural(c.Errors, "error", "errors"),
		c.Warnings, plural(c.Warnings, "warning", "warnings"))
	switch rep.exitCode() {
	case exitCannot:
		s += fmt.Sprintf(" The guard could not judge %d %s: exit 2.", c.CannotJudge, plural(c.CannotJudge, "record", "records"))
	case exitViolations:
		s += " Exit 1."
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

type item struct {
	res *result // nil for a finding about the whole plan
	f   finding
}

// orderedFindings lists every finding: errors that stop the judgement first, then the
// other errors, then warnings, each in the plan's order.
func orderedFindings(rep *report) []item {
	var out []item
	for i := range rep.results {
		for _, f := range rep.results[i].findings {
			out = append(out, item{res: &rep.results[i], f: f})
		}
	}
	for _, f := range rep.planNotes {
		out = append(out, item{f: f})
	}
	rank := func(f finding) int {
		switch {
		case f.Severity == severityError && (f.Kind == kindCannotJudge || f.Kind == kindUnknownValue):
			return 0
		case f.Severity == severityError:
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].f) < rank(out[j].f) })
	return out
}

// ---- json ----------------------------------------------------------------------------

type jsonRecord struct {
	Address        string    `json:"address"`
	ResourceType   string    `json:"resource_type"`
	Module         string    `json:"module"`
	Actions        []string  `json:"actions"`
	JudgedAs       string    `json:"judged_as"`
	Name           string    `json:"name"`
	Type           string    `json:"type"`
	Value          string    `json:"value"`
	Enabled        bool      `json:"enabled"`
	From           string    `json:"from"`
	Unknown        []string  `json:"unknown"`
	Note           string    `json:"note,omitempty"`
	File           string    `json:"file,omitempty"`
	Line           int       `json:"line,omitempty"`
	Allowed        bool      `json:"allowed"`
	Location       string    `json:"location"`
	Registrable    string    `json:"registrable_domain"`
	FilingApproved bool      `json:"filing_approved"`
	Ends           []end     `json:"ends"`
	Findings       []finding `json:"findings"`
}

type jsonReport struct {
	Tool             string       `json:"tool"`
	Version          string       `json:"version"`
	Plan             string       `json:"plan"`
	TerraformVersion string       `json:"terraform_version"`
	Mode             string       `json:"mode"`
	Verdict          string       `json:"verdict"`
	ExitCode         int          `json:"exit_code"`
	Summary          counts       `json:"summary"`
	Records          []jsonRecord `json:"records"`
	PlanFindings     []finding    `json:"plan_findings"`
}

func verdict(code int) string {
	switch code {
	case exitViolations:
		return "violations"
	case exitCannot:
		return "could_not_judge"
	}
	return "clean"
}

func writeJSON(w io.Writer, rep *report) error {
	code := rep.exitCode()
	out := jsonReport{Tool: "beian-guard", Version: version, Plan: rep.planFile, TerraformVersion: rep.cliVersion, Mode: rep.mode,
		Verdict: verdict(code), ExitCode: code, Summary: rep.counts(), Records: []jsonRecord{}, PlanFindings: append([]finding{}, rep.planNotes...)}
	for _, r := range rep.results {
		jr := jsonRecord{Address: r.rec.Address, ResourceType: r.rec.ResourceType, Module: r.rec.Module, Actions: r.rec.Actions,
			JudgedAs: r.phase, Name: r.rec.Name, Type: r.rec.Type, Value: r.rec.Value, Enabled: r.rec.Enabled, From: r.rec.From,
			Unknown: append([]string{}, r.rec.Unknown...), Note: r.rec.Note, Line: r.line,
			Allowed: r.allowed, Location: r.location, Registrable: r.registrable, FilingApproved: r.filingApproved,
			Ends: append([]end{}, r.ends...), Findings: append([]finding{}, r.findings...)}
		if r.file != "" {
			jr.File = relTo(".", r.file)
		}
		for i := range jr.Ends {
			if jr.Ends[i].Via == nil {
				jr.Ends[i].Via = []string{}
			}
		}
		out.Records = append(out.Records, jr)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ---- SARIF 2.1.0 ---------------------------------------------------------------------

// ruleText describes each kind of finding, for the SARIF rules (GitHub shows them at the
// top of an alert).
var ruleText = map[string][2]string{
	"no_filing":         {"ICP filing (备案) required", "A DNS record points a domain at a server in mainland China (or an Alibaba Cloud service there, or URL forwarding) before the domain's ICP filing is approved: the site gets blocked and the filing rejected."},
	kindCannotJudge:     {"ICP guard could not judge", "The ICP guard could not judge a record (Alibaba Cloud did not answer, or the plan lacks the record's zone), so it fails closed: the record is not allowed until it can be judged."},
	"unknown_location":  {"Server location unknown", "The guard cannot tell whether the record's server is in mainland China, so the ICP filing requirement was not checked."},
	"unfollowed":        {"CNAME target not followed", "The record points at a host the guard cannot follow (outside the plan and the account's zones, a loop, too deep)."},
	"delegation":        {"NS delegation", "An NS record hands the name to other name servers, past which the guard cannot see."},
	"forwarding":        {"URL forwarding destination", "The destination of a URL-forwarding record has no ICP filing the guard can see."},
	"risk":              {"Filing with a rectification deadline", "The domain's approved ICP filing has a rectification deadline (整改)."},
	"unverified_filing": {"Filing declared, not verified", "The record is allowed only through declared_filings, which cannot be verified."},
	"stale_data":        {"Stale location data", "The location or registry data used is a stale copy."},
	kindUnknownValue:    {"Value known only after apply", "The record's value is known only after apply, so the plan does not say where it points."},
	kindUnjudgedType:    {"DNS resource type not read", "The plan has resources that look like DNS records and that beian-guard does not read."},
}

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifText           `json:"help"`
	DefaultConfiguration map[string]string   `json:"defaultConfiguration"`
	Properties           map[string][]string `json:"properties"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation *sarifPhysical `json:"physicalLocation,omitempty"`
	LogicalLocations []sarifLogical `json:"logicalLocations,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation struct {
		URI string `json:"uri"`
	} `json:"artifactLocation"`
	Region *struct {
		StartLine int `json:"startLine"`
	} `json:"region,omitempty"`
}

type sarifLogical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// sarifSchema is the schema URI written in the log: the OASIS SARIF 2.1.0 schema.
const sarifSchema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// writeSARIF writes the findings as SARIF 2.1.0 for GitHub code scanning: one result per
// finding, at the resource block's file and line where the configuration has it
// (relative to the repository's root), named by the resource address as a logical
// location. A finding whose block was not found points at the plan file (GitHub needs a
// file for every result). Paths are relative to the repository holding the configuration
// (the directory with .git above --chdir), else to --chdir.
func writeSARIF(w io.Writer, rep *report) error {
	root := rep.root
	if root == "" {
		root = "."
	}
	items := orderedFindings(rep)
	used := map[string]bool{}
	for _, it := range items {
		used[it.f.Kind] = true
	}
	var ids []string
	for k := range used {
		ids = append(ids, k)
	}
	sort.Strings(ids)
	index := map[string]int{}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "beian-guard", Version: version,
		InformationURI: "https://github.com/beian-dev/terraform-provider-beian", Rules: []sarifRule{}}}, Results: []sarifResult{}}
	for i, id := range ids {
		index[id] = i
		t, ok := ruleText[id]
		if !ok {
			t = [2]string{id, id}
		}
		level := "warning"
		if id == "no_filing" || id == kindCannotJudge {
			level = "error"
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: id, Name: ruleName(id), ShortDescription: sarifText{t[0]},
			FullDescription: sarifText{t[1]}, Help: sarifText{t[1]}, DefaultConfiguration: map[string]string{"level": level},
			Properties: map[string][]string{"tags": {"icp", "beian", "dns"}}})
	}
	for _, it := range items {
		res := sarifResult{RuleID: it.f.Kind, RuleIndex: index[it.f.Kind], Level: "warning",
			Message: sarifText{it.f.Summary + "\n\n" + it.f.Detail}}
		if it.f.Severity == severityError {
			res.Level = "error"
		}
		loc := sarifLocation{PhysicalLocation: &sarifPhysical{}}
		file := rep.planFile
		key := it.f.Kind + "|" + it.f.Summary
		if it.res != nil {
			loc.LogicalLocations = []sarifLogical{{FullyQualifiedName: it.res.rec.Address, Kind: "resource"}}
			key = strings.Join([]string{it.f.Kind, it.res.rec.Address, it.res.rec.Name, it.res.rec.Type, it.res.rec.Value}, "|")
			if it.res.file != "" {
				file = it.res.file
				loc.PhysicalLocation.Region = &struct {
					StartLine int `json:"startLine"`
				}{it.res.line}
			}
		}
		loc.PhysicalLocation.ArtifactLocation.URI = relTo(root, file)
		res.Locations = []sarifLocation{loc}
		sum := sha256.Sum256([]byte(key))
		res.PartialFingerprints = map[string]string{"beianGuardFinding/v1": hex.EncodeToString(sum[:16])}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// ruleName is a rule's name in PascalCase (no_filing → NoFiling).
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// ---- JUnit XML -----------------------------------------------------------------------

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failures  []junitResult `xml:"failure"`
	Errors    []junitResult `xml:"error"`
	SystemOut *junitText    `xml:"system-out"`
}

type junitText struct {
	Text string `xml:",cdata"`
}

type junitResult struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// writeJUnit writes one test case per record (GitLab and other CI show them as tests): a
// violation is a failure, a record the guard could not judge an error, warnings are the
// case's output.
func writeJUnit(w io.Writer, rep *report) error {
	suite := junitSuite{Name: "ICP guard (备案检查)"}
	for _, r := range rep.results {
		class := r.rec.Module
		if class == "" {
			class = "root"
		}
		c := junitCase{Classname: class, Name: fmt.Sprintf("%s: %s %s %s", r.rec.Address, r.rec.Name, r.rec.Type, r.rec.Value), Line: r.line}
		if r.file != "" {
			c.File = filepath.ToSlash(relTo(".", r.file))
		}
		var out []string
		for _, f := range r.findings {
			jr := junitResult{Message: f.Summary, Type: f.Kind, Text: f.Detail}
			switch {
			case f.Severity == severityError && (f.Kind == kindCannotJudge || f.Kind == kindUnknownValue):
				c.Errors = append(c.Errors, jr)
			case f.Severity == severityError:
				c.Failures = append(c.Failures, jr)
			default:
				out = append(out, "Warning: "+f.Summary+"\n\n"+f.Detail)
			}
		}
		if len(out) > 0 {
			c.SystemOut = &junitText{strings.Join(out, "\n\n")}
		}
		suite.Tests++
		if len(c.Errors) > 0 {
			suite.Errors++
		} else if len(c.Failures) > 0 {
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	for _, f := range rep.planNotes {
		suite.Tests++
		suite.Cases = append(suite.Cases, junitCase{Classname: "plan", Name: f.Summary, SystemOut: &junitText{"Warning: " + f.Summary + "\n\n" + f.Detail}})
	}
	doc := junitSuites{Name: "beian-guard", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
