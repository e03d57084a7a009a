package compliance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const compliantPage = `<html><body><footer><a href="https://beian.miit.gov.cn/">浙ICP备12345678号-1</a>
<a href="https://beian.mps.gov.cn/#/query/webSearch?code=33010602011234">浙公网安备33010602011234号</a></footer></body></html>`

// testOptions allow loopback (httptest) and keep waits short.
func testOptions() FetchOptions {
	o := DefaultFetchOptions()
	o.AllowPrivateAddresses = true
	o.Timeout = 5 * time.Second
	o.Backoff = 10 * time.Millisecond
	return o
}

func mustCheck(t *testing.T, url string, exp Expectations, o FetchOptions) Result {
	t.Helper()
	r, err := Check(context.Background(), url, exp, o)
	if err != nil {
		t.Fatalf("Check(%s): unexpected error %v", url, err)
	}
	return r
}

func wantProblem(t *testing.T, r Result, part string) {
	t.Helper()
	for _, p := range r.Problems {
		if strings.Contains(p, part) {
			if r.Compliant() {
				t.Errorf("compliant with problems %q", r.Problems)
			}
			return
		}
	}
	t.Errorf("problems %q; want one containing %q", r.Problems, part)
}

func TestComplianceCheckCompliantPageAfterRedirect(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/home", http.StatusFound) })
	mux.HandleFunc("/home", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Language"), "zh-CN") || r.Header.Get("User-Agent") == "" {
			http.Error(w, "missing headers", http.StatusBadRequest)
			return
		}
		fmt.Fprint(w, compliantPage)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r := mustCheck(t, srv.URL+"/", Expectations{ICP: mustICP(t, "浙ICP备12345678号-1"), PublicSecurity: mustPS(t, psZJ)}, testOptions())
	if !r.Compliant() || r.StatusCode != http.StatusOK || r.FinalURL != srv.URL+"/home" || r.ICPNumberFound != "浙ICP备12345678号-1" || !r.ICPLinkedToMIIT || !r.PublicSecurityLinkedToMPS {
		t.Fatalf("result %+v", r)
	}
}

func TestComplianceCheckHTTPErrorIsAProblem(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	r := mustCheck(t, srv.URL+"/missing", Expectations{}, testOptions())
	if r.StatusCode != http.StatusNotFound {
		t.Fatalf("status %d", r.StatusCode)
	}
	wantProblem(t, r, srv.URL+"/missing answered HTTP 404 Not Found")
	wantProblem(t, r, "the page shows no ICP filing number")
}

func TestComplianceCheckRetriesServerErrors(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, compliantPage)
	}))
	defer srv.Close()
	r := mustCheck(t, srv.URL, Expectations{}, testOptions())
	if !r.Compliant() || calls.Load() != 3 {
		t.Fatalf("after %d calls: %+v", calls.Load(), r)
	}

	calls.Store(-100) // always 503 from now on
	r = mustCheck(t, srv.URL, Expectations{}, testOptions())
	if r.StatusCode != http.StatusServiceUnavailable || calls.Load() != -97 {
		t.Fatalf("status %d after %d calls; want 503 after 3", r.StatusCode, calls.Load()+100)
	}
	wantProblem(t, r, "answered HTTP 503 Service Unavailable (3 attempts)")

	// a 4xx is the answer, not retried
	var four atomic.Int32
	srv4 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { four.Add(1); w.WriteHeader(http.StatusForbidden) }))
	defer srv4.Close()
	mustCheck(t, srv4.URL, Expectations{}, testOptions())
	if four.Load() != 1 {
		t.Fatalf("a 403 was sent %d times", four.Load())
	}
}

func TestComplianceCheckConnectionRefusedIsRetriedThenAProblem(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	r := mustCheck(t, url, Expectations{}, testOptions())
	if r.StatusCode != 0 {
		t.Fatalf("status %d", r.StatusCode)
	}
	wantProblem(t, r, "cannot fetch "+url)
	wantProblem(t, r, "(3 attempts)")
}

