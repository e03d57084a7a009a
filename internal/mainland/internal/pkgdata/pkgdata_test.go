package pkgdata

import (
	"strings"
	"testing"
)

func TestParsePin(t *testing.T) {
	p, err := ParsePin("@ip-location-db/asn@2.3.2026061719=sha512-AAAA")
	if err != nil || p.Package != "@ip-location-db/asn" || p.Version != "2.3.2026061719" || p.Integrity != "sha512-AAAA" {
		t.Fatalf("%+v %v", p, err)
	}
	if d, err := p.Date(); err != nil || d != "2026-06-17" {
		t.Errorf("date %q %v", d, err)
	}
	if u := p.TarballURL(); u != "https://registry.npmjs.org/@ip-location-db/asn/-/asn-2.3.2026061719.tgz" {
		t.Errorf("tarball %s", u)
	}
	for _, bad := range []string{"@ip-location-db/asn@2.3.2026061719", "asn=sha512-AAAA", "@x/y@1=sha1-AAAA"} {
		if _, err := ParsePin(bad); err == nil || !strings.Contains(err.Error(), "is not name@version=sha512-") {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := (Pin{Version: "latest"}).Date(); err == nil {
		t.Error("a version without a build stamp has a date")
	}
}
