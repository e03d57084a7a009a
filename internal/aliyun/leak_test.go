package aliyun

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"

	"context"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/alidns"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vpc"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
	"github.com/beian-dev/terraform-provider-beian/internal/testutil"
)

// assertNoSecrets fails when an error text carries anything a request carried.
func assertNoSecrets(t *testing.T, err error, sentinels ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error")
	}
	msg := err.Error()
	for _, s := range append([]string{fakeToken, fakeSecret, "Signature=", "SignatureNonce", "AccessKeyId=", "SecurityToken="}, sentinels...) {
		if strings.Contains(msg, s) {
			t.Errorf("error text contains %q: %s", s, msg)
		}
	}
}

// The timeout path kept the signed request URL (STS token included) before: net/http
// wraps a Client.Timeout in a *url.Error that quotes the whole query string.
func TestCallTimeoutDoesNotLeakTheRequest(t *testing.T) {
	const sentinel = "param-value-SENTINEL-timeout"
	addr, _ := testutil.SilentListener(t)
	c, _ := newFakeClient(t, "http://"+addr, func(cfg *Config) {
		cfg.Credentials.SecurityToken = fakeToken
		cfg.MaxRetries = 0
		cfg.ReadTimeout = 300 * time.Millisecond
	})
	req := ecs.CreateDescribeInstancesRequest()
	req.InstanceName = sentinel
	err := c.Call(context.Background(), ProductECS, "", req, ecs.CreateDescribeInstancesResponse())
	assertNoSecrets(t, err, sentinel)
	var e *Error
	if !asError(err, &e) || !e.Timeout || e.Class != ClassUnavailable {
		t.Fatalf("err = %#v, want a timeout classed unavailable", err)
	}
	if !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("error %q should still say where the call went", err)
	}
}

// A certificate the client does not trust: the TLS error quotes the URL too.
func TestCallTLSErrorDoesNotLeakTheRequest(t *testing.T) {
	const sentinel = "param-value-SENTINEL-tls"
	f := newFakeRPCTLS(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.Credentials.SecurityToken = fakeToken })
	req := ecs.CreateDescribeInstancesRequest()
	req.InstanceName = sentinel
	err := c.Call(context.Background(), ProductECS, "", req, ecs.CreateDescribeInstancesResponse())
	assertNoSecrets(t, err, sentinel)
	if !strings.Contains(err.Error(), "x509") && !strings.Contains(err.Error(), "certificate") {
		t.Errorf("error %q should name the certificate problem", err)
	}
}

// Through an HTTP proxy (HTTPS_PROXY/HTTP_PROXY) that refuses, answers an error, or
// whose URL carries a password: no request URL and no proxy password in the error.
func TestCallProxyErrorsDoNotLeak(t *testing.T) {
	const sentinel = "param-value-SENTINEL-proxy"
	refusing := testutil.RefusedAddr(t)
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "proxy says no", http.StatusBadGateway)
	}))
	t.Cleanup(failing.Close)
	for _, tc := range []struct{ name, proxy, endpoint string }{
		{"refused proxy, https endpoint", "http://user:proxy-PASSWORD@" + refusing, "https://ecs.cn-hangzhou.aliyuncs.com"},
		{"refused proxy, http endpoint", "http://user:proxy-PASSWORD@" + refusing, "http://ecs.example.invalid"},
		{"proxy answering 502", "http://user:proxy-PASSWORD@" + strings.TrimPrefix(failing.URL, "http://"), "https://ecs.cn-hangzhou.aliyuncs.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeClient(t, tc.endpoint, func(cfg *Config) {
				cfg.Credentials.SecurityToken = fakeToken
				cfg.MaxRetries = 0
				cfg.ReadTimeout = 2 * time.Second
				cfg.Transport = &http.Transport{Proxy: func(*http.Request) (*urlURL, error) { return parseURL(tc.proxy) }}
			})
			req := ecs.CreateDescribeInstancesRequest()
			req.InstanceName = sentinel
			err := c.Call(context.Background(), ProductECS, "", req, ecs.CreateDescribeInstancesResponse())
			assertNoSecrets(t, err, sentinel, "proxy-PASSWORD")
			t.Logf("%v", err)
		})
	}
}

