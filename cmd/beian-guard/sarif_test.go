package main

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	// The official SARIF 2.1.0 JSON schema (OASIS, errata 01) comes with this module from
	// the Go module proxy, as the constant `schema` of this package; it is imported only so
	// that the module is downloaded with the tests' dependencies.
	_ "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// sarifSchemaURL is the schema's id, as the schema itself states it.
const sarifSchemaURL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// officialSARIFSchema returns the SARIF 2.1.0 schema: the string constant `schema` of
// go-sarif's v210/sarif package, read from the module's source in the module cache.
func officialSARIFSchema(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	file := filepath.Join(strings.TrimSpace(string(out)), "schema.go")
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs, ok := spec.(*ast.ValueSpec)
			if ok && len(vs.Names) == 1 && vs.Names[0].Name == "schema" && len(vs.Values) == 1 {
				lit, ok := vs.Values[0].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s: schema is not a string literal", file)
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(s, `"id": "`+sarifSchemaURL+`"`) {
					t.Fatalf("%s: the schema is not the OASIS SARIF 2.1.0 schema", file)
				}
				return s
			}
		}
	}
	t.Fatalf("%s has no const schema", file)
	return ""
}

// compileSARIFSchema compiles the official schema (draft-04) with formats asserted.
func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(officialSARIFSchema(t)))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(sarifSchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(sarifSchemaURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// beian-guard's SARIF validates against the SARIF 2.1.0 schema, for every plan and every
// kind of finding (violations, warnings, records that cannot be judged, record types it
// does not read), and carries what GitHub code scanning needs: a file and line for each
// result, the resource address, a stable fingerprint.
func TestSARIFValidatesAgainstTheSchema(t *testing.T) {
	schema := compileSARIFSchema(t)
	dir := t.TempDir()
	src, err := os.ReadFile("../../internal/provider/testdata/beian_guard/aws.tf")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "main.tf"), src, 0o600)
	inputs, _ := filepath.Glob(filepath.Join(plans, "*.json"))
	inputs = append(inputs, "../../internal/planjson/testdata/modules.json")
	kinds := map[string]bool{}
	for _, plan := range inputs {
		t.Run(filepath.Base(plan), func(t *testing.T) {
			code, stdout, stderr := guardRun(t, noCloud, "check", "--format", "sarif", "--chdir", dir, plan)
			if code == exitCannot && !strings.Contains(plan, "modules") {
				t.Fatalf("exit 2: %s", stderr)
			}
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(stdout))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Fatalf("the SARIF does not validate: %v\n%s", err, stdout)
			}
			var log sarifLog
			if err := json.Unmarshal([]byte(stdout), &log); err != nil {
				t.Fatal(err)
			}
			if len(log.Runs) != 1 || len(log.Runs[0].Results) == 0 {
				t.Fatalf("no results:\n%s", stdout)
			}
			for _, r := range log.Runs[0].Results {
				kinds[r.RuleID] = true
				loc := r.Locations[0]
				if loc.PhysicalLocation == nil || loc.PhysicalLocation.ArtifactLocation.URI == "" || r.PartialFingerprints["beianGuardFinding/v1"] == "" {
					t.Errorf("result %s has no file or fingerprint: %+v", r.RuleID, r)
				}
				if r.Level == "error" && len(loc.LogicalLocations) == 0 {
					t.Errorf("error %s names no resource", r.RuleID)
				}
				if filepath.Base(plan) == "aws.json" && (loc.PhysicalLocation.ArtifactLocation.URI != "main.tf" || loc.PhysicalLocation.Region == nil) {
					t.Errorf("aws: result at %+v, want main.tf and a line", loc.PhysicalLocation)
				}
			}
		})
	}
	for _, k := range []string{"no_filing", "cannot_judge", "unknown_value", "unjudged_type", "unfollowed", "unknown_location"} {
		if !kinds[k] {
			t.Errorf("no plan produced a %s result: the schema was not checked against it", k)
		}
	}
}

// The validation is not vacuous: SARIF that breaks the schema fails it.
func TestSARIFSchemaRejectsInvalidLogs(t *testing.T) {
	schema := compileSARIFSchema(t)
	for _, doc := range []string{
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"beian-guard"}},"results":[{"level":"fatal","message":{"text":"x"}}]}]}`,
		`{"version":"2.0.0","runs":[]}`,
		`{"version":"2.1.0","runs":[{"results":[]}]}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(doc)))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Errorf("validated: %s", doc)
		}
	}
}
