package mainland

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func TestClassString(t *testing.T) {
	if Unknown.String() != "unknown" || Mainland.String() != "mainland" || Offshore.String() != "offshore" || Class(42).String() != "unknown" {
		t.Error("Class.String")
	}
}

func TestNewDeclared(t *testing.T) {
	d, err := NewDeclared(
		[]string{"203.0.113.0/24", " 198.51.100.7 ", "2001:db8::/32", "::ffff:192.0.2.0/120", "10.0.0.0/8", "10.0.0.0/8"},
		[]string{"10.1.0.0/16", "8.8.8.8", "2001:db8:1::/48"},
	)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 8 {
		t.Errorf("Len %d", d.Len())
	}
	tests := []struct {
		addr     string
		class    Class
		evidence string
	}{
		{"203.0.113.9", Mainland, "provider setting mainland_cidrs 203.0.113.0/24"},
		{"198.51.100.7", Mainland, "provider setting mainland_cidrs 198.51.100.7/32"},
		{"::ffff:198.51.100.7", Mainland, "provider setting mainland_cidrs 198.51.100.7/32"},
		{"192.0.2.200", Mainland, "provider setting mainland_cidrs 192.0.2.0/24"},
		{"10.2.3.4", Mainland, "provider setting mainland_cidrs 10.0.0.0/8"},
		{"10.1.3.4", Offshore, "provider setting offshore_cidrs 10.1.0.0/16"}, // more specific wins
		{"8.8.8.8", Offshore, "provider setting offshore_cidrs 8.8.8.8/32"},
		{"2001:db8::1", Mainland, "provider setting mainland_cidrs 2001:db8::/32"},
		{"2001:db8:1::1", Offshore, "provider setting offshore_cidrs 2001:db8:1::/48"},
	}
	for _, tt := range tests {
		v, ok := d.Classify(netip.MustParseAddr(tt.addr))
		if !ok || v.Class != tt.class || v.Source != SourceDeclared || v.Evidence != tt.evidence {
			t.Errorf("%s: %+v, %v; want %v %q", tt.addr, v, ok, tt.class, tt.evidence)
		}
	}
	if _, ok := d.Classify(netip.MustParseAddr("1.1.1.1")); ok {
		t.Error("1.1.1.1 declared")
	}
	var nilD *Declared
	if _, ok := nilD.Classify(netip.MustParseAddr("1.1.1.1")); ok || nilD.Len() != 0 {
		t.Error("nil Declared")
	}
}

func TestNewDeclaredErrors(t *testing.T) {
	tests := []struct {
		mainland, offshore []string
		want               string
	}{
		{[]string{"203.0.113.0/24", "203.0.113.0/33"}, nil, `mainland_cidrs[1] "203.0.113.0/33": not a CIDR prefix`},
		{nil, []string{"bogus"}, `offshore_cidrs[0] "bogus": not an IP address or CIDR prefix`},
		{[]string{""}, nil, `mainland_cidrs[0] "": empty entry`},
		{[]string{"203.0.113.7/24"}, nil, "did you mean 203.0.113.0/24"},
		{[]string{"fe80::1%eth0"}, nil, "zone"},
		{[]string{"1.2.3.0/24"}, []string{"1.2.3.0/24"}, `offshore_cidrs[0] "1.2.3.0/24": 1.2.3.0/24 is also listed in mainland_cidrs[0]`},
		{[]string{"1.2.3.4"}, []string{"::ffff:1.2.3.4"}, "also listed in mainland_cidrs[0]"},
	}
	for _, tt := range tests {
		_, err := NewDeclared(tt.mainland, tt.offshore)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewDeclared(%q, %q) error %v, want %q", tt.mainland, tt.offshore, err, tt.want)
		}
	}
}

type fakeAccount map[netip.Addr]AccountResource

func (f fakeAccount) LookupIP(_ context.Context, a netip.Addr) (AccountResource, bool, error) {
	r, ok := f[a]
	return r, ok, nil
}

