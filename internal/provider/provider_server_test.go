package provider

import (
	"maps"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The provider's logs are turned off only when no variable asks for them.
func TestQuietUnlessAsked(t *testing.T) {
	for _, tc := range []struct {
		env   []string
		quiet bool
	}{
		{nil, true},
		{[]string{"HOME=/root", "TF_LOG=", "TF_LOG_PATH=/tmp/tf.log", "TF_LOG_CORE=TRACE"}, true},
		{[]string{"TF_LOG=DEBUG"}, false},
		{[]string{"TF_LOG_PROVIDER=INFO"}, false},
		{[]string{"TF_LOG_PROVIDER_BEIAN=TRACE"}, false},
		{[]string{"TF_LOG_SDK_FRAMEWORK=TRACE"}, false},
	} {
		set := map[string]string{}
		quietUnlessAsked(tc.env, func(k, v string) error { set[k] = v; return nil })
		keys := slices.Sorted(maps.Keys(set))
		if tc.quiet && (!slices.Equal(keys, []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}) || set["TF_LOG_SDK"] != "OFF") {
			t.Errorf("%q: set %v, want every SDK and provider level OFF", tc.env, set)
		}
		if !tc.quiet && len(set) != 0 {
			t.Errorf("%q: set %v, want the levels left to the variables", tc.env, set)
		}
	}
}

// A provider-level failure is reported once: the first error carrying it becomes the
// provider-level error, later ones are dropped where allowed and shortened elsewhere;
// other diagnostics pass.
func TestRunFailureReportedOnce(t *testing.T) {
	f := &runFailure{}
	f.set("no Alibaba Cloud credentials found", "Alibaba Cloud credentials (阿里云凭证) are missing or conflicting", "full detail")
	errd := func(summary, detail string) *tfprotov6.Diagnostic {
		return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: summary, Detail: detail}
	}
	warn := &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "w", Detail: "no Alibaba Cloud credentials found"}
	first := f.filter([]*tfprotov6.Diagnostic{errd("Cannot plan", "Cause: no Alibaba Cloud credentials found."), errd("Guard", "Cause: no Alibaba Cloud credentials found"), warn, errd("other", "x")}, true)
	if len(first) != 3 || first[0].Summary != "Alibaba Cloud credentials (阿里云凭证) are missing or conflicting" || first[0].Detail != "full detail" || first[1] != warn || first[2].Summary != "other" {
		t.Fatalf("first response: %+v", first)
	}
	if again := f.filter([]*tfprotov6.Diagnostic{errd("Cannot plan", "no Alibaba Cloud credentials found")}, true); len(again) != 0 {
		t.Errorf("a plan after the first: %+v, want it dropped", again)
	}
	short := f.filter([]*tfprotov6.Diagnostic{errd("Cannot create", "no Alibaba Cloud credentials found"), errd("Cannot create 2", "no Alibaba Cloud credentials found")}, false)
	if len(short) != 1 || short[0].Severity != tfprotov6.DiagnosticSeverityError || short[0].Summary != "Not done: Alibaba Cloud credentials (阿里云凭证) are missing or conflicting" {
		t.Errorf("a write after the first: %+v, want one short error", short)
	}
	// A new run (ConfigureProvider) without the failure passes everything.
	f.set("", "", "")
	if d := f.filter([]*tfprotov6.Diagnostic{errd("x", "no Alibaba Cloud credentials found")}, true); len(d) != 1 || d[0].Summary != "x" {
		t.Errorf("after a run without the failure: %+v", d)
	}
}
