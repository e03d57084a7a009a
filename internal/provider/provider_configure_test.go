package provider

import (
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
)

// A problem of the client's settings is reported on the attribute it names: a nested
// setting, a list entry, or (not a Problem) on the provider.
func TestProblemDiagNamesTheAttribute(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want path.Path
	}{
		{guardconfig.Problem{Setting: "assume_role.session_expiration", Index: -1, Summary: "Invalid session expiration", Detail: "d"},
			path.Root("assume_role").AtName("session_expiration")},
		{guardconfig.Problem{Setting: "account_lookup_methods", Index: 1, Summary: "Invalid account lookup method", Detail: "d"},
			path.Root("account_lookup_methods").AtListIndex(1)},
		{guardconfig.Problem{Setting: "declared_filings", Index: -1, Key: "example.com", Summary: "Invalid ICP number", Detail: "d"},
			path.Root("declared_filings").AtMapKey("example.com")},
		{errors.New("other"), path.Empty()},
	} {
		diags := problemDiag(tc.err)
		if len(diags) != 1 || diags[0].Severity() != diag.SeverityError {
			t.Fatalf("%v: %v", tc.err, diags)
		}
		var at path.Path
		if d, ok := diags[0].(diag.DiagnosticWithPath); ok {
			at = d.Path()
		}
		if at.String() != tc.want.String() {
			t.Errorf("%v reported at %v, want %v", tc.err, at, tc.want)
		}
	}
}
