package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// A domain name attribute whose spellings of one name are one value: case, a trailing dot,
// and an internationalised name or its punycode (例子.中国 and xn--fsqu00a.xn--fiqs8s) make
// no difference (icp.NormalizeDomain). The framework asks StringSemanticEquals when Read,
// Create or Update return another spelling of the planned or prior value, and keeps that
// value when they are equal: a refresh that reads the punycode back leaves the user's
// spelling, with no diff. A new spelling in the configuration is still a change (Terraform
// requires the planned value of an argument to be the configuration's), an update of the
// spelling only: replaceOnOtherDomain, by the same equality, does not replace the resource.

var (
	_ basetypes.StringTypable                    = domainNameType{}
	_ basetypes.StringValuableWithSemanticEquals = domainName{}
)

// domainNameType is the type of a domain name attribute (CustomType).
type domainNameType struct{ basetypes.StringType }

func (t domainNameType) Equal(o attr.Type) bool {
	other, ok := o.(domainNameType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t domainNameType) String() string { return "provider.domainNameType" }

func (t domainNameType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return domainName{StringValue: in}, nil
}

func (t domainNameType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T for a domain name", v)
	}
	return domainName{StringValue: s}, nil
}

func (t domainNameType) ValueType(context.Context) attr.Value { return domainName{} }

// domainName is a value of domainNameType.
type domainName struct{ basetypes.StringValue }

func (v domainName) Type(context.Context) attr.Type { return domainNameType{} }

func (v domainName) Equal(o attr.Value) bool {
	other, ok := o.(domainName)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals reports whether the new value names the same domain as v.
func (v domainName) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	n, ok := newValuable.(domainName)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("a domain name was compared with a value of type %T; this is a bug in the beian provider", newValuable))
		return false, diags
	}
	return sameDomain(v.ValueString(), n.ValueString()), diags
}

// replaceOnOtherDomain replaces the resource when the planned domain is another domain
// than the state's by domainName's semantic equality; another spelling of the same one is
// an update of the spelling in state. unknownReplaces says whether a value known only at
// apply replaces it.
func replaceOnOtherDomain(unknownReplaces bool, desc string) planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		if req.PlanValue.IsUnknown() || req.StateValue.IsUnknown() {
			resp.RequiresReplace = unknownReplaces
			return
		}
		same, diags := domainNameValue(req.StateValue.ValueString()).StringSemanticEquals(ctx, domainNameValue(req.PlanValue.ValueString()))
		resp.Diagnostics.Append(diags...)
		resp.RequiresReplace = !same
	}, desc, desc)
}

// domainNameValue is a known domain name.
func domainNameValue(s string) domainName {
	return domainName{StringValue: basetypes.NewStringValue(s)}
}

// domainNameNull is a null domain name.
func domainNameNull() domainName { return domainName{StringValue: basetypes.NewStringNull()} }

// sameDomain reports whether a and b name the same domain (icp.NormalizeDomain); two
// values that are not domain names are compared without case and surrounding spaces.
func sameDomain(a, b string) bool {
	na, errA := icp.NormalizeDomain(a)
	nb, errB := icp.NormalizeDomain(b)
	if errA != nil || errB != nil {
		return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
	}
	return na == nb
}