func TestComplianceCheckRedirectLoop(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusMovedPermanently) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/a", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	r := mustCheck(t, srv.URL+"/a", Expectations{}, testOptions())
	wantProblem(t, r, fmt.Sprintf("redirect loop: %[1]s/a → %[1]s/b → %[1]s/a", srv.URL))
	if len(r.Problems) != 1 {
		t.Errorf("problems %q; want only the loop", r.Problems)
	}
}

func TestComplianceCheckTooManyRedirects(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Redirect(w, r, fmt.Sprintf("/step%d", calls.Load()), http.StatusFound)
	}))
	defer srv.Close()
	r := mustCheck(t, srv.URL+"/", Expectations{}, testOptions())
	wantProblem(t, r, "stopped after 5 redirects")
	if calls.Load() != 6 {
		t.Errorf("%d requests; want the first and 5 redirects", calls.Load())
	}
}

func TestComplianceCheckHugePage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body>"+strings.Repeat("<p>填充内容</p>", 400)+compliantPage)
	}))
	defer srv.Close()
	o := testOptions()
	o.MaxBodyBytes = 1024
	r := mustCheck(t, srv.URL, Expectations{}, o)
	wantProblem(t, r, "the page is larger than max_body_bytes (1024 bytes); only the first 1024 bytes were scanned")
	wantProblem(t, r, "the page shows no ICP filing number")

	// the same page within the limit complies
	if r := mustCheck(t, srv.URL, Expectations{}, testOptions()); !r.Compliant() {
		t.Fatalf("within the limit: %q", r.Problems)
	}
}

func TestComplianceCheckSlowPageTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	start := time.Now()
	r := mustCheck(t, srv.URL, Expectations{}, o)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s with a 300ms budget", took)
	}
	wantProblem(t, r, "timed out after 300ms (timeout) fetching "+srv.URL)
	if len(r.Problems) != 1 || r.StatusCode != 0 {
		t.Errorf("status %d, problems %q", r.StatusCode, r.Problems)
	}
}

func TestComplianceCheckSlowBodyTimesOut(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body>")
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		select {
		case <-time.After(10 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	o := testOptions()
	o.Timeout = 300 * time.Millisecond
	wantProblem(t, mustCheck(t, srv.URL, Expectations{}, o), "timed out after 300ms")
}

func TestComplianceCheckRefusesPrivateAddresses(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls.Add(1); fmt.Fprint(w, compliantPage) }))
	defer srv.Close()
	o := testOptions()
	o.AllowPrivateAddresses = false
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, u := range []string{srv.URL, "http://localhost" + port + "/", "http://[::ffff:127.0.0.1]" + port + "/"} {
		_, err := Check(context.Background(), u, Expectations{}, o)
		var b *BlockedAddressError
		if !errors.As(err, &b) {
			t.Fatalf("%s: error %v; want a *BlockedAddressError", u, err)
		}
		if !strings.Contains(err.Error(), "a loopback address") || !strings.Contains(err.Error(), "allow_private_addresses = true") {
			t.Errorf("%s: message %q", u, err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("the server was reached %d times", calls.Load())
	}
}

func TestComplianceCheckVerifiesTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, compliantPage) }))
	defer srv.Close()
	r := mustCheck(t, srv.URL, Expectations{}, testOptions())
	wantProblem(t, r, "the TLS certificate of "+strings.TrimPrefix(srv.URL, "https://")+" is not valid")

	o := testOptions()
	tr, ok := srv.Client().Transport.(*http.Transport)
	if !ok {
		t.Fatalf("httptest client transport is a %T", srv.Client().Transport)
	}
	o.RootCAs = tr.TLSClientConfig.RootCAs
	if r := mustCheck(t, srv.URL, Expectations{}, o); !r.Compliant() {
		t.Fatalf("with the test CA trusted: %q", r.Problems)
	}
}

func TestComplianceCheckConfigurationErrors(t *testing.T) {
	for _, u := range []string{"ftp://example.com/", "example.com", "https:///path", "https://user:pw@example.com/"} {
		if _, err := Check(context.Background(), u, Expectations{}, testOptions()); err == nil || !strings.Contains(err.Error(), "invalid URL") {
			t.Errorf("Check(%q): error %v; want invalid URL", u, err)
		}
	}
}

