package aliyun

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
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
	DefaultTimeout           = 30 * time.Second
	defaultBaseDelay         = 200 * time.Millisecond
	defaultMaxDelay          = 20 * time.Second
)

// Config is everything needed to build a Client.
type Config struct {
	Credentials       Credentials
	Region            string
	Endpoints         *Endpoints
	MaxRetries        int           // retries after the first attempt; 0 = none
	RequestsPerSecond float64       // client-side token bucket; <= 0 = unlimited
	Timeout           time.Duration // per attempt; 0 = DefaultTimeout
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
	sdk     *sdk.Client
	cfg     Config
	limiter *rate.Limiter

	rngMu sync.Mutex
	rng   *rand.Rand

	regions onceValue[[]Region]
	dns     dnsCache
	icp     icpCache
	servers serverCache
}

// NewClient builds a Client. It makes no network call.
func NewClient(cfg Config) (*Client, error) {
	if cfg.Credentials.AccessKeyID == "" || cfg.Credentials.AccessKeySecret == "" {
		return nil, credErr("no access key to sign requests with")
	}
	if cfg.Region == "" {
		cfg.Region = "cn-hangzhou"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
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
	sdkCfg := sdk.NewConfig().WithAutoRetry(false).WithScheme("HTTPS").WithTimeout(cfg.Timeout)
	if cfg.UserAgent != "" {
		sdkCfg = sdkCfg.WithUserAgent(cfg.UserAgent)
	}
	var c *sdk.Client
	var err error
	if cfg.Credentials.SecurityToken != "" {
		c, err = sdk.NewClientWithOptions(cfg.Region, sdkCfg, newStsCredential(cfg.Credentials))
	} else {
		c, err = sdk.NewClientWithOptions(cfg.Region, sdkCfg, newAKCredential(cfg.Credentials))
	}
	if err != nil {
		return nil, fmt.Errorf("initialising the Alibaba Cloud SDK: %w", err)
	}
	c.SetReadTimeout(cfg.Timeout)
	c.SetConnectTimeout(10 * time.Second)
	if cfg.Transport != nil {
		c.SetTransport(cfg.Transport)
	} else {
		c.SetTransport(&http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			MaxIdleConnsPerHost: 16,
			IdleConnTimeout:     90 * time.Second,
			TLSHandshakeTimeout: 10 * time.Second,
		})
	}
	var lim *rate.Limiter
	if cfg.RequestsPerSecond > 0 {
		burst := int(math.Ceil(cfg.RequestsPerSecond))
		lim = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), burst)
	}
	return &Client{sdk: c, cfg: cfg, limiter: lim, rng: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x9e3779b97f4a7c15))}, nil
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
		last.Attempts = attempt
		last.Endpoint = ep.URL()
		fields["request_id"] = last.RequestID
		fields["error_code"] = last.Code
		fields["error_class"] = last.Class.String()
		fields["http_status"] = last.HTTPStatus
		if !last.Class.Retryable() || attempt > c.cfg.MaxRetries {
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
	if ctx.Done() == nil {
		return c.sdk.DoAction(req, resp)
	}
	done := make(chan error, 1)
	go func() { done <- c.sdk.DoAction(req, resp) }()
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
