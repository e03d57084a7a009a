package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
	"github.com/beian-dev/terraform-provider-beian/internal/testutil"
)

// The emulator and the other stand-ins for the outside world (see testkit_test.go).

// The servers guardEmulator seeds.
const (
	mainlandIP = "47.96.10.20"  // ECS instance i-bp1guardtest000001 in cn-hangzhou
	hongkongIP = "47.242.10.20" // ECS instance i-j6cguardtest000002 in cn-hongkong
)

// startEmulator starts an in-process emulator for one test (stopped by its cleanup), with
// registration tasks finishing at once and the given domains already owned, real-name
// verified, with their DNS zones created.
func startEmulator(t testing.TB, domains ...string) *emulatortest.Server {
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

// guardEmulator is the emulator of the ICP guard's tests: example.com and example.com.cn
// owned, a mainland server (mainlandIP), a Hong Kong one (hongkongIP) and an EIP in
// cn-shanghai (106.14.1.2), and no filing.
func guardEmulator(t testing.TB) *emulatortest.Server {
	t.Helper()
	srv := startEmulator(t, "example.com", "example.com.cn")
	for _, s := range []emulator.ServerSeed{
		{Kind: "ecs", Region: "cn-hangzhou", IP: mainlandIP, ID: "i-bp1guardtest000001"},
		{Kind: "ecs", Region: "cn-hongkong", IP: hongkongIP, ID: "i-j6cguardtest000002"},
		{Kind: "eip", Region: "cn-shanghai", IP: "106.14.1.2", ID: "eip-uf6guard"},
	} {
		if err := srv.Control.AddServer(s); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

// pathsEmulator is guardEmulator plus what the guard's paths follow (guard_paths_test.go):
// the zone sub.example.net, and the records hop.example.com (CNAME) → origin.example.com
// (A mainlandIP) and edge.sub.example.net (A mainlandIP).
func pathsEmulator(t testing.TB) *emulatortest.Server {
	t.Helper()
	srv := guardEmulator(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "sub.example.net"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []emulator.Record{
		{Domain: "example.com", RR: "hop", Type: "CNAME", Value: "origin.example.com"},
		{Domain: "example.com", RR: "origin", Type: "A", Value: mainlandIP},
		{Domain: "sub.example.net", RR: "edge", Type: "A", Value: mainlandIP},
	} {
		if _, err := srv.Control.AddRecord(r); err != nil {
			t.Fatal(err)
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

// guardProvider is emuProvider with the test registry file testdata/delegated-test.txt as
// the registry data (rir_sources), plus extra attribute lines.
func guardProvider(srv *emulatortest.Server, extra ...string) string {
	rir, _ := filepath.Abs("testdata/delegated-test.txt")
	return emuProvider(srv, append([]string{fmt.Sprintf("rir_sources = [%q]", rir)}, extra...)...)
}

// emuClient is a client of the emulator for out-of-band changes in tests.
func emuClient(t testing.TB, srv *emulatortest.Server) *aliyun.Client {
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

// zoneRecords lists a zone through the control API; a zone that does not exist fails the
// test.
func zoneRecords(t testing.TB, srv *emulatortest.Server, domain string) []emulator.Record {
	t.Helper()
	recs, err := srv.Control.Records(domain)
	if err != nil {
		t.Fatalf("listing %s: %v", domain, err)
	}
	return recs
}

// countRecords counts the records of recs with that host record and type, and that value
// unless value is "".
func countRecords(recs []emulator.Record, rr, typ, value string) int {
	n := 0
	for _, r := range recs {
		if r.RR == rr && r.Type == typ && (value == "" || r.Value == value) {
			n++
		}
	}
	return n
}

// stats returns the emulator's API calls by "Product.Action" since it started or since the
// last ResetStats.
func stats(t testing.TB, srv *emulatortest.Server) map[string]int {
	t.Helper()
	s, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	return s.Calls
}

// callsTotal is the number of API calls in calls.
func callsTotal(calls map[string]int) int {
	total := 0
	for _, n := range calls {
		total += n
	}
	return total
}

// checkCalls fails t unless got (API calls by "Product.Action", as stats returns them) is
// exactly want: every wanted action called as often as wanted, and no other action. why
// says what each wanted call is for, so that a failure names what appeared, went missing
// or changed.
func checkCalls(t testing.TB, what string, got, want map[string]int, why map[string]string) {
	t.Helper()
	actions := map[string]bool{}
	for a := range got {
		actions[a] = true
	}
	for a := range want {
		actions[a] = true
	}
	sorted := make([]string, 0, len(actions))
	for a := range actions {
		sorted = append(sorted, a)
	}
	sort.Strings(sorted)
	bad := false
	for _, a := range sorted {
		g, w := got[a], want[a]
		switch {
		case g == w:
		case w == 0:
			bad = true
			t.Errorf("%s: %d %s call(s), want none: nothing it does needs that action", what, g, a)
		case g == 0:
			bad = true
			t.Errorf("%s: no %s call, want %d (%s)", what, a, w, why[a])
		default:
			bad = true
			t.Errorf("%s: %d %s calls, want %d (%s)", what, g, a, w, why[a])
		}
	}
	if bad {
		t.Errorf("%s: %d API calls %v, want %d %v", what, callsTotal(got), got, callsTotal(want), want)
	}
}

// silentEndpoint accepts connections and never answers: a blackholed API endpoint
// (testutil.SilentListener).
func silentEndpoint(t testing.TB) string {
	t.Helper()
	addr, _ := testutil.SilentListener(t)
	return "http://" + addr
}

// refusedEndpoint is a loopback endpoint nobody listens on (testutil.RefusedAddr).
func refusedEndpoint(t testing.TB) string {
	t.Helper()
	return "http://" + testutil.RefusedAddr(t)
}

// The footers complianceSite serves.
const (
	siteFooterOK = `<html><body><main>欢迎</main><footer>
<a href="https://beian.miit.gov.cn/" target="_blank">浙ICP备12345678号-1</a>
<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234" target="_blank">浙公网安备33010602011234号</a>
</footer></body></html>`
	siteFooterUnlinked = `<html><body><footer>浙ICP备12345678号-1</footer></body></html>`
	siteFooterWrong    = `<html><body><footer><a href="https://beian.miit.gov.cn/">浙ICP备12345678号-2</a></footer></body></html>`
)

// complianceSite is a web site for beian_site_compliance: /ok (ICP and public security
// numbers linked, siteFooterOK), /unlinked, /wrong (another website's number), /huge (the
// ok footer after 200 paragraphs), /moved (→ /ok), /loop-a ⇄ /loop-b, /slow (answers after
// 30 s), anything else 404.
func complianceSite(t testing.TB) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/ok", page(siteFooterOK))
	mux.HandleFunc("/unlinked", page(siteFooterUnlinked))
	mux.HandleFunc("/wrong", page(siteFooterWrong))
	mux.HandleFunc("/huge", page(`<html><body>`+strings.Repeat(`<p>很长的页面内容</p>`, 200)+siteFooterOK))
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(30 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
