package aliyun

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

const (
	fakeAccessKeyID = "LTAI5tFakeKeyForTests"
	fakeSecret      = "SECRET-client-test-5c2e9b71"
	fakeToken       = "TOKEN-client-test-d04f3a88"
)

const fakeRegionsBody = `{"RequestId":"req-1","Regions":{"Region":[` +
	`{"RegionId":"cn-hongkong","LocalName":"中国香港","Status":"available"},` +
	`{"RegionId":"cn-wulanchabu","LocalName":"华北6（乌兰察布）","Status":"unavailable"},` +
	`{"RegionId":"cn-hangzhou","LocalName":"华东1（杭州）","RegionEndpoint":"ecs.cn-hangzhou.aliyuncs.com","Status":"available"}]}}`

// fakeRequest is what the fake Alibaba Cloud endpoint saw of one request.
type fakeRequest struct {
	Method string
	Path   string
	TLS    bool
	Params map[string]string // query and form parameters together
	Raw    string            // request line, headers and body, for "never sent" checks
	SigErr string            // "" when the signature verified
}

// fakeRPC is a fake Alibaba Cloud RPC endpoint. It verifies every request's signature
// the way the service does and answers with handle (nil = the DescribeRegions success body).
type fakeRPC struct {
	t      *testing.T
	secret string
	handle func(n int, w http.ResponseWriter, r *http.Request)
	srv    *httptest.Server

	calls atomic.Int32
	mu    sync.Mutex
	reqs  []fakeRequest
}

func newFakeRPC(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *fakeRPC {
	t.Helper()
	f := &fakeRPC{t: t, secret: fakeSecret, handle: handle}
	f.srv = httptest.NewServer(f)
	t.Cleanup(f.srv.Close)
	return f
}

func newFakeRPCTLS(t *testing.T, handle func(n int, w http.ResponseWriter, r *http.Request)) *fakeRPC {
	t.Helper()
	f := &fakeRPC{t: t, secret: fakeSecret, handle: handle}
	f.srv = httptest.NewUnstartedServer(f)
	f.srv.Config.ErrorLog = log.New(io.Discard, "", 0) // TLS handshake failures are expected in some tests
	f.srv.StartTLS()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeRPC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.calls.Add(1))
	body, _ := io.ReadAll(r.Body)
	rec := fakeRequest{Method: r.Method, Path: r.URL.Path, TLS: r.TLS != nil, Params: map[string]string{}}
	var raw strings.Builder
	fmt.Fprintf(&raw, "%s %s\n", r.Method, r.URL.RequestURI())
	for k, v := range r.Header {
		fmt.Fprintf(&raw, "%s: %s\n", k, strings.Join(v, ","))
	}
	raw.Write(body)
	rec.Raw = raw.String()

	form, err := url.ParseQuery(string(body))
	if err != nil {
		rec.SigErr = "unparsable form body: " + err.Error()
	}
	for _, vals := range []url.Values{r.URL.Query(), form} {
		for k, v := range vals {
			if _, dup := rec.Params[k]; dup || len(v) != 1 {
				rec.SigErr = "parameter " + k + " sent more than once"
			}
			rec.Params[k] = v[0]
		}
	}
	if rec.SigErr == "" {
		want := rpcSign(rpcStringToSign(r.Method, rec.Params), f.secret)
		if got := rec.Params["Signature"]; got == "" || got != want {
			rec.SigErr = fmt.Sprintf("signature %q does not verify (want %q)", got, want)
		}
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, rec)
	f.mu.Unlock()

	if rec.SigErr != "" {
		writeRPCError(w, http.StatusBadRequest, "SignatureDoesNotMatch", "req-sig", "Specified signature is not matched with our calculation.")
		return
	}
	if f.handle == nil {
		writeRegions(w)
		return
	}
	f.handle(n, w, r)
}

func (f *fakeRPC) requests() []fakeRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRequest(nil), f.reqs...)
}

func (f *fakeRPC) count() int { return int(f.calls.Load()) }

func writeRegions(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, fakeRegionsBody) //nolint:errcheck
}

func writeRPCError(w http.ResponseWriter, status int, code, requestID, message string) {
	b := fmt.Sprintf(`{"RequestId":%q,"HostId":"ecs.aliyuncs.com","Code":%q,"Message":%q}`, requestID, code, message)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, b) //nolint:errcheck
}

func throttled(w http.ResponseWriter) {
	writeRPCError(w, http.StatusBadRequest, "Throttling.User", "req-2", "Request was denied due to user flow control.")
}

