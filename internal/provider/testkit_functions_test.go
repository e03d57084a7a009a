package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Test helpers of the provider functions (function_*_test.go).

// Provider-defined functions need Terraform ≥ 1.8 (OpenTofu ≥ 1.7).
var functionVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}

// runFunction calls a function's Run the way the framework does: arguments
// as framework values, the result pre-set to an unknown of the return type.
// It fails the test when the function's definition is invalid.
func runFunction(t *testing.T, f function.Function, args ...attr.Value) (attr.Value, *function.FuncError) {
	t.Helper()
	ctx := context.Background()
	var def function.DefinitionResponse
	f.Definition(ctx, function.DefinitionRequest{}, &def)
	if len(def.Definition.Parameters) != len(args) {
		t.Fatalf("function takes %d arguments, test passes %d", len(def.Definition.Parameters), len(args))
	}
	var meta function.MetadataResponse
	f.Metadata(ctx, function.MetadataRequest{}, &meta)
	var vr function.DefinitionValidateResponse
	def.Definition.ValidateImplementation(ctx, function.DefinitionValidateRequest{FuncName: meta.Name}, &vr)
	if vr.Diagnostics.HasError() {
		t.Fatalf("invalid definition of %s: %v", meta.Name, vr.Diagnostics)
	}
	result, ferr := def.Definition.Return.NewResultData(ctx)
	if ferr != nil {
		t.Fatal(ferr)
	}
	resp := function.RunResponse{Result: result}
	f.Run(ctx, function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	return resp.Result.Value(), resp.Error
}

func fnStr(s string) attr.Value { return types.StringValue(s) }

// fnObject builds the object value a function is expected to return.
func fnObject(t *testing.T, attrTypes map[string]attr.Type, vals map[string]attr.Value) attr.Value {
	t.Helper()
	o, diags := types.ObjectValue(attrTypes, vals)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return o
}

// wantFuncError checks that err is an argument error for position pos whose
// text contains every part.
func wantFuncError(t *testing.T, err *function.FuncError, pos int64, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one mentioning %q", parts)
	}
	if err.FunctionArgument == nil || *err.FunctionArgument != pos {
		t.Errorf("error %q is not about argument %d (got %v)", err.Text, pos, err.FunctionArgument)
	}
	for _, p := range parts {
		if !strings.Contains(err.Text, p) {
			t.Errorf("error %q lacks %q", err.Text, p)
		}
	}
}

// cliErrorPattern matches the parts of a message, in order, in CLI output
// that wraps lines at spaces.
func cliErrorPattern(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}

// hclString writes s as an HCL quoted string: quotes and backslashes escaped,
// template sequences (${, %{) doubled, and characters that are not printable
// (the ideographic and no-break spaces real numbers contain) as \uNNNN, so the
// CLI receives exactly s.
func hclString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case (r == '$' || r == '%') && strings.HasPrefix(s[i+1:], "{"):
			b.WriteRune(r)
			b.WriteRune(r)
		case r == ' ' || (unicode.IsPrint(r) && r < 0x10000):
			b.WriteRune(r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestAccFunction_examples runs the documentation examples of every function,
// so that the registry docs show configurations that work.
func TestAccFunction_examples(t *testing.T) {
	for _, newFunc := range (&beianProvider{}).Functions(context.Background()) {
		var meta function.MetadataResponse
		newFunc().Metadata(context.Background(), function.MetadataRequest{}, &meta)
		name := meta.Name
		t.Run(name, func(t *testing.T) {
			cfg, err := os.ReadFile(filepath.Join(examplesDir, "functions", name, "function.tf"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(cfg), "provider::beian::"+name+"(") {
				t.Fatalf("the example of %s does not call it", name)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				TerraformVersionChecks:   functionVersionChecks,
				Steps:                    []resource.TestStep{{Config: string(cfg)}},
			})
		})
	}
}

// TestFunctionDefinitions checks every function of the provider: a valid
// definition, a summary and a description, one file function_<name>.go
// with its test file beside it.
func TestFunctionDefinitions(t *testing.T) {
	seen := map[string]bool{}
	for _, newFunc := range (&beianProvider{}).Functions(context.Background()) {
		f := newFunc()
		ctx := context.Background()
		var meta function.MetadataResponse
		f.Metadata(ctx, function.MetadataRequest{}, &meta)
		if seen[meta.Name] {
			t.Errorf("function %s listed twice", meta.Name)
		}
		seen[meta.Name] = true
		var def function.DefinitionResponse
		f.Definition(ctx, function.DefinitionRequest{}, &def)
		var vr function.DefinitionValidateResponse
		def.Definition.ValidateImplementation(ctx, function.DefinitionValidateRequest{FuncName: meta.Name}, &vr)
		if vr.Diagnostics.HasError() || def.Diagnostics.HasError() {
			t.Errorf("%s: invalid definition: %v %v", meta.Name, vr.Diagnostics, def.Diagnostics)
		}
		if def.Definition.Summary == "" || len(def.Definition.MarkdownDescription) < 100 {
			t.Errorf("%s: summary or description missing", meta.Name)
		}
		for _, p := range def.Definition.Parameters {
			if p.GetMarkdownDescription() == "" {
				t.Errorf("%s: parameter %s has no description", meta.Name, p.GetName())
			}
		}
		for _, file := range []string{"function_" + meta.Name + ".go", "function_" + meta.Name + "_test.go"} {
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s: %v (one file per function, scaffolding style)", meta.Name, err)
			}
		}
	}
	if len(seen) == 0 {
		t.Fatal("the provider lists no functions")
	}
}
