package provider

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// Right after a purchase BSS may still report ManualRenewal: Create keeps the planned
// auto_renew with a warning (an error would taint a resource that cannot be created
// again), Update reports an error, and a refresh takes BSS's value.
func TestDomainReadIntoAutoRenewBillingLag(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "lagging.com", RealNameStatus: "SUCCEED",
		RegistrationDate: "2024-03-01", ExpirationDate: "2027-03-01", InstanceID: "S20240301000077"}); err != nil {
		t.Fatal(err)
	}
	r := &domainResource{resourceBase{data: &providerData{client: emuClient(t, srv), now: time.Now}}}
	model := func() domainModel {
		return domainModel{DomainName: domainNameValue("lagging.com"), AutoRenew: types.BoolValue(true),
			DNSServers: types.SetNull(types.StringType)}
	}
	ctx := context.Background()

	m := model()
	found, diags := r.readDomainInto(ctx, &m, autoRenewKeepPlanned)
	if !found || diags.HasError() || diags.WarningsCount() != 1 || !m.AutoRenew.ValueBool() {
		t.Fatalf("create: found=%v auto_renew=%v diags=%v; want the planned true kept with one warning", found, m.AutoRenew, diags)
	}
	if !strings.Contains(diags[0].Detail(), "ManualRenewal") {
		t.Errorf("warning does not say what BSS reported: %s", diags[0].Detail())
	}

	m = model()
	if _, diags = r.readDomainInto(ctx, &m, autoRenewStrict); !diags.HasError() {
		t.Fatalf("update: diags=%v, want an error", diags)
	}

	m = model()
	if _, diags = r.readDomainInto(ctx, &m, autoRenewRead); diags.HasError() || diags.WarningsCount() != 0 || m.AutoRenew.ValueBool() {
		t.Fatalf("refresh: auto_renew=%v diags=%v, want BSS's false and no diagnostics", m.AutoRenew, diags)
	}
}

// RenewStatus NotRenewal (不续费, one of the three values of the BSS model) reads as
// auto_renew = false with a warning that the domain, and its filing, will lapse.
func TestDomainReadNotRenewal(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "lapsing.com", InstanceID: "S20240301000078", RenewStatus: "NotRenewal"}); err != nil {
		t.Fatal(err)
	}
	r := &domainResource{resourceBase{data: &providerData{client: emuClient(t, srv), now: time.Now}}}
	m := domainModel{DomainName: domainNameValue("lapsing.com"), AutoRenew: types.BoolValue(false), DNSServers: types.SetNull(types.StringType)}
	found, diags := r.readDomainInto(context.Background(), &m, autoRenewRead)
	if !found || diags.HasError() || diags.WarningsCount() != 1 || m.AutoRenew.ValueBool() {
		t.Fatalf("found=%v auto_renew=%v diags=%v; want false and one warning", found, m.AutoRenew, diags)
	}
	if d := diags[0].Summary() + diags[0].Detail(); !strings.Contains(d, "NotRenewal") || !strings.Contains(d, "不续费") || !strings.Contains(d, "备案") {
		t.Errorf("warning does not explain NotRenewal: %s", d)
	}
}

func TestDomainStatusName(t *testing.T) {
	for code, want := range map[string]string{"1": "URGENT_RENEWAL", "2": "URGENT_REDEMPTION", "3": "NORMAL", "9": "9"} {
		if got := domainStatusName(code); got != want {
			t.Errorf("domainStatusName(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestSameNameServersAndDomains(t *testing.T) {
	if !sameNameServers([]string{"NS1.Example.NET.", "ns2.example.net"}, []string{"ns2.example.net", "ns1.example.net"}) {
		t.Error("case, order and a trailing dot must not matter")
	}
	if sameNameServers([]string{"ns1.example.net", "ns2.example.net"}, []string{"ns1.example.net", "ns3.example.net"}) {
		t.Error("different servers compared equal")
	}
	if sameNameServers([]string{"ns1.example.net"}, []string{"ns1.example.net", "ns2.example.net"}) {
		t.Error("a subset compared equal")
	}
	if !sameDomain("例子.中国", "xn--fsqu00a.xn--fiqs8s") || !sameDomain("Example.COM.", "example.com") {
		t.Error("IDN/punycode and case must compare equal")
	}
	if sameDomain("example.com", "example.net") {
		t.Error("different domains compared equal")
	}
}
