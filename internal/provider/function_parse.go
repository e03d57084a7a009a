package provider

import (
	"context"
	"fmt"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Provider-defined functions (Terraform ≥ 1.8, OpenTofu ≥ 1.7) are called as
// provider::beian::<name>(…). They are pure: no provider configuration, no
// credentials and no network. One file per function (function_<name>.go); a
// new function is one file plus one line in beianProvider.Functions.

// numberParser is the one implementation of the parse_* functions: a single
// string argument `number`, parsed by an icp parser into a result struct R
// whose tfsdk-tagged fields are the attributes of the returned object.
type numberParser[R any] struct {
	name        string
	summary     string
	description string // markdown: the forms accepted and the attributes returned
	example     string // a valid number, for the parameter's description
	kind        icp.NumberKind
	parse       func(string) (R, error)
}

var _ function.Function = (*numberParser[struct{}])(nil)

func (f *numberParser[R]) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f *numberParser[R]) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:             f.summary,
		MarkdownDescription: f.description + "\n\nA malformed number is an error that quotes it, says what is wrong and shows the expected form.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "number", MarkdownDescription: fmt.Sprintf("The %s, e.g. `%s`.", f.kind, f.example)},
		},
		Return: function.ObjectReturn{AttributeTypes: objectAttrTypes[R]()},
	}
}

func (f *numberParser[R]) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var s string
	if resp.Error = req.Arguments.Get(ctx, &s); resp.Error != nil {
		return
	}
	r, err := f.parse(s)
	if err != nil {
		resp.Error = numberArgError(0, "number", f.kind, err)
		return
	}
	resp.Error = resp.Result.Set(ctx, r)
}

// numberArgError is the function error for a number argument the icp parsers
// rejected; the parser's message quotes the value, says what is wrong and
// shows the expected form.
func numberArgError(pos int64, arg string, kind icp.NumberKind, err error) *function.FuncError {
	return function.NewArgumentFuncError(pos, fmt.Sprintf("%s is not a valid %s: %v", arg, kind, err))
}

// objectAttrTypes returns the object attribute types of a result struct: one
// attribute per field with a tfsdk tag, of string, int64 or bool type. Any
// other field type is a programming error, caught by every test that calls
// a function's Definition.
func objectAttrTypes[R any]() map[string]attr.Type {
	t := reflect.TypeFor[R]()
	out := make(map[string]attr.Type, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		name := field.Tag.Get("tfsdk")
		if name == "" {
			continue
		}
		switch field.Type.Kind() {
		case reflect.String:
			out[name] = types.StringType
		case reflect.Int64:
			out[name] = types.Int64Type
		case reflect.Bool:
			out[name] = types.BoolType
		default:
			panic(fmt.Sprintf("objectAttrTypes: field %s.%s has unsupported type %s", t.Name(), field.Name, field.Type))
		}
	}
	return out
}