func hangUp(t *testing.T, w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		t.Fatalf("%T cannot hang up: not an http.Hijacker", w)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	conn.Close()
}

// rpcPercentEncode is Alibaba Cloud's percent encoding for RPC signatures (RFC 3986
// unreserved characters kept, space as %20).
func rpcPercentEncode(s string) string {
	e := url.QueryEscape(s)
	e = strings.ReplaceAll(e, "+", "%20")
	e = strings.ReplaceAll(e, "*", "%2A")
	e = strings.ReplaceAll(e, "%7E", "~")
	return e
}

func rpcStringToSign(method string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	pairs := make([]string, len(keys))
	for i, k := range keys {
		pairs[i] = rpcPercentEncode(k) + "=" + rpcPercentEncode(params[k])
	}
	return method + "&" + rpcPercentEncode("/") + "&" + rpcPercentEncode(strings.Join(pairs, "&"))
}

func rpcSign(stringToSign, secret string) string {
	m := hmac.New(sha1.New, []byte(secret+"&"))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// sleepRecorder replaces Config.Sleep: it records the delays and returns at once.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepRecorder) get() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

const testBaseDelay = 100 * time.Millisecond

// clearProxyEnv keeps the SDK from sending loopback test traffic to a proxy.
func clearProxyEnv(t *testing.T) {
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		t.Setenv(k, "")
	}
}

// newFakeClient builds a Client pointed at endpoint for ECS, with a recording Sleep.
func newFakeClient(t *testing.T, endpoint string, mutate func(*Config)) (*Client, *sleepRecorder) {
	t.Helper()
	clearProxyEnv(t)
	eps, err := NewEndpoints(map[Product]string{ProductECS: endpoint}, "")
	if err != nil {
		t.Fatalf("NewEndpoints: %v", err)
	}
	rec := &sleepRecorder{}
	cfg := Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret, Source: "test"},
		Region:      "cn-hangzhou",
		Endpoints:   eps,
		MaxRetries:  3,
		BaseDelay:   testBaseDelay,
		MaxDelay:    2 * time.Second,
		ReadTimeout: 10 * time.Second,
		Sleep:       rec.sleep,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, rec
}

func assertRegions(t *testing.T, got []Region) {
	t.Helper()
	want := []Region{
		{ID: "cn-hangzhou", LocalName: "华东1（杭州）", Endpoint: "ecs.cn-hangzhou.aliyuncs.com"},
		{ID: "cn-hongkong", LocalName: "中国香港"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("regions = %+v, want %+v (sorted by ID, unavailable ones dropped)", got, want)
	}
}

func assertSigned(t *testing.T, r fakeRequest, wantToken string) {
	t.Helper()
	if r.SigErr != "" {
		t.Errorf("request not correctly signed: %s", r.SigErr)
	}
	p := r.Params
	checks := map[string]string{
		"AccessKeyId":      fakeAccessKeyID,
		"SignatureMethod":  "HMAC-SHA1",
		"SignatureVersion": "1.0",
		"Action":           "DescribeRegions",
		"Version":          "2014-05-26",
		"Format":           "JSON",
	}
	for k, want := range checks {
		if p[k] != want {
			t.Errorf("parameter %s = %q, want %q", k, p[k], want)
		}
	}
	if p["Signature"] == "" || p["SignatureNonce"] == "" {
		t.Errorf("Signature=%q SignatureNonce=%q, want both set", p["Signature"], p["SignatureNonce"])
	}
	ts, err := time.Parse("2006-01-02T15:04:05Z", p["Timestamp"])
	if err != nil {
		t.Errorf("Timestamp %q is not ISO 8601 UTC: %v", p["Timestamp"], err)
	} else if d := time.Since(ts); d < -5*time.Minute || d > 5*time.Minute {
		t.Errorf("Timestamp %s is %v away from now", p["Timestamp"], d)
	}
	if wantToken == "" {
		if _, ok := p["SecurityToken"]; ok {
			t.Errorf("SecurityToken sent for static credentials")
		}
	} else if p["SecurityToken"] != wantToken {
		t.Errorf("SecurityToken parameter does not carry the STS token")
	}
	if strings.Contains(r.Raw, fakeSecret) {
		t.Errorf("the AccessKeySecret was sent over the wire:\n%s", r.Raw)
	}
	// The verifier itself must be able to fail: the wrong secret does not verify.
	if rpcSign(rpcStringToSign(r.Method, p), "not-the-secret") == p["Signature"] {
		t.Fatal("signature verifies with the wrong secret: the fake server's check is broken")
	}
}

// Without a complete access key the client is still built (offline features need
// none); every call fails with a credential error, sends nothing, and never quotes the
// half of the key it was given.
func TestClientWithoutAccessKeyFailsEveryCall(t *testing.T) {
	f := newFakeRPC(t, nil)
	for _, creds := range []Credentials{{}, {AccessKeyID: "LTAIonly"}, {AccessKeySecret: fakeSecret}} {
		eps, _ := NewEndpoints(map[Product]string{ProductECS: f.srv.URL}, "")
		c, err := NewClient(Config{Credentials: creds, Endpoints: eps})
		if err != nil {
			t.Fatalf("NewClient(%s) = %v, want a client whose calls fail", creds, err)
		}
		_, err = c.DescribeRegions(context.Background())
		if err == nil {
			t.Errorf("DescribeRegions with %s succeeded", creds)
			continue
		}
		if !IsCredentialError(err) || !CredentialsRejected(err) {
			t.Errorf("error %v is not a credential error", err)
		}
		if strings.Contains(err.Error(), fakeSecret) {
			t.Errorf("error %q contains the secret", err)
		}
	}
	if f.count() != 0 {
		t.Errorf("%d requests sent without credentials, want none", f.count())
	}
}

func TestCallSignsRequestsOverHTTP(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, nil)
	regions, err := c.DescribeRegions(context.Background())
	if err != nil {
		t.Fatalf("DescribeRegions: %v", err)
	}
	assertRegions(t, regions)
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.TLS {
		t.Error("request to an http:// endpoint arrived over TLS")
	}
	if r.Method != http.MethodPost || r.Path != "/" {
		t.Errorf("request %s %s, want POST /", r.Method, r.Path)
	}
	assertSigned(t, r, "")
	if r.Params["RegionId"] != "cn-hangzhou" {
		t.Errorf("RegionId = %q, want the provider region cn-hangzhou", r.Params["RegionId"])
	}
	if r.Params["AcceptLanguage"] != "en-US" {
		t.Errorf("AcceptLanguage = %q, want en-US", r.Params["AcceptLanguage"])
	}
}

