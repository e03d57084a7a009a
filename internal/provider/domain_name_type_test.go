package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestDomainNameSemanticEquals(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"example.com", "Example.COM.", true},
		{"例子.中国", "xn--fsqu00a.xn--fiqs8s", true},
		{"例子.中国", "XN--FSQU00A.xn--fiqs8s.", true},
		{"example.com", "example.net", false},
		{"example.com", "www.example.com", false},
		{"not a domain", "NOT A DOMAIN", true}, // not names: compared without case
	} {
		eq, diags := domainNameValue(tc.a).StringSemanticEquals(ctx, domainNameValue(tc.b))
		if diags.HasError() || eq != tc.want {
			t.Errorf("%q vs %q: equal = %v (%v), want %v", tc.a, tc.b, eq, diags, tc.want)
		}
	}
	if _, diags := domainNameValue("a.com").StringSemanticEquals(ctx, types.StringValue("a.com")); !diags.HasError() {
		t.Error("comparing with a plain string must be reported as a bug, not answered")
	}
}

// The type round-trips through Terraform values as a domainName, null and unknown too.
func TestDomainNameTypeFromTerraform(t *testing.T) {
	ctx := context.Background()
	for _, in := range []tftypes.Value{
		tftypes.NewValue(tftypes.String, "例子.中国"),
		tftypes.NewValue(tftypes.String, nil),
		tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
	} {
		v, err := domainNameType{}.ValueFromTerraform(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := v.(domainName)
		if !ok {
			t.Fatalf("ValueFromTerraform(%v) = %T, want domainName", in, v)
		}
		back, err := d.ToTerraformValue(ctx)
		if err != nil || !back.Equal(in) {
			t.Errorf("round trip of %v = %v, %v", in, back, err)
		}
		if !d.Type(ctx).Equal(domainNameType{}) {
			t.Errorf("Type() = %v", d.Type(ctx))
		}
	}
}

// Only another domain replaces: another spelling does not; a value known only at apply
// replaces as the resource says.
func TestReplaceOnOtherDomain(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		state, plan     types.String
		unknownReplaces bool
		want            bool
	}{
		{types.StringValue("例子.中国"), types.StringValue("XN--FSQU00A.xn--fiqs8s."), true, false},
		{types.StringValue("example.com"), types.StringValue("example.net"), false, true},
		{types.StringValue("example.com"), types.StringUnknown(), true, true},
		{types.StringValue("example.com"), types.StringUnknown(), false, false},
	} {
		m := replaceOnOtherDomain(tc.unknownReplaces, "d")
		req := planmodifier.StringRequest{StateValue: tc.state, PlanValue: tc.plan, ConfigValue: tc.plan,
			State: tfsdk.State{Raw: tftypes.NewValue(tftypes.String, "x")}, Plan: tfsdk.Plan{Raw: tftypes.NewValue(tftypes.String, "x")}}
		resp := &planmodifier.StringResponse{PlanValue: tc.plan}
		m.PlanModifyString(ctx, req, resp)
		if resp.RequiresReplace != tc.want {
			t.Errorf("%v → %v (unknown replaces: %v): replace = %v, want %v", tc.state, tc.plan, tc.unknownReplaces, resp.RequiresReplace, tc.want)
		}
	}
}
