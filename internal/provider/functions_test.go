package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runFunction calls a function's Run the way the framework does: arguments
// as framework values, the result pre-set to an unknown of the return type.
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

func TestFunctionParseICPNumber(t *testing.T) {
	f := NewParseICPNumberFunction()
	tests := []struct {
		in                             string
		province, code, serial, entity string
		index                          int64
		site                           bool
	}{
		{"京ICP备10046444号-9", "北京", "11", "10046444", "京ICP备10046444号", 9, true},
		{" 粤ICP备2021012345号\n", "广东", "44", "2021012345", "粤ICP备2021012345号", 0, false},
		{"蜀icp备００１２３４５６号－2", "四川", "51", "00123456", "蜀ICP备00123456号", 2, true},
	}
	for _, tt := range tests {
		got, err := runFunction(t, f, fnStr(tt.in))
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		want := fnObject(t, icpNumberAttrTypes, map[string]attr.Value{
			"province": fnStr(tt.province), "province_code": fnStr(tt.code), "serial": fnStr(tt.serial),
			"site_index": types.Int64Value(tt.index), "is_site_number": types.BoolValue(tt.site), "entity_number": fnStr(tt.entity),
		})
		if !got.Equal(want) {
			t.Errorf("%q:\n got  %s\n want %s", tt.in, got, want)
		}
	}
	for in, parts := range map[string][]string{
		"浙ICP备123号":            {`number is not a valid ICP filing number (ICP备案号)`, `"浙ICP备123号"`, "6–10 digits (got 3)", "浙ICP备12345678号-1"},
		"":                     {"the number is empty"},
		"港ICP备12345678号":       {"Hong Kong, Macau and Taiwan issue no ICP filings"},
		"浙B2-20080101":         {"commercial ICP licence number (经营性ICP许可证), not an ICP filing number"},
		"京ICP备10046444号-0":     {"without leading zeros"},
		"京公网安备11010502030143号": {"public security filing number (公安联网备案号), not an ICP filing number"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

func TestFunctionParsePublicSecurityNumber(t *testing.T) {
	f := NewParsePublicSecurityNumberFunction()
	got, err := runFunction(t, f, fnStr("京公网安备11010502030143号"))
	if err != nil {
		t.Fatal(err)
	}
	want := fnObject(t, publicSecurityAttrTypes, map[string]attr.Value{
		"province": fnStr("北京"), "province_code": fnStr("11"), "code": fnStr("11010502030143"),
		"query_url": fnStr("https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"),
	})
	if !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
	for in, parts := range map[string][]string{
		"京公网安备44010502030143号": {"number is not a valid public security filing number (公安联网备案号)", "starts with 44, the division code of 广东 (Guangdong)", "北京 (Beijing)"},
		"京公网安备1101050203014号":  {"must have 14 digits (got 13)"},
		"京ICP备10046444号":       {"this is an ICP filing number (ICP备案号), not a public security filing number"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

func TestFunctionParseICPLicense(t *testing.T) {
	f := NewParseICPLicenseFunction()
	for in, want := range map[string][4]string{
		"浙B2-20080101": {"浙江", "33", "B2", "20080101"},
		"京ICP证030173号": {"北京", "11", "ICP证", "030173"},
	} {
		got, err := runFunction(t, f, fnStr(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		w := fnObject(t, licenseAttrTypes, map[string]attr.Value{
			"province": fnStr(want[0]), "province_code": fnStr(want[1]), "kind": fnStr(want[2]), "number": fnStr(want[3]),
		})
		if !got.Equal(w) {
			t.Errorf("%q: got %s, want %s", in, got, w)
		}
	}
	for in, parts := range map[string][]string{
		"浙B2-2008010":    {"number is not a valid commercial ICP licence (经营性ICP许可证)", `must have 8 digits (got 7)`},
		"京ICP备10046444号": {"this is an ICP filing number (ICP备案号), not a commercial ICP licence"},
		"浙B1-20080101":   {"category B1 is not the commercial ICP licence category B2"},
	} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, parts...)
	}
}

func TestFunctionIsMainlandRegion(t *testing.T) {
	f := NewIsMainlandRegionFunction()
	for in, want := range map[string]bool{
		"cn-hangzhou": true, "cn-shanghai-finance-1": true, "cn-hangzhou-h": true, " CN-Beijing ": true,
		"cn-hongkong": false, "cn-hongkong-b": false, "ap-southeast-1": false, "us-west-1": false,
	} {
		got, err := runFunction(t, f, fnStr(in))
		if err != nil {
			t.Fatalf("%q: %v", in, err)
		}
		if !got.Equal(types.BoolValue(want)) {
			t.Errorf("%q: got %s, want %v", in, got, want)
		}
	}
	for _, in := range []string{"", "hangzhou", "cn_hangzhou", "cn-", "杭州"} {
		_, err := runFunction(t, f, fnStr(in))
		wantFuncError(t, err, 0, "region_id = ", "is not an Alibaba Cloud region ID (地域ID)", "cn-hangzhou")
	}
}

func TestFunctionFooterHTML(t *testing.T) {
	f := NewFooterHTMLFunction()
	const (
		icpLink = `<a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">`
		psLink  = `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234" target="_blank" rel="noreferrer">`
	)
	tests := []struct {
		icp string
		ps  attr.Value
		out string
	}{
		{"浙ICP备12345678号-1", fnStr("浙公网安备33010602011234号"), icpLink + `浙ICP备12345678号-1</a> ` + psLink + `浙公网安备33010602011234号</a>`},
		{"浙ICP备12345678号-1", fnStr(""), icpLink + `浙ICP备12345678号-1</a>`},
		{"浙ICP备12345678号-1", types.StringNull(), icpLink + `浙ICP备12345678号-1</a>`},
		{"粤ICP备2021012345号-3", types.StringNull(), icpLink + `粤ICP备2021012345号</a>`}, // Guangdong shows the entity number
	}
	for _, tt := range tests {
		got, err := runFunction(t, f, fnStr(tt.icp), tt.ps)
		if err != nil {
			t.Fatalf("%q, %s: %v", tt.icp, tt.ps, err)
		}
		if !got.Equal(fnStr(tt.out)) {
			t.Errorf("%q, %s:\n got  %s\n want %q", tt.icp, tt.ps, got, tt.out)
		}
	}
	_, err := runFunction(t, f, fnStr("浙ICP备12号"), types.StringNull())
	wantFuncError(t, err, 0, "icp_number is not a valid ICP filing number (ICP备案号)", `"浙ICP备12号"`)
	_, err = runFunction(t, f, fnStr("浙ICP备12345678号-1"), fnStr("浙公网安备11010502030143号"))
	wantFuncError(t, err, 1, "public_security_number is not a valid public security filing number (公安联网备案号)", "the division code of 北京")
}
