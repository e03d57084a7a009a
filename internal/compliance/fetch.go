package compliance

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/netspecial"
	"github.com/beian-dev/terraform-provider-beian/internal/retry"
)

// Defaults of FetchOptions, used by DefaultFetchOptions.
const (
	DefaultTimeout      = 10 * time.Second
	DefaultMaxBodyBytes = 2 << 20 // 2 MiB
	DefaultMaxRedirects = 5
	DefaultRetries      = 2
	DefaultBackoff      = 500 * time.Millisecond
)

// FetchOptions bound what Fetch may do. Use DefaultFetchOptions and change
// what you need: the zero value means no time, no body and no retries.
type FetchOptions struct {
	// Timeout is the budget of the whole fetch: every attempt, redirect,
	// backoff wait and the reading of the body.
	Timeout time.Duration
	// MaxBodyBytes is how much of the body is read; a longer body is cut
	// (Response.Truncated). Decompressed bytes count.
	MaxBodyBytes int64
	// AllowPrivateAddresses lets Fetch connect to loopback, private,
	// link-local, shared (CGNAT), unspecified and multicast addresses, which
	// it refuses by default (see IsPrivateAddress).
	AllowPrivateAddresses bool
	// MaxRedirects is how many redirects are followed.
	MaxRedirects int
	// Retries is how many times a request is repeated after a connection
	// error or an HTTP 5xx answer; Backoff is the first wait, doubled each
	// time. Timeouts, TLS failures and redirect problems are not retried.
	Retries int
	Backoff time.Duration
	// UserAgent is sent as the User-Agent header.
	UserAgent string
	// RootCAs replaces the system's certificate pool (tests); nil uses the
	// system's. Certificates are always verified.
	RootCAs *x509.CertPool
}

// DefaultFetchOptions returns the defaults: 10s, 2 MiB, no private
// addresses, 5 redirects, 2 retries from 500ms.
func DefaultFetchOptions() FetchOptions {
	return FetchOptions{
		Timeout: DefaultTimeout, MaxBodyBytes: DefaultMaxBodyBytes, MaxRedirects: DefaultMaxRedirects,
		Retries: DefaultRetries, Backoff: DefaultBackoff, UserAgent: "terraform-provider-beian (site compliance check)",
	}
}

// Response is a fetched page.
type Response struct {
	// StatusCode and Status of the last response (after redirects).
	StatusCode int
	Status     string
	// FinalURL is the URL of the last response.
	FinalURL string
	// ContentType is its Content-Type header.
	ContentType string
	// Body holds at most MaxBodyBytes bytes of the body.
	Body []byte
	// Truncated reports that the body was longer than MaxBodyBytes.
	Truncated bool
	// Attempts is how many times the request was sent (1 + retries used).
	Attempts int
}

// FetchError is a failure that is the site's (or the network's) doing: a
// timeout, a refused connection, an invalid certificate, too many redirects
// or a redirect loop, a redirect to a refused address. Its message says what
// happened in words.
type FetchError struct {
	// URL is the URL being fetched when it failed.
	URL string
	// Reason is the sentence describing the failure.
	Reason string
	// Err is the underlying error.
	Err error
}

func (e *FetchError) Error() string { return e.Reason }
func (e *FetchError) Unwrap() error { return e.Err }

// BlockedAddressError reports a connection refused by the private address
// guard.
type BlockedAddressError struct {
	// Host is the host name (or IP literal) of the URL.
	Host string
	// IP is the address Host resolved to.
	IP netip.Addr
	// Class names the kind of address, e.g. "loopback".
	Class string
}

func (e *BlockedAddressError) Error() string {
	what := fmt.Sprintf("%s is a %s address", e.IP, e.Class)
	if e.Host != "" && e.Host != e.IP.String() {
		what = fmt.Sprintf("%s resolves to %s, a %s address", e.Host, e.IP, e.Class)
	}
	return what + "; connections to loopback, private, link-local and other non-public addresses are refused unless allow_private_addresses = true (SSRF guard)"
}