func TestCallSignsWithSecurityToken(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.Credentials.SecurityToken = fakeToken
	})
	if _, err := c.DescribeRegions(context.Background()); err != nil {
		t.Fatalf("DescribeRegions: %v", err)
	}
	reqs := f.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(reqs))
	}
	assertSigned(t, reqs[0], fakeToken)
}

func TestCallUsesRegionArgument(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, nil)
	req := ecs.CreateDescribeRegionsRequest()
	if err := c.Call(context.Background(), ProductECS, "cn-shanghai", req, ecs.CreateDescribeRegionsResponse()); err != nil {
		t.Fatalf("Call: %v", err)
	}
	if got := f.requests()[0].Params["RegionId"]; got != "cn-shanghai" {
		t.Errorf("RegionId = %q, want the region passed to Call", got)
	}
}

func TestCallWithEndpointOverride(t *testing.T) {
	f := newFakeRPC(t, nil)
	clearProxyEnv(t)
	eps, err := NewEndpoints(nil, f.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret},
		Endpoints:   eps,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.DescribeRegions(context.Background()); err != nil {
		t.Fatalf("DescribeRegions via BEIAN_ENDPOINT_OVERRIDE: %v", err)
	}
	if f.count() != 1 {
		t.Errorf("override endpoint saw %d requests, want 1", f.count())
	}
}

func TestCallOverTLS(t *testing.T) {
	for _, tc := range []struct {
		name     string
		endpoint func(srvURL string) string
	}{
		{"https URL", func(u string) string { return u }},
		{"bare host means HTTPS", func(u string) string { return strings.TrimPrefix(u, "https://") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeRPCTLS(t, nil)
			c, rec := newFakeClient(t, tc.endpoint(f.srv.URL), func(cfg *Config) {
				cfg.Transport = f.srv.Client().Transport
			})
			regions, err := c.DescribeRegions(context.Background())
			if err != nil {
				t.Fatalf("DescribeRegions over TLS: %v", err)
			}
			assertRegions(t, regions)
			reqs := f.requests()
			if len(reqs) != 1 || !reqs[0].TLS {
				t.Fatalf("requests = %+v, want exactly one over TLS", reqs)
			}
			assertSigned(t, reqs[0], "")
			if len(rec.get()) != 0 {
				t.Errorf("slept %v on a successful call", rec.get())
			}
		})
	}
}

