package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Calling the provider functions directly, as the framework does (see testkit_test.go);
// function_<name>_test.go use these, and the acceptance tests of functions skip on CLIs
// without provider functions (functionVersionChecks).

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

// fnStr is a string argument or result.
func fnStr(s string) attr.Value { return types.StringValue(s) }

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