func TestComplianceIsPrivateAddress(t *testing.T) {
	for s, want := range map[string]string{
		"127.0.0.1": "loopback", "::1": "loopback", "10.1.2.3": "private", "172.16.0.1": "private", "192.168.1.1": "private",
		"fd00::1": "private", "169.254.169.254": "link-local", "fe80::1": "link-local", "100.100.100.200": "shared (carrier-grade NAT)",
		"0.0.0.0": "unspecified", "::": "unspecified", "224.0.0.1": "multicast", "255.255.255.255": "broadcast",
		"::ffff:10.0.0.1": "private", "47.96.10.20": "", "2400:3200::1": "", "8.8.8.8": "",
		// NAT64 and 6to4 carry an IPv4 address that a gateway would reach.
		"64:ff9b::a9fe:a9fe":       "link-local (embedded in 64:ff9b::a9fe:a9fe)",
		"64:ff9b::100.100.100.200": "shared (carrier-grade NAT) (embedded in 64:ff9b::6464:64c8)",
		// The local-use prefix is refused whole: where it carries an IPv4 address is the
		// local translator's choice (RFC 8215, RFC 6052 §2.2), so 8.8.8.8 may not be 8.8.8.8.
		"64:ff9b:1::a00:1":   "local-use translation",
		"64:ff9b:1::808:808": "local-use translation",
		// Teredo (RFC 4380): the client's public address, inverted in the last 32 bits.
		"2001:0:4136:e378:8000:63bf:f5ff:fffe": "private (embedded in 2001:0:4136:e378:8000:63bf:f5ff:fffe)",
		"2001:0:4136:e378:8000:63bf:b7f7:f7f7": "",
		// Documentation ranges cannot be a site either (one table with the ICP guard).
		"192.0.2.10": "documentation", "2001:db8::1": "documentation",
		"2002:a9fe:a9fe::1": "link-local (embedded in 2002:a9fe:a9fe::1)",
		"2002:7f00:1::":     "loopback (embedded in 2002:7f00:1::)",
		"64:ff9b::8.8.8.8":  "", "2002:2f60:a14::1": "",
		"fec0::1": "site-local", "240.0.0.1": "reserved", "192.0.0.170": "reserved", "198.18.0.1": "reserved", "198.19.255.254": "reserved",
		"198.20.0.1": "", "192.0.1.1": "",
	} {
		private, class := IsPrivateAddress(netip.MustParseAddr(s))
		if class != want || private != (want != "") {
			t.Errorf("IsPrivateAddress(%s) = %v, %q; want %q", s, private, class, want)
		}
	}
}

func TestComplianceBlockedRedirectIsAProblem(t *testing.T) {
	start, _ := url.Parse("https://www.example.com/")
	blocked := &BlockedAddressError{IP: netip.MustParseAddr("10.0.0.5"), Class: "private"}
	hop := &url.Error{Op: "Get", URL: "http://intranet.example.com/admin", Err: &net.OpError{Op: "dial", Net: "tcp", Err: blocked}}
	err := classify(hop, start, start.String(), testOptions())
	var fe *FetchError
	if !errors.As(err, &fe) || !strings.Contains(fe.Reason, "redirected to http://intranet.example.com/admin, but intranet.example.com resolves to 10.0.0.5, a private address") {
		t.Fatalf("redirect hop: %#v", err)
	}
	own := &url.Error{Op: "Get", URL: start.String(), Err: &net.OpError{Op: "dial", Net: "tcp", Err: &BlockedAddressError{IP: netip.MustParseAddr("10.0.0.5"), Class: "private"}}}
	err = classify(own, start, start.String(), testOptions())
	var b *BlockedAddressError
	if errors.As(err, &fe) || !errors.As(err, &b) || b.Host != "www.example.com" {
		t.Fatalf("own host: %#v", err)
	}
}