// IsPrivateAddress reports whether ip is not a public unicast address, with the class for
// messages ("loopback", "private", "link-local", "shared (carrier-grade NAT)" — Alibaba
// Cloud's metadata service 100.100.100.200 is in it —, "documentation", "reserved" …).
// The ranges are the provider's one table of special-purpose ranges (internal/netspecial,
// shared with the ICP guard's classifier). IPv4-mapped IPv6 addresses are judged as IPv4,
// and so are the IPv4 addresses carried by NAT64 (64:ff9b::/96), 6to4 (2002::/16) and
// Teredo (2001::/32) addresses, which a gateway or relay would reach; the local-use
// translation prefix 64:ff9b:1::/48 is refused as a whole (its layout is the local
// operator's choice, RFC 8215).
func IsPrivateAddress(ip netip.Addr) (bool, string) {
	ip = ip.Unmap()
	if v4, _, ok := netspecial.EmbeddedIPv4(ip); ok {
		if private, class := IsPrivateAddress(v4); private {
			return true, class + " (embedded in " + ip.String() + ")"
		}
		return false, ""
	}
	if r, ok := netspecial.Lookup(ip); ok {
		return true, r.Class
	}
	return false, ""
}

// ValidateURL checks that raw is an absolute http or https URL with a host.
func ValidateURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("it is not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, errors.New("it has no scheme: write it as https://host/path")
		}
		return nil, fmt.Errorf("the scheme %q is not http or https", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("it has no host")
	}
	if u.User != nil {
		return nil, errors.New("it carries user information (user:password@); the check fetches public pages only")
	}
	return u, nil
}

// redirectError is returned by CheckRedirect.
type redirectError struct{ reason string }

func (e *redirectError) Error() string { return e.reason }

func chain(via []*http.Request, next *url.URL) string {
	parts := make([]string, 0, len(via)+1)
	for _, r := range via {
		parts = append(parts, r.URL.String())
	}
	return strings.Join(append(parts, next.String()), " → ")
}

// Fetch GETs rawURL within opts. A failure the site or network is to blame
// for is a *FetchError; anything else (an invalid URL, a refused address of
// the URL's own host — a *BlockedAddressError —, cancellation of ctx) is
// returned as is. An HTTP error status is not an error: the Response reports
// it.
func Fetch(ctx context.Context, rawURL string, opts FetchOptions) (*Response, error) {
	u, err := ValidateURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("invalid URL %q: %w", rawURL, err)
	}
	if ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]")); err == nil && !opts.AllowPrivateAddresses {
		if private, class := IsPrivateAddress(ip); private {
			return nil, &BlockedAddressError{Host: u.Hostname(), IP: ip.Unmap(), Class: class}
		}
	}

	dialer := &net.Dialer{Timeout: opts.Timeout, KeepAlive: -1}
	if !opts.AllowPrivateAddresses {
		// The guard runs on the address actually dialled, after DNS
		// resolution, so a name that resolves (or rebinds) to a private
		// address is refused too.
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("unexpected dial address %q", address)
			}
			if private, class := IsPrivateAddress(ap.Addr()); private {
				return &BlockedAddressError{IP: ap.Addr().Unmap(), Class: class}
			}
			return nil
		}
	}
	transport := &http.Transport{
		// Environment proxies are not used: the check must see what a visitor
		// sees, and a proxy would hide the address the guard has to judge.
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		TLSClientConfig:        &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: opts.RootCAs},
		TLSHandshakeTimeout:    opts.Timeout,
		ResponseHeaderTimeout:  opts.Timeout,
		DisableKeepAlives:      true,
		ForceAttemptHTTP2:      true,
		MaxResponseHeaderBytes: 64 << 10,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			for _, r := range via {
				if r.URL.String() == req.URL.String() {
					return &redirectError{fmt.Sprintf("redirect loop: %s; the site keeps redirecting to a page it already redirected from", chain(via, req.URL))}
				}
			}
			if len(via) > opts.MaxRedirects {
				return &redirectError{fmt.Sprintf("stopped after %d redirects: %s; the site redirects too often (at most %d are followed)", opts.MaxRedirects, chain(via, req.URL), opts.MaxRedirects)}
			}
			return nil
		},
	}

	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	// Connection failures and 5xx answers are tried again after a doubling wait, while
	// the whole fetch's budget leaves time for the wait.
	var resp *Response
	var attempts int
	policy := retry.Policy{Backoff: retry.Backoff{Base: opts.Backoff}, MaxAttempts: opts.Retries + 1}
	err = retry.Do(ctx, policy, func(ctx context.Context, attempt int) (bool, error) {
		attempts = attempt
		r, err := get(ctx, client, u, opts)
		resp = r
		if r != nil {
			r.Attempts = attempt
		}
		switch {
		case err == nil:
			return r.StatusCode >= 500, nil
		case parent.Err() != nil:
			return false, parent.Err()
		default:
			var fe *FetchError
			return errors.As(err, &fe) && errors.Is(err, errRetryable), err
		}
	})
	var stopped *retry.StoppedError
	if errors.As(err, &stopped) {
		if parent.Err() != nil {
			return nil, parent.Err()
		}
		err = stopped.Last // no time left for another attempt: report the last one
	}
	if err != nil {
		if errors.Is(err, parent.Err()) && parent.Err() != nil {
			return nil, err
		}
		return nil, finalError(err, attempts)
	}
	return resp, nil
}

