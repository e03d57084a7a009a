package aliyun

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"
)

// Defaults for the retry and rate-limit settings.
const (
	DefaultMaxRetries        = 8
	DefaultRequestsPerSecond = 20
	// DefaultConnectTimeout bounds opening a connection (TCP and TLS handshake) to an
	// endpoint; DefaultReadTimeout bounds one attempt as a whole, from dialling to the
	// last byte of the answer. Alibaba Cloud's RPC APIs answer in well under a second;
	// the margin is for slow links and large pages.
	DefaultConnectTimeout = 10 * time.Second
	DefaultReadTimeout    = 30 * time.Second
	defaultBaseDelay      = 200 * time.Millisecond
	defaultMaxDelay       = 20 * time.Second
)

// Config is everything needed to build a Client.
type Config struct {
	Credentials       Credentials
	Region            string
	Endpoints         *Endpoints
	MaxRetries        int           // retries after the first attempt; 0 = none
	RequestsPerSecond float64       // client-side token bucket; <= 0 = unlimited
	ConnectTimeout    time.Duration // dial + TLS handshake; 0 = DefaultConnectTimeout
	ReadTimeout       time.Duration // one attempt, end to end; 0 = DefaultReadTimeout
	UserAgent         string

	// BaseDelay and MaxDelay shape the exponential backoff (full jitter). Zero = defaults.
	BaseDelay, MaxDelay time.Duration
	// Sleep waits between attempts; tests replace it. It must return early with the
	// context's error when ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
}

// Client is the typed Alibaba Cloud client shared by every resource in one provider run.
type Client struct {
	sdk     *sdkPool
	cfg     Config
	limiter *rate.Limiter

	rngMu sync.Mutex
	rng   *rand.Rand

	regions onceValue[[]Region]
	dns     dnsCache
	icp     icpCache
	servers serverCache
	domains domainCache
}

// NewClient builds a Client. It makes no network call.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Credentials.AccessKeyID == "" || cfg.Credentials.AccessKeySecret == "" {
		return nil, credErr("no access key to sign requests with")
	}
	if cfg.Region == "" {
		cfg.Region = "cn-hangzhou"
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}
	if cfg.ReadTimeout <= 0 {
		cfg.ReadTimeout = DefaultReadTimeout
	}
	if cfg.BaseDelay <= 0 {
		cfg.BaseDelay = defaultBaseDelay
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = defaultMaxDelay
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	if cfg.Endpoints == nil {
		cfg.Endpoints = &Endpoints{}
	}
	// One transport for every SDK client, wrapped so the SDK cannot rewrite it: the SDK
	// sets DialContext and TLS settings on an *http.Transport on every call, which races
	// when calls run in parallel (and Terraform runs resources in parallel).
	base := cfg.Transport
	if base == nil {
		dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
		base = &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         dialer.DialContext,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: cfg.ConnectTimeout,
		}
	}
	pool := &sdkPool{transport: sealedTransport{base}, cfg: cfg, free: make(chan *sdk.Client, sdkPoolSize), slots: make(chan struct{}, sdkPoolSize)}
	// Build one client now so that a credential the SDK rejects fails at configure time.
	first, err := pool.newClient()
	if err != nil {
		return nil, err
	}
	pool.slots <- struct{}{}
	pool.free <- first
	var lim *rate.Limiter
	if cfg.RequestsPerSecond > 0 {
		burst := int(math.Ceil(cfg.RequestsPerSecond))
		lim = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), burst)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x9e3779b97f4a7c15)) //nolint:gosec // G404: only jitters retry backoff; nothing secret or security-relevant
	return &Client{sdk: pool, cfg: cfg, limiter: lim, rng: rng}, nil
}

// Region is the provider's default region.
func (c *Client) Region() string { return c.cfg.Region }

// Endpoint resolves where product's requests go in region.
func (c *Client) Endpoint(p Product, region string) (Endpoint, error) {
	if region == "" {
		region = c.cfg.Region
	}
	return c.cfg.Endpoints.Resolve(p, region)
}