func TestCallUntrustedCertificateIsNotRetried(t *testing.T) {
	f := newFakeRPCTLS(t, nil)
	// No Transport: the default one does not trust the test server's certificate.
	c, rec := newFakeClient(t, f.srv.URL, nil)
	_, err := c.DescribeRegions(context.Background())
	if err == nil {
		t.Fatal("DescribeRegions succeeded against an untrusted certificate")
	}
	if ClassOf(err) != ClassOther {
		t.Errorf("class = %s, want other: a certificate problem does not go away by retrying (%v)", ClassOf(err), err)
	}
	if n := len(rec.get()); n != 0 {
		t.Errorf("slept %d times, want no retry", n)
	}
	if f.count() != 0 {
		t.Errorf("handler ran %d times, want 0 (handshake must fail)", f.count())
	}
}

func TestCallRetriesTransientFailures(t *testing.T) {
	tests := []struct {
		name   string
		fail   func(t *testing.T, w http.ResponseWriter)
		nFails int
	}{
		{"Throttling.User twice", func(_ *testing.T, w http.ResponseWriter) { throttled(w) }, 2},
		{"503 ServiceUnavailable", func(_ *testing.T, w http.ResponseWriter) {
			writeRPCError(w, 503, "ServiceUnavailable", "req-3", "The request has failed due to a temporary failure of the server.")
		}, 1},
		{"500 InternalError", func(_ *testing.T, w http.ResponseWriter) {
			writeRPCError(w, 500, "InternalError", "req-4", "The request processing has failed due to some unknown error.")
		}, 1},
		{"429 without a known code", func(_ *testing.T, w http.ResponseWriter) {
			writeRPCError(w, 429, "TooManyRequests", "req-5", "slow down")
		}, 1},
		{"LastOperationNotFinished", func(_ *testing.T, w http.ResponseWriter) {
			writeRPCError(w, 400, "LastOperationNotFinished", "req-6", "Last operation does not finish.")
		}, 1},
		{"connection closed by the server", hangUp, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n <= tt.nFails {
					tt.fail(t, w)
					return
				}
				writeRegions(w)
			})
			c, rec := newFakeClient(t, f.srv.URL, nil)
			regions, err := c.DescribeRegions(context.Background())
			if err != nil {
				t.Fatalf("DescribeRegions: %v", err)
			}
			assertRegions(t, regions)
			if got, want := f.count(), tt.nFails+1; got != want {
				t.Errorf("server saw %d requests, want %d", got, want)
			}
			delays := rec.get()
			if len(delays) != tt.nFails {
				t.Fatalf("slept %d times (%v), want %d", len(delays), delays, tt.nFails)
			}
			// Exponential backoff with jitter: attempt n waits within [cap/10, cap],
			// cap = BaseDelay·2^(n-1).
			for i, d := range delays {
				limit := testBaseDelay << i
				if d < limit/10 || d > limit {
					t.Errorf("delay #%d = %v, want within [%v, %v]", i+1, d, limit/10, limit)
				}
			}
			// Every retry is freshly signed: the server verified them all, and no nonce
			// was reused.
			nonces := map[string]bool{}
			for _, r := range f.requests() {
				if r.SigErr != "" {
					t.Errorf("retry not correctly signed: %s", r.SigErr)
				}
				if nonces[r.Params["SignatureNonce"]] {
					t.Errorf("SignatureNonce %q reused on a retry", r.Params["SignatureNonce"])
				}
				nonces[r.Params["SignatureNonce"]] = true
			}
		})
	}
}

func TestCallDoesNotRetryClientErrors(t *testing.T) {
	tests := []struct {
		status    int
		code      string
		wantClass Class
	}{
		{400, "InvalidParameter", ClassOther},
		{404, "InvalidAccessKeyId.NotFound", ClassAuth},
		{400, "SignatureDoesNotMatch", ClassAuth},
		{403, "Forbidden.RAM", ClassAuth},
		{400, "DomainRecordDuplicate", ClassConflict},
		{400, "InvalidDomainName.NoExist", ClassNotFound},
		{404, "InvalidAction.NotFound", ClassOther},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
				writeRPCError(w, tt.status, tt.code, "req-2", "The request was rejected.")
			})
			c, rec := newFakeClient(t, f.srv.URL, nil)
			_, err := c.DescribeRegions(context.Background())
			if err == nil {
				t.Fatal("DescribeRegions succeeded")
			}
			if f.count() != 1 {
				t.Errorf("server saw %d requests, want exactly 1 (no retry on %d %s)", f.count(), tt.status, tt.code)
			}
			if n := len(rec.get()); n != 0 {
				t.Errorf("slept %d times, want 0", n)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *aliyun.Error", err)
			}
			if e.Class != tt.wantClass || e.Code != tt.code || e.HTTPStatus != tt.status || e.RequestID != "req-2" || e.Attempts != 1 {
				t.Errorf("error = {class %s code %s status %d request %s attempts %d}, want {%s %s %d req-2 1}",
					e.Class, e.Code, e.HTTPStatus, e.RequestID, e.Attempts, tt.wantClass, tt.code, tt.status)
			}
			if e.Endpoint != f.srv.URL {
				t.Errorf("Endpoint = %q, want %q", e.Endpoint, f.srv.URL)
			}
			msg := err.Error()
			for _, want := range []string{"ecs.DescribeRegions", tt.code, "request id req-2"} {
				if !strings.Contains(msg, want) {
					t.Errorf("Error() = %q, want it to contain %q", msg, want)
				}
			}
		})
	}
}

