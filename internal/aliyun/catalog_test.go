package aliyun

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"syscall"
	"testing"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/alidns"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
	"github.com/beian-dev/terraform-provider-beian/internal/testutil"
)

// The client reads the action table (internal/apicatalog): which actions it may send and
// to which endpoint, whether a timed-out attempt is sent again, and the class of every
// declared error code. These tests hold it to every row.

// The table's products are the provider's endpoint products, one for one.
func TestCatalogProductsAreTheEndpointProducts(t *testing.T) {
	var table, endpoints []string
	for _, p := range apicatalog.Products() {
		table = append(table, p.Endpoint)
	}
	for _, p := range Products {
		endpoints = append(endpoints, string(p.Product))
	}
	sort.Strings(table)
	sort.Strings(endpoints)
	if strings.Join(table, " ") != strings.Join(endpoints, " ") {
		t.Errorf("the action table's products %v are not the endpoint products %v", table, endpoints)
	}
}

// A timed-out attempt is sent again once when the action's row says it is safe to resend
// (every read), never otherwise (every write here): for every row of the table.
func TestTimedOutAttemptIsResentOnlyWhenItsRowSaysSo(t *testing.T) {
	c, _ := newFakeClient(t, "http://127.0.0.1:1", nil) // MaxRetries 3
	timedOut := &Error{Class: ClassUnavailable, Timeout: true}
	reads := 0
	for _, act := range apicatalog.Actions() {
		l := &callLoop{c: c, act: act}
		l.timeouts = 1
		if got := l.again(timedOut, 1); got != act.Resend {
			t.Errorf("%s (%s): first timeout sent again = %v, want %v", act.Key(), act.Access, got, act.Resend)
		}
		l.timeouts = 2
		if l.again(timedOut, 2) {
			t.Errorf("%s: a second timeout is sent again; want at most one resend", act.Key())
		}
		if act.Access == apicatalog.Read {
			reads++
		}
	}
	if reads == 0 || reads == len(apicatalog.Actions()) {
		t.Fatalf("%d reads among %d actions: the test needs both kinds", reads, len(apicatalog.Actions()))
	}
}

