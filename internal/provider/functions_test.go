package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// Every provider function at once; each function's own tests are in function_<name>_test.go.

// TestAccFunction_examples runs the documentation examples of every function,
// so that the registry docs show configurations that work.
func TestAccFunction_examples(t *testing.T) {
	t.Parallel()
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
			resource.ParallelTest(t, resource.TestCase{
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