func TestCallErrorNeverContainsParameterValues(t *testing.T) {
	const sentinel = "param-value-SENTINEL-a8c1"
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		writeRPCError(w, 400, "InvalidParameter", "req-2", "The specified parameter is not valid.")
	})
	c, _ := newFakeClient(t, f.srv.URL, nil)
	req := ecs.CreateDescribeInstancesRequest()
	req.InstanceName = sentinel
	err := c.Call(context.Background(), ProductECS, "", req, ecs.CreateDescribeInstancesResponse())
	if err == nil {
		t.Fatal("Call succeeded")
	}
	if got := f.requests()[0].Params["InstanceName"]; got != sentinel {
		t.Fatalf("the parameter did not reach the server (InstanceName=%q): the test proves nothing", got)
	}
	msg := err.Error()
	if strings.Contains(msg, sentinel) {
		t.Errorf("Error() = %q contains a parameter value", msg)
	}
	if strings.Contains(msg, fakeSecret) || strings.Contains(msg, fakeAccessKeyID) {
		t.Errorf("Error() = %q contains credentials", msg)
	}
	if !strings.Contains(msg, "ecs.DescribeInstances: InvalidParameter") || !strings.Contains(msg, "req-2") {
		t.Errorf("Error() = %q, want product.action, code and request id", msg)
	}
}

// The real service echoes its string to sign, which contains the SecurityToken, in the
// message of a SignatureDoesNotMatch error. That message must not reach the user.
func TestCallSignatureMismatchMessageDoesNotLeakToken(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		q.Del("Signature")
		params := map[string]string{}
		for k := range q {
			params[k] = q.Get(k)
		}
		writeRPCError(w, 400, "SignatureDoesNotMatch", "req-2",
			"Specified signature is not matched with our calculation. server string to sign is:"+rpcStringToSign(r.Method, params))
	})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.Credentials.SecurityToken = fakeToken })
	_, err := c.DescribeRegions(ctx)
	if err == nil {
		t.Fatal("DescribeRegions succeeded")
	}
	if strings.Contains(err.Error(), fakeToken) {
		t.Errorf("Error() contains the security token: %s", err)
	}
	if strings.Contains(buf.String(), fakeToken) {
		t.Errorf("log contains the security token")
	}
}

// A transport error from net/http quotes the request URL, and RPC requests carry every
// parameter, the signature and the SecurityToken in the query string.
func TestCallTransportErrorDoesNotLeakTokenOrParameters(t *testing.T) {
	const sentinel = "param-value-SENTINEL-77e0"
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { hangUp(t, w) })
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.Credentials.SecurityToken = fakeToken
		cfg.MaxRetries = 0
	})
	req := ecs.CreateDescribeInstancesRequest()
	req.InstanceName = sentinel
	err := c.Call(context.Background(), ProductECS, "", req, ecs.CreateDescribeInstancesResponse())
	if ClassOf(err) != ClassUnavailable {
		t.Fatalf("err = %v, want a transport failure", err)
	}
	for _, s := range []string{fakeToken, sentinel, "Signature="} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("Error() contains %q: %s", s, err)
		}
	}
}

func TestCallConcurrentCallsShareOneClient(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, nil)
	const n = 8
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if f.count() != n {
		t.Errorf("server saw %d requests, want %d", f.count(), n)
	}
}