// Call sends one RPC request and decodes its response, with rate limiting, retry with
// exponential backoff and full jitter on throttling and transient failures, and debug
// logging of action, request ID, attempt and latency (never parameters or credentials).
// region selects the endpoint of a regional product ("" = provider region).
func (c *Client) Call(ctx context.Context, product Product, region string, req requests.AcsRequest, resp responses.AcsResponse) error {
	action := req.GetActionName()
	ep, err := c.Endpoint(product, region)
	if err != nil {
		return &Error{Product: product, Action: action, Class: ClassOther, Err: err, Message: err.Error()}
	}
	if region == "" {
		region = c.cfg.Region
	}
	req.SetDomain(ep.Host)
	req.SetScheme(ep.Scheme)
	if _, ok := req.GetQueryParams()["RegionId"]; !ok {
		req.GetQueryParams()["RegionId"] = region
	}
	var last *Error
	timeouts := 0
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return c.ctxErr(product, action, attempt-1, err, last)
		}
		if c.limiter != nil {
			if err := c.limiter.Wait(ctx); err != nil {
				return c.ctxErr(product, action, attempt-1, ctxOr(ctx, err), last)
			}
		}
		start := time.Now()
		err := c.do(ctx, req, resp)
		latency := time.Since(start)
		fields := map[string]any{
			"product": string(product), "action": action, "attempt": attempt,
			"latency_ms": latency.Milliseconds(), "endpoint": ep.URL(),
		}
		if err == nil {
			fields["request_id"] = requestID(resp)
			tflog.Debug(ctx, "Alibaba Cloud API call succeeded", fields)
			return nil
		}
		if ctxE := ctx.Err(); ctxE != nil {
			return c.ctxErr(product, action, attempt, ctxE, last)
		}
		last = classify(product, action, err)
		last.Message = c.scrub(last.Message)
		last.Attempts = attempt
		last.Endpoint = ep.URL()
		fields["request_id"] = last.RequestID
		fields["error_code"] = last.Code
		fields["error_class"] = last.Class.String()
		fields["http_status"] = last.HTTPStatus
		if last.Timeout {
			timeouts++
			fields["timeout"] = true
		}
		if !last.Class.Retryable() || attempt > c.cfg.MaxRetries || (last.Timeout && !retryTimeout(action, timeouts)) {
			tflog.Debug(ctx, "Alibaba Cloud API call failed", fields)
			return last
		}
		delay := c.backoff(attempt)
		fields["retry_in_ms"] = delay.Milliseconds()
		tflog.Debug(ctx, "Alibaba Cloud API call failed, retrying", fields)
		if err := c.cfg.Sleep(ctx, delay); err != nil {
			return c.ctxErr(product, action, attempt, err, last)
		}
	}
}

// retryTimeout decides whether an attempt that ran out of time is tried again: a read
// once (a slow answer or a lost packet should not fail a plan), a write never — it may
// have been carried out, and the caller's adoption logic, not a blind resend, sorts that
// out on the next apply.
func retryTimeout(action string, timeouts int) bool {
	return timeouts <= 1 && IsReadAction(action)
}

// IsReadAction reports whether an RPC action only reads, by Alibaba Cloud's naming
// convention for the actions this client calls (Describe*, Query*, List*, Check*, Get*, Poll*).
func IsReadAction(action string) bool {
	for _, p := range []string{"Describe", "Query", "List", "Check", "Get", "Poll"} {
		if strings.HasPrefix(action, p) {
			return true
		}
	}
	return false
}

func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func (c *Client) ctxErr(product Product, action string, attempts int, err error, last *Error) error {
	e := &Error{Product: product, Action: action, Class: ClassOther, Attempts: attempts, Err: err}
	if last != nil {
		e.Message = fmt.Sprintf("gave up waiting (%v); last error: %s", err, last.Error())
	}
	return e
}