// errRetryable marks connection failures worth another attempt.
var errRetryable = errors.New("retryable")

type retryableError struct{ err error }

func (e retryableError) Error() string        { return e.err.Error() }
func (e retryableError) Unwrap() []error      { return []error{e.err, errRetryable} }
func (e retryableError) Is(target error) bool { return target == errRetryable }

// finalError adds the attempt count to a connection failure.
func finalError(err error, attempts int) error {
	var fe *FetchError
	if errors.As(err, &fe) && errors.Is(err, errRetryable) && attempts > 1 {
		fe.Reason += fmt.Sprintf(" (%d attempts)", attempts)
	}
	return err
}

// get sends one request and reads the body, classifying failures.
func get(ctx context.Context, client *http.Client, u *url.URL, opts FetchOptions) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("invalid URL %q: %w", u, err)
	}
	req.Header.Set("User-Agent", opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	// Filing footers are for visitors in China; ask for the page they see.
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		return nil, classify(err, u, u.String(), opts)
	}
	// The body is read (up to the limit) below; a Close error carries nothing for the caller.
	defer func() { _ = resp.Body.Close() }()
	final := resp.Request.URL.String()
	body, err := io.ReadAll(io.LimitReader(resp.Body, opts.MaxBodyBytes+1))
	if err != nil {
		return nil, classify(err, u, final, opts)
	}
	r := &Response{StatusCode: resp.StatusCode, Status: resp.Status, FinalURL: final, ContentType: resp.Header.Get("Content-Type"), Body: body}
	if int64(len(body)) > opts.MaxBodyBytes {
		r.Body, r.Truncated = body[:opts.MaxBodyBytes], true
	}
	return r, nil
}

// classify turns a transport error into a *FetchError with a sentence, or
// returns the *BlockedAddressError of the URL's own host as is.
func classify(err error, start *url.URL, at string, opts FetchOptions) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		at = ue.URL
	}
	fail := func(format string, args ...any) error {
		return &FetchError{URL: at, Reason: fmt.Sprintf(format, args...), Err: err}
	}
	var (
		blocked  *BlockedAddressError
		redirect *redirectError
		certErr  *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		invalid  x509.CertificateInvalidError
		dnsErr   *net.DNSError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &blocked):
		if au, perr := url.Parse(at); perr == nil {
			blocked.Host = au.Hostname()
		}
		if at == start.String() {
			return blocked // the configured URL itself: a configuration matter
		}
		return fail("redirected to %s, but %v", at, blocked)
	case errors.As(err, &redirect):
		return fail("%s", redirect.reason)
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return fail("timed out after %s (timeout) fetching %s: the site did not send a complete answer in time", opts.Timeout, at)
	case errors.As(err, &certErr) || errors.As(err, &unknown) || errors.As(err, &hostErr) || errors.As(err, &invalid):
		return fail("the TLS certificate of %s is not valid: %v; browsers would refuse the page too (certificates are always verified)", hostOf(at), innermost(err))
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return fail("cannot resolve the host %s: no such host (DNS)", hostOf(at))
	}
	return &FetchError{URL: at, Reason: fmt.Sprintf("cannot fetch %s: %v", at, innermost(err)), Err: retryableError{err}}
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

// innermost drops the "Get "url": " wrapping of *url.Error for messages that
// name the URL already.
func innermost(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
