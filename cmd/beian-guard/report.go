package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/planjson"
)

// Phases: how a record was judged.
const (
	phasePlan      = "plan"      // created or re-pointed: violations are errors (enforcement = "error")
	phaseUnchanged = "unchanged" // live and not changed: warnings only
)

// Severities, as the provider's diagnostics.
const (
	severityError   = "error"
	severityWarning = "warning"
)

// Kinds of beian-guard's own findings (the guard's are no_filing, cannot_judge, …).
const (
	kindUnknownValue = "unknown_value"
	kindUnjudgedType = "unjudged_type"
)

// Exit codes.
const (
	exitClean      = 0 // nothing blocks
	exitViolations = 1 // a record violates (an error finding)
	exitCannot     = 2 // the guard could not judge (fails closed, cause first)
)

// finding is one thing said about a record: the guard's findings with the provider's
// wording, and beian-guard's own (unknown_value, cannot_judge for a missing zone).
type finding struct {
	Kind     string `json:"kind"`
	Severity string `json:"severity"`
	Blocks   bool   `json:"blocks"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
}

// end is one place a record ends at.
type end struct {
	Target   string   `json:"target"`
	Via      []string `json:"via"`
	Location string   `json:"location"`
	Evidence string   `json:"evidence"`
	Host     string   `json:"-"`
}

// judged is what the guard said about one record.
type judged struct {
	phase          string
	allowed        bool
	location       string
	registrable    string
	filingApproved bool
	ends           []end
	findings       []finding
}

// result is one record of the plan with its judgement and where it is written.
type result struct {
	rec planjson.Record
	judged
	file string // the configuration file of the resource block, relative to the working directory
	line int
}

// report is everything one check found.
type report struct {
	planFile    string
	root        string // what SARIF paths are relative to: the repository's root, else --chdir
	cliVersion  string
	mode        string // how the guard ran: offline, or with the account
	results     []result
	planNotes   []finding // about the plan as a whole (record types the guard cannot read)
	unknownFail bool
}

// build judges the plan's records and adds beian-guard's own findings: records the plan
// cannot say enough about (a value known only after apply, a zone not in the plan), and
// CNAME chains that run into such a record.
func (r *report) build(ctx context.Context, j *judge, plan *planjson.Plan, unknownValues string) {
	recs := plan.Records()
	r.unknownFail = unknownValues == unknownFail
	js := j.judgeAll(ctx, recs)
	unknownNames := map[string]string{} // name of a record with an unknown value → its address
	for _, rec := range recs {
		if len(rec.Unknown) > 0 && rec.Name != "" {
			unknownNames[rec.Name] = rec.Address
		}
	}
	// The values the plan marks sensitive, hidden in every result: a CNAME's chain and its
	// end show the value of the record it leads to.
	var secrets []string
	for _, rec := range recs {
		if rec.Sensitive && rec.Value != "" {
			secrets = append(secrets, rec.Value)
		}
	}
	for i, rec := range recs {
		res := result{rec: rec, judged: js[i]}
		switch {
		case rec.Problem != "":
			res.location = "unknown"
			res.findings = append(res.findings, finding{Kind: kindCannotJudge, Severity: severityError, Blocks: true,
				Summary: fmt.Sprintf("ICP guard (备案检查) could not judge %s: its name is not in the plan", rec.Address),
				Detail: fmt.Sprintf("Cause: %s.\n\n%s (%s) cannot be followed to where it ends without its full name, so whether it points a domain at a server in mainland China was not checked.",
					rec.Problem, rec.Address, rec.Type)})
		case len(rec.Unknown) > 0:
			res.location = "unknown"
			res.findings = append(res.findings, r.unknownFinding(rec))
		}
		for _, e := range res.ends {
			if addr, ok := unknownNames[e.Host]; ok && e.Location == "unknown" {
				res.findings = append(res.findings, r.chainFinding(rec, e.Host, addr))
			}
		}
		if rec.Sensitive && rec.Value != "" {
			res.rec.Value = sensitiveValue
		}
		for _, v := range secrets {
			res.mask(v)
		}
		res.allowed = true
		for _, f := range res.findings {
			if f.Blocks {
				res.allowed = false
			}
		}
		r.results = append(r.results, res)
	}
	for _, t := range plan.Unjudged() {
		r.planNotes = append(r.planNotes, finding{Kind: kindUnjudgedType, Severity: severityWarning,
			Summary: fmt.Sprintf("ICP guard (备案检查) does not read %s", t),
			Detail: fmt.Sprintf("The plan has %s resources, which look like DNS records, and beian-guard does not know which of their arguments hold a record's name and value (it reads %s). "+
				"Their records were not judged. Give their name, type and value to beian_record_guard instead (see the guide \"ICP guard for other DNS providers\").",
				t, strings.Join(planjson.ResourceTypes(), ", "))})
	}
}

// sensitiveValue stands for a value the plan marks sensitive, in every output.
const sensitiveValue = "(sensitive value)"

// mask hides a sensitive value wherever the report would show it: the record's ends and
// the guard's texts (which name the address or host they judged).
func (r *result) mask(value string) {
	for i := range r.ends {
		r.ends[i].Target = strings.ReplaceAll(r.ends[i].Target, value, sensitiveValue)
		r.ends[i].Evidence = strings.ReplaceAll(r.ends[i].Evidence, value, sensitiveValue)
		for k := range r.ends[i].Via {
			r.ends[i].Via[k] = strings.ReplaceAll(r.ends[i].Via[k], value, sensitiveValue)
		}
	}
	for i := range r.findings {
		r.findings[i].Summary = strings.ReplaceAll(r.findings[i].Summary, value, sensitiveValue)
		r.findings[i].Detail = strings.ReplaceAll(r.findings[i].Detail, value, sensitiveValue)
	}
}

// unknownFinding says a record's value is known only after apply.
func (r *report) unknownFinding(rec planjson.Record) finding {
	f := finding{Kind: kindUnknownValue, Severity: severityWarning, Blocks: r.unknownFail}
	if r.unknownFail {
		f.Severity = severityError
	}
	name := rec.Name
	if name == "" {
		name = rec.Address
	}
	f.Summary = fmt.Sprintf("ICP guard (备案检查) cannot judge %s from the plan: %s known only after apply", name, joinAnd(rec.Unknown))
	f.Detail = fmt.Sprintf("%s takes %s from a value that is known only after apply (for example the address of a server created in the same apply), "+
		"so the plan does not say where %s will point, and the ICP filing (备案) requirement was not checked.\n\n", rec.Address, joinAnd(rec.Unknown), name)
	if rec.ResourceType == "beian_dns_record" {
		f.Detail += "beian_dns_record checks it itself just before it is written. "
	} else {
		f.Detail += "Judge it again on a plan made once that value exists (apply the server first, e.g. with -target), or give the record to beian_record_guard, which is read during the apply before the record is written. "
	}
	if r.unknownFail {
		f.Detail += "It is an error because unknown_values = \"fail\"."
	} else {
		f.Detail += "Set unknown_values = \"fail\" to make this an error."
	}
	return f
}

// chainFinding says a record's CNAME chain runs into a record of the plan whose value is
// known only after apply.
func (r *report) chainFinding(rec planjson.Record, host, addr string) finding {
	f := finding{Kind: kindUnknownValue, Severity: severityWarning, Blocks: r.unknownFail}
	if r.unknownFail {
		f.Severity = severityError
	}
	f.Summary = fmt.Sprintf("ICP guard (备案检查) cannot judge %s → %s from the plan: %s is known only after apply", rec.Name, host, host)
	f.Detail = fmt.Sprintf("%s (%s) leads to %s, whose record %s takes its value from something known only after apply, so the plan does not say where %s ends. "+
		"The ICP filing (备案) requirement was not checked.", rec.Name, rec.Type, host, addr, rec.Name)
	return f
}

func joinAnd(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

// exitCode is 2 when something could not be judged (an error finding of kind
// cannot_judge, or an unknown value with unknown_values = "fail"), else 1 when a record
// violates (an error finding), else 0.
func (r *report) exitCode() int {
	code := exitClean
	for _, res := range r.results {
		for _, f := range res.findings {
			if f.Severity != severityError {
				continue
			}
			if f.Kind == kindCannotJudge || f.Kind == kindUnknownValue {
				return exitCannot
			}
			code = exitViolations
		}
	}
	return code
}

// counts summarises the report.
type counts struct {
	Records     int `json:"records"`
	Changed     int `json:"created_or_changed"`
	Unchanged   int `json:"unchanged"`
	Violations  int `json:"violations"`
	Errors      int `json:"errors"`
	Warnings    int `json:"warnings"`
	CannotJudge int `json:"could_not_judge"`
}

func (r *report) counts() counts {
	var c counts
	for _, res := range r.results {
		c.Records++
		if res.rec.Changed {
			c.Changed++
		} else {
			c.Unchanged++
		}
		cannot := false
		for _, f := range res.findings {
			switch f.Severity {
			case severityError:
				c.Errors++
			default:
				c.Warnings++
			}
			if f.Blocks {
				c.Violations++
			}
			if f.Severity == severityError && (f.Kind == kindCannotJudge || f.Kind == kindUnknownValue) {
				cannot = true
			}
		}
		if cannot {
			c.CannotJudge++
		}
	}
	c.Warnings += len(r.planNotes)
	return c
}