// do runs the SDK call so that a cancelled context returns at once. The SDK has no
// context support; an abandoned call finishes (or times out) in the background.
func (c *Client) do(ctx context.Context, req requests.AcsRequest, resp responses.AcsResponse) error {
	sc, err := c.sdk.get(ctx)
	if err != nil {
		return err
	}
	if ctx.Done() == nil {
		defer c.sdk.put(sc)
		return sc.DoAction(req, resp)
	}
	done := make(chan error, 1)
	go func() {
		// The SDK client goes back to the pool only when the call is over, also when the
		// caller stopped waiting for it.
		defer c.sdk.put(sc)
		done <- sc.DoAction(req, resp)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoff is exponential with full jitter: a uniform delay in [0, min(max, base·2^(n-1))],
// never below a tenth of the cap so that bursts of throttled callers spread out.
func (c *Client) backoff(attempt int) time.Duration {
	capped := float64(c.cfg.BaseDelay) * math.Pow(2, float64(attempt-1))
	if capped > float64(c.cfg.MaxDelay) {
		capped = float64(c.cfg.MaxDelay)
	}
	c.rngMu.Lock()
	f := c.rng.Float64()
	c.rngMu.Unlock()
	return time.Duration(capped/10 + f*capped*0.9)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// requestID digs the RequestId out of a decoded response, for logs.
func requestID(resp responses.AcsResponse) string {
	if h := resp.GetHttpHeaders(); h != nil {
		if v := h["X-Acs-Request-Id"]; len(v) > 0 {
			return v[0]
		}
	}
	return extractRequestID(resp.GetHttpContentBytes())
}

// ErrNoCredentials is returned when a client is needed but the provider has none.
var ErrNoCredentials = errors.New("the provider has no Alibaba Cloud credentials")

// sdkPoolSize bounds the calls in flight at once; each SDK client serves one call at a
// time because the SDK mutates the client (timeouts) on every call.
const sdkPoolSize = 16

type sdkPool struct {
	transport http.RoundTripper
	cfg       Config
	free      chan *sdk.Client
	slots     chan struct{} // one token per client created
}

type sealedTransport struct{ rt http.RoundTripper }

func (t sealedTransport) RoundTrip(r *http.Request) (*http.Response, error) { return t.rt.RoundTrip(r) }

func (p *sdkPool) newClient() (*sdk.Client, error) {
	sdkCfg := sdk.NewConfig().WithAutoRetry(false).WithScheme("HTTPS").WithTimeout(p.cfg.ReadTimeout)
	if p.cfg.UserAgent != "" {
		sdkCfg = sdkCfg.WithUserAgent(p.cfg.UserAgent)
	}
	var c *sdk.Client
	var err error
	if p.cfg.Credentials.SecurityToken != "" {
		c, err = sdk.NewClientWithOptions(p.cfg.Region, sdkCfg, newStsCredential(p.cfg.Credentials))
	} else {
		c, err = sdk.NewClientWithOptions(p.cfg.Region, sdkCfg, newAKCredential(p.cfg.Credentials))
	}
	if err != nil {
		return nil, fmt.Errorf("initialising the Alibaba Cloud SDK: %w", err)
	}
	c.SetReadTimeout(p.cfg.ReadTimeout)
	c.SetConnectTimeout(p.cfg.ConnectTimeout)
	c.SetTransport(p.transport)
	return c, nil
}

// get returns an idle SDK client, creating one while fewer than sdkPoolSize exist.
func (p *sdkPool) get(ctx context.Context) (*sdk.Client, error) {
	select {
	case c := <-p.free:
		return c, nil
	default:
	}
	select {
	case c := <-p.free:
		return c, nil
	case p.slots <- struct{}{}:
		c, err := p.newClient()
		if err != nil {
			<-p.slots
			return nil, err
		}
		return c, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *sdkPool) put(c *sdk.Client) { p.free <- c }

// scrub removes the client's own secrets from text that came back from a service, as a
// backstop: no service message should contain them.
func (c *Client) scrub(s string) string {
	for _, secret := range []string{c.cfg.Credentials.AccessKeySecret, c.cfg.Credentials.SecurityToken} {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
