package provider

import (
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// startEmulator starts an in-process emulator for one acceptance test, with domains
// already owned (and their DNS zones created).
func startEmulator(t *testing.T, domains ...string) *emulatortest.Server {
	t.Helper()
	srv := emulatortest.Start(t)
	if err := srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 0}); err != nil {
		t.Fatal(err)
	}
	for _, d := range domains {
		if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: d, RealNameStatus: "SUCCEED"}); err != nil {
			t.Fatalf("seeding domain %s: %v", d, err)
		}
	}
	return srv
}

// emuProvider is the provider block for an emulator, plus extra attribute lines. The
// client-side rate limit is off unless a test sets it: the emulator needs no protection
// and the account scan's ~90 calls would otherwise dominate test time.
func emuProvider(srv *emulatortest.Server, extra ...string) string {
	limited := false
	for _, e := range extra {
		limited = limited || strings.HasPrefix(strings.TrimSpace(e), "requests_per_second")
	}
	if !limited {
		extra = append(extra, "requests_per_second = 0")
	}
	return providerBlock(srv.URL, srv.AccessKeyID, srv.AccessKeySecret, extra...)
}

// emuClient is a client of the emulator for out-of-band changes in tests.
func emuClient(t *testing.T, srv *emulatortest.Server) *aliyun.Client {
	t.Helper()
	eps, err := aliyun.NewEndpoints(nil, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := aliyun.NewClient(aliyun.Config{
		Credentials: aliyun.Credentials{AccessKeyID: srv.AccessKeyID, AccessKeySecret: srv.AccessKeySecret, Source: "test"},
		Endpoints:   eps, MaxRetries: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// zoneRecords lists a zone through the control API.
func zoneRecords(t *testing.T, srv *emulatortest.Server, domain string) []emulator.Record {
	t.Helper()
	recs, err := srv.Control.Records(domain)
	if err != nil {
		t.Fatalf("listing %s: %v", domain, err)
	}
	return recs
}

func countRecords(recs []emulator.Record, rr, typ, value string) int {
	n := 0
	for _, r := range recs {
		if r.RR == rr && r.Type == typ && (value == "" || r.Value == value) {
			n++
		}
	}
	return n
}

func stats(t *testing.T, srv *emulatortest.Server) map[string]int {
	t.Helper()
	s, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return s.Calls
}