func TestCallRespectsMaxRetries(t *testing.T) {
	for _, maxRetries := range []int{0, 1, 4} {
		t.Run(fmt.Sprintf("MaxRetries=%d", maxRetries), func(t *testing.T) {
			f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { throttled(w) })
			c, rec := newFakeClient(t, f.srv.URL, func(cfg *Config) {
				cfg.MaxRetries = maxRetries
				cfg.MaxDelay = 250 * time.Millisecond
			})
			_, err := c.DescribeRegions(context.Background())
			if err == nil {
				t.Fatal("DescribeRegions succeeded against an always-throttling server")
			}
			if got := f.count(); got != maxRetries+1 {
				t.Errorf("server saw %d requests, want MaxRetries+1 = %d", got, maxRetries+1)
			}
			if got := len(rec.get()); got != maxRetries {
				t.Errorf("slept %d times, want %d", got, maxRetries)
			}
			for i, d := range rec.get() {
				if d > 250*time.Millisecond {
					t.Errorf("delay #%d = %v exceeds MaxDelay 250ms", i+1, d)
				}
			}
			var e *Error
			if !errors.As(err, &e) || e.Class != ClassThrottled || e.Attempts != maxRetries+1 || e.Code != "Throttling.User" {
				t.Fatalf("error = %#v, want class throttled, code Throttling.User, %d attempts", e, maxRetries+1)
			}
			if ClassOf(err) != ClassThrottled {
				t.Errorf("ClassOf(err) = %v, want ClassThrottled", ClassOf(err))
			}
			if maxRetries > 0 && !strings.Contains(err.Error(), fmt.Sprintf("after %d attempts", maxRetries+1)) {
				t.Errorf("Error() = %q, want the number of attempts", err)
			}
		})
	}
}

func TestCallNegativeMaxRetriesMeansNone(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { throttled(w) })
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.MaxRetries = -3 })
	if _, err := c.DescribeRegions(context.Background()); err == nil {
		t.Fatal("DescribeRegions succeeded")
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests, want 1", f.count())
	}
}

func TestCallConnectionFailureExhaustsRetries(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { hangUp(t, w) })
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.DescribeRegions(context.Background())
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not *aliyun.Error", err, err)
	}
	if e.Class != ClassUnavailable || e.Attempts != 3 || e.Err == nil {
		t.Errorf("error = {class %s attempts %d err %v}, want unavailable, 3 attempts, the transport error", e.Class, e.Attempts, e.Err)
	}
	if f.count() != 3 {
		t.Errorf("server saw %d requests, want 3", f.count())
	}
}

func TestCallContextCancelledDuringSleep(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { throttled(w) })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var slept atomic.Int32
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.MaxRetries = 5
		cfg.Sleep = func(sleepCtx context.Context, d time.Duration) error {
			slept.Add(1)
			cancel()
			select {
			case <-sleepCtx.Done():
				return sleepCtx.Err()
			case <-time.After(5 * time.Second):
				t.Error("Sleep was not given the caller's context")
				return nil
			}
		}
	})
	err := returnsWithin(t, 10*time.Second, func() error { return callRegions(ctx, c) })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want one wrapping context.Canceled", err)
	}
	if f.count() != 1 || slept.Load() != 1 {
		t.Errorf("requests=%d sleeps=%d, want 1 and 1: nothing may happen after cancellation", f.count(), slept.Load())
	}
	if !strings.Contains(err.Error(), "Throttling.User") {
		t.Errorf("Error() = %q, want the last error that caused the wait", err)
	}
}

func TestCallContextDeadlineDuringRealBackoff(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { throttled(w) })
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) {
		cfg.Sleep = nil // the real, context-aware sleep
		cfg.BaseDelay = time.Minute
		cfg.MaxDelay = time.Minute
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := returnsWithin(t, 5*time.Second, func() error { return callRegions(ctx, c) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want one wrapping context.DeadlineExceeded", err)
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests, want 1", f.count())
	}
}

func TestCallContextCancelledDuringSlowRequest(t *testing.T) {
	release := make(chan struct{})
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		writeRegions(w)
	})
	t.Cleanup(func() { close(release) }) // runs before the server closes
	c, rec := newFakeClient(t, f.srv.URL, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := returnsWithin(t, 5*time.Second, func() error { return callRegions(ctx, c) })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want one wrapping context.DeadlineExceeded", err)
	}
	if len(rec.get()) != 0 {
		t.Errorf("slept %v after the context expired; want no retry", rec.get())
	}
}

// returnsWithin runs call and fails the test at once if it has not returned within limit.
func returnsWithin(t *testing.T, limit time.Duration, call func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("call did not return within %v of its context ending", limit)
		return nil
	}
}