func TestRedactURLs(t *testing.T) {
	for in, want := range map[string]string{
		`Post "http://127.0.0.1:18099/?AccessKeyId=LTAI&SecurityToken=tok&Signature=x": EOF`: `Post "http://127.0.0.1:18099/?[redacted]": EOF`,
		`proxyconnect tcp: dial http://user:pw@proxy:3128: refused`:                          `proxyconnect tcp: dial http://proxy:3128: refused`,
		`no url here`: `no url here`,
		`https://alidns.aliyuncs.com/path?x=1#frag and https://b.example/`: `https://alidns.aliyuncs.com/path?[redacted] and https://b.example/`,
	} {
		if got := redactURLs(in); got != want {
			t.Errorf("redactURLs(%q)\n = %q\nwant %q", in, got, want)
		}
	}
}

// A read that timed out is tried once more; a write that timed out is not (it may have
// been carried out).
func TestCallTimeoutRetryPolicy(t *testing.T) {
	for _, tc := range []struct {
		name      string
		req       func() (requestsAcs, responsesAcs)
		product   Product
		wantConns int32
	}{
		{"read retried once", func() (requestsAcs, responsesAcs) {
			return ecs.CreateDescribeInstancesRequest(), ecs.CreateDescribeInstancesResponse()
		}, ProductECS, 2},
		{"write not retried", func() (requestsAcs, responsesAcs) {
			r := alidns.CreateAddDomainRecordRequest()
			r.DomainName, r.RR, r.Type, r.Value = "example.com", "www", "A", "192.0.2.1"
			return r, alidns.CreateAddDomainRecordResponse()
		}, ProductAlidns, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, accepted := testutil.SilentListener(t)
			c, rec := newFakeClient(t, "http://"+addr, func(cfg *Config) {
				cfg.ReadTimeout = 200 * time.Millisecond
				cfg.MaxRetries = 5
				eps, _ := NewEndpoints(map[Product]string{ProductECS: "http://" + addr, ProductAlidns: "http://" + addr}, "")
				cfg.Endpoints = eps
			})
			req, resp := tc.req()
			err := c.Call(context.Background(), tc.product, "", req, resp)
			var e *Error
			if !asError(err, &e) || !e.Timeout {
				t.Fatalf("err = %v, want a timeout", err)
			}
			// Connections may be accepted a moment after the call returned.
			deadline := time.Now().Add(2 * time.Second)
			for accepted.Load() < tc.wantConns && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if got := accepted.Load(); got != tc.wantConns {
				t.Errorf("attempts = %d, want %d", got, tc.wantConns)
			}
			if n := len(rec.get()); int32(n) != tc.wantConns-1 {
				t.Errorf("backoff sleeps = %d, want %d", n, tc.wantConns-1)
			}
		})
	}
}

type (
	requestsAcs  = requests.AcsRequest
	responsesAcs = responses.AcsResponse
	urlURL       = url.URL
)

func parseURL(s string) (*url.URL, error) { return url.Parse(s) }

func asError(err error, target **Error) bool { return errors.As(err, target) }