// Every code a row declares is classified as the row says, through the real classifier of
// an answered call.
func TestClassifyReadsTheCatalog(t *testing.T) {
	n := 0
	for _, act := range apicatalog.Actions() {
		p, _ := apicatalog.ProductOf(act.Product)
		for _, code := range append(act.Codes, apicatalog.Common()...) {
			name := strings.TrimSuffix(code.Code, "*")
			if name != code.Code {
				name += "Parameter" // Missing* → MissingParameter
			}
			status := code.Status
			if status == 0 {
				status = 400
			}
			body := `{"Code":"` + name + `","Message":"m","RequestId":"r"}`
			e := classify(Product(p.Endpoint), act.Name, sdkerrors.NewServerError(status, body, ""))
			if e.Class != code.Class || e.Code != name {
				t.Errorf("%s answering %s: class %s, the table says %s", act.Key(), name, e.Class, code.Class)
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d codes checked", n)
	}
}

// classifyCode is the guess for codes the table does not declare, from the code and the
// HTTP status. Where a declared class differs from that guess (at the status its source
// gives), the difference is deliberate and listed here with its reason:
// a ".NotFound" that names a bad parameter value, not a missing object, must not make a
// resource drop out of state.
func TestDeclaredClassesDifferFromTheGuessOnlyWhereListed(t *testing.T) {
	const paramValue = "a parameter value the client never sends, not an object that is gone"
	differs := map[string]string{
		"InvalidApi.NotFound":                "an unknown API (wrong endpoint or version), not an object that is gone",
		"InvalidAcceptLanguage.NotFound":     paramValue,
		"Invalid.InstanceChargeType":         "403, yet a parameter value the client never sends, not a permission",
		"InvalidResourceType.NotFound":       paramValue,
		"InvalidHpcClusterId.NotFound":       paramValue,
		"InvalidInstanceChargeType.NotFound": paramValue,
		"InvalidLockReason.NotFound":         paramValue,
		"InvalidFilterKey.NotFound":          paramValue,
		"InvalidNetworkType.NotFound":        paramValue,
		"InvalidStatus.NotFound":             paramValue,
		"InvalidRegionId.NotFound":           "a region the account cannot use (DescribeNatGateways), not an object that is gone",
		"InvalidInstanceId.NotFound":         "an id given to SWAS ListInstances' InstanceIds filter; the lookup reads an empty answer as gone itself",
	}
	seen := map[string]bool{}
	check := func(where string, code apicatalog.Code) {
		name, status := strings.TrimSuffix(code.Code, "*"), code.Status
		if status == 0 {
			status = 400
		}
		guess := classifyCode(name, status)
		if _, listed := differs[code.Code]; listed {
			seen[code.Code] = true
			if guess == code.Class {
				t.Errorf("%s %s: listed as differing, but the guess agrees (%s): drop it from the list", where, code.Code, guess)
			}
			return
		}
		if guess != code.Class {
			t.Errorf("%s %s: declared %s, guessed %s; list it here with the reason, or fix the row", where, code.Code, code.Class, guess)
		}
	}
	for _, code := range apicatalog.Common() {
		check("common", code)
	}
	for _, act := range apicatalog.Actions() {
		for _, code := range act.Codes {
			check(act.Key(), code)
		}
	}
	for code := range differs {
		if !seen[code] {
			t.Errorf("%s is listed as differing but no row declares it", code)
		}
	}
}

// An action without a row is not sent: the table is the list of what the provider calls.
func TestCallRefusesAnActionWithoutARow(t *testing.T) {
	f := newFakeRPC(t, nil)
	c, _ := newFakeClient(t, f.srv.URL, nil)
	err := c.Call(context.Background(), ProductECS, "", ecs.CreateDescribeZonesRequest(), ecs.CreateDescribeZonesResponse())
	if err == nil || !strings.Contains(err.Error(), "ecs.DescribeZones has no row in the action table (internal/apicatalog)") {
		t.Errorf("an action without a row: %v; want it refused, naming the table", err)
	}
	// A request of another API version than the row's.
	req := requests.NewCommonRequest()
	req.Product, req.Version, req.ApiName = "ecs", "2099-01-01", "DescribeRegions"
	req.TransToAcsRequest()
	err = c.Call(context.Background(), ProductECS, "", req, responses.NewCommonResponse())
	if err == nil || !strings.Contains(err.Error(), "API version 2099-01-01, but the action table has Ecs.DescribeRegions at 2014-05-26") {
		t.Errorf("another version: %v; want it refused", err)
	}
	if f.count() != 0 {
		t.Errorf("the server saw %d requests, want none", f.count())
	}
}

// A refused connection is an answer: the call fails after one more attempt, whatever
// max_retries says, for a read and for a write (nothing was sent, so resending a write
// is safe), after one short wait.
func TestCallRefusedConnectionIsTriedOnceMore(t *testing.T) {
	addr := testutil.RefusedAddr(t)
	for _, tc := range []struct {
		name    string
		product Product
		req     func() (requests.AcsRequest, responses.AcsResponse)
	}{
		{"read", ProductECS, func() (requests.AcsRequest, responses.AcsResponse) {
			return ecs.CreateDescribeRegionsRequest(), ecs.CreateDescribeRegionsResponse()
		}},
		{"write", ProductAlidns, func() (requests.AcsRequest, responses.AcsResponse) {
			r := alidns.CreateAddDomainRecordRequest()
			r.DomainName, r.RR, r.Type, r.Value = "example.com", "www", "A", "192.0.2.1"
			return r, alidns.CreateAddDomainRecordResponse()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, rec := newFakeClient(t, "http://"+addr, func(cfg *Config) {
				cfg.MaxRetries = 8
				cfg.Endpoints, _ = NewEndpoints(nil, "http://"+addr)
			})
			req, resp := tc.req()
			err := c.Call(context.Background(), tc.product, "", req, resp)
			var e *Error
			if !errors.As(err, &e) || !e.unreached || e.Class != ClassUnavailable || e.Attempts != 2 {
				t.Fatalf("err = %#v; want a refused connection, unavailable, after 2 attempts", err)
			}
			if !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "after 2 attempts") {
				t.Errorf("Error() = %q; want the refusal and the 2 attempts", err)
			}
			if d := rec.get(); len(d) != 1 || d[0] > testBaseDelay {
				t.Errorf("waits %v; want one, of at most the base delay %v", d, testBaseDelay)
			}
		})
	}
	// max_retries = 0 still means one attempt only.
	c, _ := newFakeClient(t, "http://"+addr, func(cfg *Config) { cfg.MaxRetries = 0 })
	if err := callRegions(context.Background(), c); !strings.Contains(err.Error(), "connection refused") || strings.Contains(err.Error(), "attempts") {
		t.Errorf("max_retries = 0: %v; want one refused attempt", err)
	}
}

// unreachable sees a refusal through the wrapping of the transport, and tells the other
// ways a request cannot have left from errors that may have reached the endpoint.
func TestUnreachable(t *testing.T) {
	addr := testutil.RefusedAddr(t)
	_, err := (&http.Client{}).Get("http://" + addr + "/?Signature=secret")
	if err == nil || unreachable(err) != "connection refused" || unreachable(sanitize(err)) != "connection refused" {
		t.Errorf("unreachable(%v) = %q", err, unreachable(err))
	}
	dial := func(errno syscall.Errno) error {
		return &url.Error{Op: "Post", URL: "https://alidns.cn-hangzhou.aliyuncs.com/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}}
	}
	// The resolver's errors as Go reports them (seen in a network namespace with only
	// loopback, and on a machine whose resolver answers NXDOMAIN).
	lookup := func(text string, notFound, temporary bool) error {
		return &url.Error{Op: "Post", URL: "https://alidns.cn-hangzhou.aliyuncs.com/", Err: &net.OpError{Op: "dial", Net: "tcp",
			Err: &net.DNSError{Err: text, Name: "alidns.cn-hangzhou.aliyuncs.com", Server: "10.255.255.53:53", IsNotFound: notFound, IsTemporary: temporary}}}
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{dial(syscall.ENETUNREACH), "no route to the endpoint"},
		{dial(syscall.EHOSTUNREACH), "no route to the endpoint"},
		{lookup("no such host", true, false), "no such host"},
		{lookup("dial udp 10.255.255.53:53: connect: network is unreachable", false, true), "no route to the resolver"},
		// May have reached it, or may work a moment later: the usual retries.
		{dial(syscall.ECONNRESET), ""},
		{lookup("server misbehaving", false, true), ""},
		{lookup("i/o timeout", false, true), ""},
		{errors.New("connection refused"), ""},
		{context.DeadlineExceeded, ""},
	} {
		if got := unreachable(c.err); got != c.want {
			t.Errorf("unreachable(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