func TestClassifierPrecedence(t *testing.T) {
	rir := mustParse(t, sampleDelegated)
	decl, err := NewDeclared([]string{"1.0.4.0/24", "192.168.1.0/24"}, []string{"1.0.1.7"})
	if err != nil {
		t.Fatal(err)
	}
	acct := fakeAccount{
		netip.MustParseAddr("1.0.1.8"):  {Kind: "EIP", ID: "eip-hk1", Region: "cn-hongkong"},
		netip.MustParseAddr("1.0.5.1"):  {Kind: "ECS instance", ID: "i-abc", Region: "cn-hangzhou"},
		netip.MustParseAddr("1.0.4.1"):  {Kind: "ECS instance", ID: "i-hk", Region: "cn-hongkong"},
		netip.MustParseAddr("8.8.4.4"):  {Kind: "SLB instance", ID: "lb-us", Region: "us-west-1"},
		netip.MustParseAddr("9.9.9.9"):  {Kind: "ECS instance", ID: "i-noregion"},
		netip.MustParseAddr("10.0.0.1"): {Kind: "ECS instance", ID: "i-private", Region: "cn-hangzhou"},
	}
	c := &Classifier{Declared: decl, Account: acct, RIR: rir}
	tests := []struct {
		addr     string
		class    Class
		source   string
		evidence string
	}{
		{"1.0.4.1", Mainland, SourceDeclared, "provider setting mainland_cidrs 1.0.4.0/24"}, // declared beats account and RIR
		{"1.0.1.7", Offshore, SourceDeclared, "provider setting offshore_cidrs 1.0.1.7/32"},
		{"192.168.1.5", Mainland, SourceDeclared, "provider setting mainland_cidrs 192.168.1.0/24"}, // declared beats not-public
		{"1.0.1.8", Offshore, SourceAccount, "EIP eip-hk1 in cn-hongkong (outside mainland China)"}, // account beats RIR
		{"1.0.5.1", Mainland, SourceAccount, "ECS instance i-abc in cn-hangzhou (mainland region)"}, // RIR says HK; the account wins
		{"8.8.4.4", Offshore, SourceAccount, "SLB instance lb-us in us-west-1 (outside mainland China)"},
		{"1.0.2.1", Mainland, SourceRIR, "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"::ffff:1.0.2.1", Mainland, SourceRIR, "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)"},
		{"9.9.9.9", Unknown, "", "cannot tell whether 9.9.9.9"}, // account without region falls through
		{"10.0.0.1", Unknown, "", "10.0.0.1 is not a public address (10.0.0.0/8, private range, RFC 1918)"},
		{"127.0.0.1", Unknown, "", "loopback"},
		{"169.254.1.1", Unknown, "", "link-local"},
		{"198.51.100.1", Unknown, "", "documentation range TEST-NET-2"},
		{"2001:db8::5", Unknown, "", "documentation range, RFC 3849"},
		{"fd00::1", Unknown, "", "unique local"},
		{"fe80::1%eth0", Unknown, "", "link-local"},
		{"100.64.0.1", Unknown, "", "carrier-grade NAT"},
		{"224.0.0.1", Unknown, "", "multicast"},
	}
	for _, tt := range tests {
		v, err := c.Classify(context.Background(), netip.MustParseAddr(tt.addr))
		if err != nil {
			t.Errorf("%s: %v", tt.addr, err)
			continue
		}
		if v.Class != tt.class || v.Source != tt.source || !strings.Contains(v.Evidence, tt.evidence) {
			t.Errorf("%s: %+v; want %v %q %q", tt.addr, v, tt.class, tt.source, tt.evidence)
		}
	}
}

func TestClassifierUnknownEvidence(t *testing.T) {
	ctx := context.Background()
	a := netip.MustParseAddr("8.8.8.8")
	v, err := (&Classifier{}).Classify(ctx, a)
	if err != nil || v.Class != Unknown ||
		!strings.Contains(v.Evidence, "no cloud account lookup is configured, location_sources loads no location data, rir_sources loads no registry data") ||
		!strings.Contains(v.Evidence, "declare it in mainland_cidrs or offshore_cidrs, or point location_sources at location data that covers it") {
		t.Errorf("%+v %v", v, err)
	}
	v, _ = (&Classifier{Account: fakeAccount{}, RIR: mustParse(t, sampleDelegated)}).Classify(ctx, a)
	if !strings.Contains(v.Evidence, "no resource of the cloud account holds it, location_sources loads no location data, no delegation in rir_sources (delegated-apnic-latest) covers it") {
		t.Errorf("%+v", v)
	}
	// Conflicting registry data is reported as such.
	conf := mustParse(t, "apnic|CN|ipv4|5.0.0.0|256||allocated\narin|US|ipv4|5.0.0.0|256||allocated\n")
	v, _ = (&Classifier{RIR: conf}).Classify(ctx, netip.MustParseAddr("5.0.0.1"))
	if v.Class != Unknown || v.Source != SourceRIR || !strings.Contains(v.Evidence, "disagrees") {
		t.Errorf("%+v", v)
	}
}

func TestClassifierErrors(t *testing.T) {
	boom := errors.New("boom")
	c := &Classifier{Account: accountFunc(func(context.Context, netip.Addr) (AccountResource, bool, error) {
		return AccountResource{}, false, boom
	})}
	v, err := c.Classify(context.Background(), netip.MustParseAddr("8.8.8.8"))
	if !errors.Is(err, boom) || v.Class != Unknown || !strings.Contains(err.Error(), "8.8.8.8") {
		t.Errorf("%+v %v", v, err)
	}
	if _, err := c.Classify(context.Background(), netip.Addr{}); err == nil {
		t.Error("invalid address accepted")
	}
}

func TestNonPublic(t *testing.T) {
	for _, s := range []string{"0.1.2.3", "10.1.1.1", "172.16.0.1", "192.168.0.1", "127.0.0.1", "::1", "::", "ff02::1", "240.0.0.1", "255.255.255.255", "198.18.0.1", "3fff::1", "::ffff:10.0.0.1"} {
		if NonPublic(netip.MustParseAddr(s)) == "" {
			t.Errorf("%s is public", s)
		}
	}
	for _, s := range []string{"1.1.1.1", "8.8.8.8", "47.96.0.1", "2400:3200::1", "::ffff:1.1.1.1"} {
		if why := NonPublic(netip.MustParseAddr(s)); why != "" {
			t.Errorf("%s: %s", s, why)
		}
	}
	if NonPublic(netip.Addr{}) == "" {
		t.Error("invalid address is public")
	}
}

// accountFunc adapts a function to AccountLookup.
type accountFunc func(ctx context.Context, addr netip.Addr) (AccountResource, bool, error)

func (f accountFunc) LookupIP(ctx context.Context, addr netip.Addr) (AccountResource, bool, error) {
	return f(ctx, addr)
}