// Credentials an endpoint rejected, and an endpoint that timed out twice, are not asked
// again in the run: the next call fails at once with the first cause.
func TestCallRemembersFailuresEveryCallWouldRepeat(t *testing.T) {
	t.Run("rejected credentials", func(t *testing.T) {
		f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
			writeRPCError(w, http.StatusNotFound, "InvalidAccessKeyId.NotFound", "req-1", "Specified access key is not found.")
		})
		c, _ := newFakeClient(t, f.srv.URL, nil)
		for i := 0; i < 3; i++ {
			err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeInstancesRequest(), ecs.CreateDescribeInstancesResponse())
			if !CredentialsRejected(err) || !strings.Contains(err.Error(), "InvalidAccessKeyId.NotFound") {
				t.Fatalf("call %d: %v, want the rejection", i, err)
			}
		}
		if f.count() != 1 {
			t.Errorf("%d requests, want 1", f.count())
		}
	})
	t.Run("read timed out twice", func(t *testing.T) {
		addr, accepted := testutil.SilentListener(t)
		c, _ := newFakeClient(t, "http://"+addr, func(cfg *Config) { cfg.ReadTimeout = 150 * time.Millisecond })
		start := time.Now()
		for i := 0; i < 3; i++ {
			err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeInstancesRequest(), ecs.CreateDescribeInstancesResponse())
			var e *Error
			if !asError(err, &e) || !e.Timeout {
				t.Fatalf("call %d: %v, want a timeout", i, err)
			}
		}
		time.Sleep(100 * time.Millisecond)
		if n := accepted.Load(); n != 2 {
			t.Errorf("%d connections, want 2 (the first call and its one retry)", n)
		}
		t.Logf("three calls in %v", time.Since(start))
	})
	// With an endpoints override every product shares one host: a read that timed out
	// twice fails its own later calls, not every call to the host.
	t.Run("timeout remembered for its action only", func(t *testing.T) {
		addr, accepted := testutil.SilentListener(t)
		c, _ := newFakeClient(t, "http://"+addr, func(cfg *Config) {
			cfg.ReadTimeout = 150 * time.Millisecond
			cfg.Endpoints, _ = NewEndpoints(map[Product]string{ProductECS: "http://" + addr, ProductVPC: "http://" + addr}, "")
		})
		for i := 0; i < 2; i++ {
			_ = c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeInstancesRequest(), ecs.CreateDescribeInstancesResponse())
		}
		err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse())
		var e *Error
		if !asError(err, &e) || !e.Timeout || strings.Contains(err.Error(), "not sent") {
			t.Fatalf("DescribeRegions after DescribeInstances timed out: %v; want it sent (and timing out on its own)", err)
		}
		time.Sleep(100 * time.Millisecond)
		if n := accepted.Load(); n != 4 {
			t.Errorf("%d connections, want 4 (each action's first call and its one retry)", n)
		}
		// Two actions that timed out twice each: the endpoint does not answer, and a third
		// action is not sent.
		err = c.Call(context.Background(), ProductVPC, "", vpc.CreateDescribeEipAddressesRequest(), vpc.CreateDescribeEipAddressesResponse())
		if !asError(err, &e) || !e.Timeout || !strings.Contains(err.Error(), "not sent: two different calls of this run to the same endpoint timed out twice each") {
			t.Errorf("a third action after two timed out: %v; want it not sent", err)
		}
		time.Sleep(100 * time.Millisecond)
		if n := accepted.Load(); n != 4 {
			t.Errorf("%d connections, want still 4", n)
		}
	})
	// A signature that did not verify may be one request's encoding: the next call is
	// sent all the same.
	t.Run("signature mismatch not remembered", func(t *testing.T) {
		f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				writeRPCError(w, http.StatusBadRequest, "SignatureDoesNotMatch", "req-1", "Specified signature is not matched with our calculation.")
				return
			}
			writeRegions(w)
		})
		c, _ := newFakeClient(t, f.srv.URL, nil)
		err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse())
		if !CredentialsRejected(err) {
			t.Fatalf("first call: %v, want the signature mismatch", err)
		}
		if err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); err != nil {
			t.Errorf("second call: %v; want it sent and answered", err)
		}
		if f.count() != 2 {
			t.Errorf("%d requests, want 2", f.count())
		}
	})
}