func TestCallAlreadyCancelledSendsNothing(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.DescribeRegions(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if f.count() != 0 {
		t.Errorf("server saw %d requests with a cancelled context", f.count())
	}
}

func TestCallRateLimit(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = 5 })
	const calls = 8
	begin := time.Now()
	for i := 0; i < calls; i++ {
		if err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	elapsed := time.Since(begin)
	// A burst of 5, then one token every 200ms: at least 3×200ms for 8 calls.
	if floor := 450 * time.Millisecond; elapsed < floor {
		t.Errorf("%d calls at 5 requests/s took %v, want at least %v", calls, elapsed, floor)
	}
	if f.count() != calls {
		t.Errorf("server saw %d requests, want %d", f.count(), calls)
	}
}

func TestCallRateLimitHonoursContext(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.RequestsPerSecond = 0.2 }) // one token per 5s
	if err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); err != nil {
		t.Fatalf("first call: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	begin := time.Now()
	err := c.Call(ctx, ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse())
	if err == nil {
		t.Fatal("second call succeeded although the rate limit forbids it within the deadline")
	}
	if elapsed := time.Since(begin); elapsed > 3*time.Second {
		t.Errorf("second call returned after %v, want promptly", elapsed)
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests, want 1", f.count())
	}
}

func TestDescribeRegionsIsCached(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, nil)
	for i := 0; i < 3; i++ {
		regions, err := c.DescribeRegions(context.Background())
		if err != nil {
			t.Fatalf("DescribeRegions #%d: %v", i+1, err)
		}
		assertRegions(t, regions)
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests for 3 DescribeRegions calls, want 1", f.count())
	}
}

func TestDescribeRegionsConcurrentCallersShareOneRequest(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			close(entered)
			select {
			case <-release:
			case <-time.After(5 * time.Second):
			}
		}
		writeRegions(w)
	})
	c, _ := newFakeClient(t, f.srv.URL, nil)
	const n = 10
	var wg sync.WaitGroup
	results := make([][]Region, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i], errs[i] = c.DescribeRegions(context.Background())
		}(i)
	}
	<-entered
	time.Sleep(50 * time.Millisecond) // let the other callers queue up
	close(release)
	wg.Wait()
	for i := range results {
		if errs[i] != nil {
			t.Errorf("caller %d: %v", i, errs[i])
			continue
		}
		assertRegions(t, results[i])
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests for %d concurrent callers, want 1", f.count(), n)
	}
}

// callRegions makes one DescribeRegions call through Call, without the run's memo: the
// cancellation tests are about Call, whose context is the caller's own.
func callRegions(ctx context.Context, c *Client) error {
	return c.Call(ctx, ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse())
}