// assume_role is carried out on the first call, not when the client is built: a
// configuration whose objects make no call (functions, offline data sources) never
// reaches STS.
func TestAssumeRoleIsLazy(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.AssumeRole = AssumeRoleInput{RoleARN: "acs:ram::123456789012:role/terraform"}
		eps, _ := NewEndpoints(nil, f.srv.URL)
		cfg.Endpoints = eps
	})
	if f.count() != 0 {
		t.Fatalf("%d requests when building the client, want none", f.count())
	}
	// The fake answers every action with regions: the AssumeRole answer holds no
	// credentials, which must fail the call that needed it, naming the role.
	_, err := c.DescribeRegions(context.Background())
	if err == nil || !strings.Contains(err.Error(), "acs:ram::123456789012:role/terraform") {
		t.Fatalf("DescribeRegions = %v, want the assume-role failure naming the role", err)
	}
	if got := f.requests()[0].Params["Action"]; got != "AssumeRole" {
		t.Errorf("first request %s, want AssumeRole", got)
	}
	if _, err := c.DescribeRegions(context.Background()); err == nil || f.count() != 1 {
		t.Errorf("second call: %v after %d requests; want the failed role session kept for the run", err, f.count())
	}
}

// A role session that cannot be created because STS rejects the credentials it is
// asked with is a credentials rejection of every call that needed it: the provider
// fails plans on it (CloudDown) and Explain gives the credentials advice, not the
// permission advice.
func TestAssumeRoleRejectedCredentialsCountAsRejected(t *testing.T) {
	srv := emulatortest.Start(t)
	eps, _ := NewEndpoints(nil, srv.URL)
	clearProxyEnv(t)
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: "LTAI5tNotAKeyOfTheEmulator", AccessKeySecret: srv.AccessKeySecret, Source: "test"},
		AssumeRole:  AssumeRoleInput{RoleARN: "acs:ram::123456789012:role/terraform"},
		Endpoints:   eps, MaxRetries: 1, BaseDelay: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeRegions(context.Background())
	if err == nil {
		t.Fatal("DescribeRegions succeeded with an unknown access key")
	}
	if !CredentialsRejected(err) {
		t.Errorf("CredentialsRejected(%v) = false; want true: STS refused the access key the role is assumed with", err)
	}
	if got := CodeOf(err); got != "InvalidAccessKeyId.NotFound" {
		t.Errorf("CodeOf = %q, want STS's InvalidAccessKeyId.NotFound", got)
	}
	if msg := Explain(err); !strings.Contains(msg, "rejected the credentials themselves") {
		t.Errorf("Explain = %q; want the credentials-rejected advice", msg)
	}
}

// stsFake is an endpoint that issues role sessions (AssumeRole answers token TOKEN-n for
// the n-th session, expiring after lifetime on clock) and answers every other action with
// regions — or, for a token listed in expired, InvalidSecurityToken.Expired.
type stsFake struct {
	mu       sync.Mutex
	clock    time.Time
	lifetime time.Duration
	sessions int
	expired  map[string]bool
	tokens   []string // the SecurityToken of every non-STS request, in order
}

func (s *stsFake) now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.clock
}

func (s *stsFake) advance(d time.Duration) {
	s.mu.Lock()
	s.clock = s.clock.Add(d)
	s.mu.Unlock()
}

func (s *stsFake) handle(_ int, w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if q.Get("Action") == "AssumeRole" {
		s.sessions++
		// The fake verifies every signature with fakeSecret, so the session's secret is it.
		fmt.Fprintf(w, `{"RequestId":"r-sts","Credentials":{"AccessKeyId":"STS.%d","AccessKeySecret":%q,"SecurityToken":"TOKEN-%d","Expiration":%q}}`,
			s.sessions, fakeSecret, s.sessions, s.clock.Add(s.lifetime).UTC().Format("2006-01-02T15:04:05Z"))
		return
	}
	token := q.Get("SecurityToken")
	s.tokens = append(s.tokens, token)
	if s.expired[token] {
		writeRPCError(w, http.StatusBadRequest, "InvalidSecurityToken.Expired", "req-exp", "Specified SecurityToken is expired.")
		return
	}
	writeRegions(w)
}

func (s *stsFake) seen() (sessions int, tokens []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions, append([]string(nil), s.tokens...)
}

func newSTSFakeClient(t *testing.T, s *stsFake) *Client {
	t.Helper()
	f := newFakeRPC(t, s.handle)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.AssumeRole = AssumeRoleInput{RoleARN: "acs:ram::123456789012:role/terraform", SessionExpiration: 900}
		eps, _ := NewEndpoints(nil, f.srv.URL)
		cfg.Endpoints = eps
		cfg.Now = s.now
	})
	return c
}

func callRegionsUncached(c *Client) error {
	return c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse())
}

// A role session is used until shortly before its Expiration, then assumed again: a run
// longer than session_expiration (a domain registration waits up to 30 minutes) keeps
// working.
func TestAssumeRoleRenewsBeforeExpiration(t *testing.T) {
	s := &stsFake{clock: time.Now(), lifetime: 900 * time.Second}
	c := newSTSFakeClient(t, s)
	for _, step := range []struct {
		advance      time.Duration
		wantSessions int
		wantToken    string
	}{
		{0, 1, "TOKEN-1"},
		{9 * time.Minute, 1, "TOKEN-1"}, // 6 minutes left: still used
		{2 * time.Minute, 2, "TOKEN-2"}, // 4 minutes left: renewed first
		{5 * time.Minute, 2, "TOKEN-2"},
		{6 * time.Minute, 3, "TOKEN-3"},
	} {
		s.advance(step.advance)
		if err := callRegionsUncached(c); err != nil {
			t.Fatalf("after %v more: %v", step.advance, err)
		}
		sessions, tokens := s.seen()
		if sessions != step.wantSessions || tokens[len(tokens)-1] != step.wantToken {
			t.Fatalf("after %v more: %d sessions, call signed with %s; want %d and %s", step.advance, sessions, tokens[len(tokens)-1], step.wantSessions, step.wantToken)
		}
	}
	if got := c.Credentials(); !strings.Contains(got, "role acs:ram::123456789012:role/terraform assumed with") {
		t.Errorf("Credentials() = %q, want the role session described", got)
	}
}

// A session the service finds expired before its stated Expiration (clocks apart) is
// assumed again once and the call sent again — the endpoint is not marked broken for the
// run, as it is for credentials that are rejected.
func TestAssumeRoleRenewsOnExpiredToken(t *testing.T) {
	s := &stsFake{clock: time.Now(), lifetime: time.Hour, expired: map[string]bool{"TOKEN-1": true}}
	c := newSTSFakeClient(t, s)
	if err := callRegionsUncached(c); err != nil {
		t.Fatalf("call refused for an expired session: %v; want it sent again with a new session", err)
	}
	if err := callRegionsUncached(c); err != nil {
		t.Fatalf("next call: %v; want the endpoint still in use", err)
	}
	sessions, tokens := s.seen()
	if sessions != 2 || strings.Join(tokens, ",") != "TOKEN-1,TOKEN-2,TOKEN-2" {
		t.Errorf("%d sessions, calls signed with %v; want 2 and TOKEN-1,TOKEN-2,TOKEN-2", sessions, tokens)
	}

	// A new session refused as expired too is the answer: one renewal per call, no loop.
	s.mu.Lock()
	s.expired["TOKEN-3"] = true
	s.expired["TOKEN-2"] = true
	s.mu.Unlock()
	err := callRegionsUncached(c)
	if CodeOf(err) != "InvalidSecurityToken.Expired" {
		t.Fatalf("with every session refused: %v; want InvalidSecurityToken.Expired", err)
	}
	if sessions, _ := s.seen(); sessions != 3 {
		t.Errorf("%d sessions, want 3 (one renewal for the call)", sessions)
	}
}