// A failure of the listing is kept for the run like a success (memo's rule): a key
// without permission is told once, not once per record.
func TestDescribeRegionsFailureIsKeptForTheRun(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			writeRPCError(w, 403, "Forbidden.RAM", "req-2", "User not authorized to operate on the specified resource.")
			return
		}
		writeRegions(w)
	})
	c, _ := newFakeClient(t, f.srv.URL, nil)
	for i := 0; i < 3; i++ {
		if _, err := c.DescribeRegions(context.Background()); !IsAuth(err) {
			t.Fatalf("call %d: err = %v, want the kept auth failure", i, err)
		}
	}
	if f.count() != 1 {
		t.Errorf("server saw %d requests, want 1 (the failure kept for the run)", f.count())
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	c, err := NewClient(Config{
		Credentials: Credentials{AccessKeyID: fakeAccessKeyID, AccessKeySecret: fakeSecret},
		BaseDelay:   100 * time.Millisecond,
		MaxDelay:    1 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	for attempt := 1; attempt <= 8; attempt++ {
		capD := 100 * time.Millisecond << (attempt - 1)
		if capD > time.Second {
			capD = time.Second
		}
		lo, hi := time.Duration(1<<62), time.Duration(0)
		for i := 0; i < 300; i++ {
			d := c.backoffPolicy().Delay(attempt)
			if d < capD/10 || d > capD {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, capD/10, capD)
			}
			lo, hi = min(lo, d), max(hi, d)
		}
		// Full jitter: the delays spread over the whole range rather than being fixed.
		if hi < capD*8/10 || lo > capD*3/10 {
			t.Errorf("backoff(%d) ranged over [%v, %v]; want it spread over [%v, %v]", attempt, lo, hi, capD/10, capD)
		}
	}
	if d := c.backoffPolicy().Delay(500); d > time.Second || d <= 0 {
		t.Errorf("backoff(500) = %v, want capped at MaxDelay and positive", d)
	}
}

func TestCallLogsEveryAttemptWithoutSecrets(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			throttled(w)
		case 2:
			writeRegions(w)
		case 3:
			writeRPCError(w, 400, "InvalidParameter", "req-9", "The specified parameter is not valid.")
		default:
			hangUp(t, w)
		}
	})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.Credentials.SecurityToken = fakeToken })
	if _, err := c.DescribeRegions(ctx); err != nil {
		t.Fatalf("DescribeRegions: %v", err)
	}
	err := c.Call(ctx, ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse())
	if err == nil {
		t.Fatal("third request should have failed")
	}
	// A transport failure's error text holds the whole request URL; it must not be logged.
	if err := c.Call(ctx, ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); ClassOf(err) != ClassUnavailable {
		t.Fatalf("hang-up call: err = %v, want a transport failure", err)
	}
	raw := buf.String()
	for _, secret := range []string{fakeSecret, fakeToken, "Signature="} {
		if strings.Contains(raw, secret) {
			t.Errorf("log output contains a credential (%q):\n%s", secret, raw)
		}
	}
	entries, decErr := tflogtest.MultilineJSONDecode(&buf)
	if decErr != nil {
		t.Fatalf("decoding log: %v", decErr)
	}
	find := func(msg string) map[string]any {
		for _, e := range entries {
			if e["@message"] == msg {
				return e
			}
		}
		t.Errorf("no log entry %q in:\n%s", msg, raw)
		return nil
	}
	check := func(e map[string]any, attempt int, requestID string) {
		t.Helper()
		if e == nil {
			return
		}
		if e["@level"] != "debug" {
			t.Errorf("%q logged at %v, want debug", e["@message"], e["@level"])
		}
		if e["action"] != "DescribeRegions" || e["product"] != "ecs" {
			t.Errorf("%q: action=%v product=%v, want DescribeRegions/ecs", e["@message"], e["action"], e["product"])
		}
		if a, ok := e["attempt"].(float64); !ok || int(a) != attempt {
			t.Errorf("%q: attempt=%v, want %d", e["@message"], e["attempt"], attempt)
		}
		if e["request_id"] != requestID {
			t.Errorf("%q: request_id=%v, want %s", e["@message"], e["request_id"], requestID)
		}
		if l, ok := e["latency_ms"].(float64); !ok || l < 0 {
			t.Errorf("%q: latency_ms=%v, want a non-negative number", e["@message"], e["latency_ms"])
		}
	}
	retrying := find("Alibaba Cloud API call failed, retrying")
	check(retrying, 1, "req-2")
	if retrying != nil {
		if retrying["error_code"] != "Throttling.User" || retrying["error_class"] != "throttled" {
			t.Errorf("retry entry: error_code=%v error_class=%v", retrying["error_code"], retrying["error_class"])
		}
		if _, ok := retrying["retry_in_ms"].(float64); !ok {
			t.Errorf("retry entry lacks retry_in_ms: %v", retrying)
		}
	}
	check(find("Alibaba Cloud API call succeeded"), 2, "req-1")
	failed := find("Alibaba Cloud API call failed")
	check(failed, 1, "req-9")
	if failed != nil && (failed["error_code"] != "InvalidParameter" || failed["error_class"] != "other" || failed["http_status"] != float64(400)) {
		t.Errorf("failure entry: code=%v class=%v status=%v", failed["error_code"], failed["error_class"], failed["http_status"])
	}
}

// The attempt limit is enforced in one place, the attempt itself: the last attempt of a
// retryable failure is logged as the final failure (not as one more "retrying"), with
// its attempt number.
func TestCallLastRetryableFailureIsLoggedAsFinal(t *testing.T) {
	f := newFakeRPC(t, func(n int, w http.ResponseWriter, r *http.Request) { throttled(w) })
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c, _ := newFakeClient(t, f.srv.URL, func(cfg *Config) { cfg.MaxRetries = 2 })
	if err := c.Call(ctx, ProductECS, "", ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()); ClassOf(err) != ClassThrottled {
		t.Fatalf("err = %v, want throttled", err)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var retrying, final []float64
	for _, e := range entries {
		switch e["@message"] {
		case "Alibaba Cloud API call failed, retrying":
			retrying = append(retrying, attemptOf(t, e))
		case "Alibaba Cloud API call failed":
			final = append(final, attemptOf(t, e))
		}
	}
	if fmt.Sprint(retrying) != "[1 2]" || fmt.Sprint(final) != "[3]" {
		t.Errorf("retrying at attempts %v, final failure at %v; want [1 2] and [3]", retrying, final)
	}
}

// attemptOf is the attempt field of a JSON log entry (a number).
func attemptOf(t *testing.T, e map[string]any) float64 {
	t.Helper()
	n, ok := e["attempt"].(float64)
	if !ok {
		t.Fatalf("log entry %v: attempt is %T, want a number", e, e["attempt"])
	}
	return n
}