// Calls that find the session due for renewal at once share one AssumeRole.
func TestAssumeRoleConcurrentRenewalsShareOneSession(t *testing.T) {
	s := &stsFake{clock: time.Now(), lifetime: 900 * time.Second}
	c := newSTSFakeClient(t, s)
	if err := callRegionsUncached(c); err != nil {
		t.Fatal(err)
	}
	s.advance(12 * time.Minute)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := callRegionsUncached(c); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	sessions, tokens := s.seen()
	if sessions != 2 {
		t.Errorf("%d sessions, want 2 (one renewal for ten calls)", sessions)
	}
	for _, tok := range tokens[1:] {
		if tok != "TOKEN-2" {
			t.Errorf("a call after the renewal signed with %s, want TOKEN-2", tok)
		}
	}
}

// Temporary credentials (credentials_temporary.go): what credentials-go quotes from a
// metadata service, a credentials URI or STS never carries a secret into an error, and a
// service message that echoes the temporary secret or token is scrubbed like any other.
func TestTemporaryCredentialErrorsDoNotLeak(t *testing.T) {
	const (
		tempSecret = "SECRET-temporary-5f3c1a"
		tempToken  = "TOKEN-temporary-0b9e77"
	)
	// A metadata service that hands out credentials, then a product that refuses them and
	// echoes both in its message.
	meta := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/security-credentials/leaky"):
			_, _ = w.Write([]byte(`{"Code":"Success","AccessKeyId":"STS.leaky","AccessKeySecret":"` + tempSecret + `","SecurityToken":"` + tempToken +
				`","Expiration":"` + time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z") + `"}`))
		case r.URL.Path == "/":
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"Code":"Forbidden.Echo","Message":"key STS.leaky secret ` + tempSecret + ` token ` + tempToken + ` refused","RequestId":"R"}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(meta.Close)
	clearProxyEnv(t)
	eps, _ := NewEndpoints(nil, meta.URL)
	c, err := NewClient(Config{Credentials: Credentials{Temporary: &TemporarySource{ECSRole: "leaky"}}, Endpoints: eps, MaxRetries: 0, temporaryProxy: meta.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DescribeRegions(context.Background())
	assertNoSecrets(t, err, tempSecret, tempToken)
	if !strings.Contains(err.Error(), "Forbidden.Echo") {
		t.Fatalf("error %v is not the service's answer", err)
	}

	// An OIDC exchange that STS refuses with a message quoting the token: the token is
	// scrubbed from the credentials error, whether it was given inline or in a file.
	const oidcSecret = "eyJhbGciOiJSUzI1NiJ9.OIDC-SECRET-payload-7d21.sig"
	sts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"Code":"InvalidParameter.OIDCToken","Message":"bad token ` + r.Form.Get("OIDCToken") + `"}`))
	}))
	t.Cleanup(sts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(sts.Certificate())
	dt, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		t.Fatalf("http.DefaultTransport is a %T", http.DefaultTransport)
	}
	old := dt.TLSClientConfig
	dt.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	t.Cleanup(func() { dt.TLSClientConfig = old })
	file := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(file, []byte(oidcSecret), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, o := range []OIDCInput{{Token: oidcSecret}, {TokenFile: file}} {
		o.ProviderARN, o.RoleARN = "acs:ram::1:oidc-provider/x", "acs:ram::1:role/x"
		eps, _ := NewEndpoints(map[Product]string{ProductSTS: sts.URL}, meta.URL)
		c, err := NewClient(Config{Credentials: Credentials{Temporary: &TemporarySource{OIDC: &o}}, Endpoints: eps})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.DescribeRegions(context.Background())
		assertNoSecrets(t, err, oidcSecret, "OIDC-SECRET")
		if !IsCredentialError(err) || !strings.Contains(err.Error(), "InvalidParameter.OIDCToken") {
			t.Errorf("error %v: want a credentials error with STS's answer", err)
		}
		if msg := Explain(err); strings.Contains(msg, "OIDC-SECRET") {
			t.Errorf("Explain shows the token: %s", msg)
		}
	}
}
