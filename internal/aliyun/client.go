package aliyun

import (
	"context"
	"encoding/json"
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
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/responses"
	"golang.org/x/time/rate"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
	"github.com/beian-dev/terraform-provider-beian/internal/retry"
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
	Credentials Credentials
	// CredentialsErr, when set, says why there are no usable credentials (none found,
	// conflicting settings, an unreadable profile). The client is built all the same —
	// provider functions and offline data sources need no credentials — and every call
	// fails with this error, so the first object that needs the cloud reports it.
	CredentialsErr error
	// AssumeRole, when its RoleARN is set, is carried out before the first other call of
	// the run (STS AssumeRole, signed with Credentials); every call then signs with the
	// role session, which is assumed again shortly before it expires (and once when a
	// call is refused for an expired token). A failure to assume it is kept for the run.
	AssumeRole        AssumeRoleInput
	Region            string
	Endpoints         *Endpoints
	MaxRetries        int           // retries after the first attempt; 0 = none
	RequestsPerSecond float64       // client-side token bucket; <= 0 = unlimited
	ConnectTimeout    time.Duration // dial + TLS handshake; 0 = DefaultConnectTimeout
	ReadTimeout       time.Duration // one attempt, end to end; 0 = DefaultReadTimeout
	UserAgent         string
	// AccountLookup is account_lookup_methods: how the account lookup finds an address
	// (lookup.go), in order; nil = DefaultAccountLookup.
	AccountLookup []AccountLookupMethod

	// BaseDelay and MaxDelay shape the exponential backoff (full jitter). Zero = defaults.
	BaseDelay, MaxDelay time.Duration
	// Sleep waits between attempts; tests replace it. It must return early with the
	// context's error when ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
	// Now is the clock the role session's expiry is read against; nil = time.Now (tests
	// replace it).
	Now func() time.Time
	// temporaryProxy is the HTTP proxy of the requests credentials-go makes for
	// Credentials.Temporary (tests: the emulator stands in for the metadata service).
	temporaryProxy string
}

// Client is the typed Alibaba Cloud client shared by every resource in one provider run.
type Client struct {
	base    *sdkPool       // signs with Config.Credentials; nil without credentials
	temp    *temporaryBase // signs instead when Config.Credentials.Temporary is set
	role    roleSession    // the assumed role's session, when Config.AssumeRole is set
	cfg     Config
	limiter *rate.Limiter
	// failures remembers the failures later calls of the run would repeat (failures.go).
	failures failureMemory

	rngMu sync.Mutex
	rng   *rand.Rand

	regions memo.Value[[]Region]
	dns     dnsCache
	icp     icpCache
	servers serverCache
	lookup  lookupState
	domains domainCache
}

// NewClient builds a Client. It makes no network call. Without credentials (or with
// Config.CredentialsErr set) it still returns a client, whose calls fail with the reason.
func NewClient(cfg Config) (*Client, error) {
	if cfg.CredentialsErr == nil && cfg.Credentials.Temporary == nil && (cfg.Credentials.AccessKeyID == "" || cfg.Credentials.AccessKeySecret == "") {
		cfg.CredentialsErr = credErr("no access key to sign requests with")
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
		cfg.Sleep = retry.Sleep
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
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
	c := &Client{cfg: cfg}
	if cfg.CredentialsErr == nil && cfg.Credentials.Temporary != nil {
		c.temp = newTemporaryBase(cfg, sealedTransport{base})
	} else if cfg.CredentialsErr == nil {
		pool, err := newSDKPool(sealedTransport{base}, cfg, cfg.Credentials)
		if err != nil {
			return nil, err
		}
		c.base = pool
	}
	var lim *rate.Limiter
	if cfg.RequestsPerSecond > 0 {
		burst := int(math.Ceil(cfg.RequestsPerSecond))
		lim = rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), burst)
	}
	c.limiter = lim
	c.rng = rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 0x9e3779b97f4a7c15)) //nolint:gosec // G404: only jitters retry backoff; nothing secret or security-relevant
	return c, nil
}

// roleRenewMargin is how long before its expiry a role session is replaced: one call,
// retries and backoff included, fits in it with room to spare, so no call starts with a
// session that runs out before it is answered. STS sessions last at least 900 s
// (DurationSeconds 900–43200), so a session is used for 10 minutes at least.
const roleRenewMargin = 5 * time.Minute

// roleSession holds the run's current role session: a memo of the assume-role call,
// replaced (never mutated) when the session is due for renewal, so that callers racing
// to renew it make one AssumeRole call between them.
type roleSession struct {
	mu     sync.Mutex
	cur    *memo.Value[*sdkPool]
	latest *sdkPool // the last session created, for Credentials and scrub
}

func (r *roleSession) current() *memo.Value[*sdkPool] {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur == nil {
		r.cur = &memo.Value[*sdkPool]{}
	}
	return r.cur
}

// replace starts a new session in place of old, unless another caller did already;
// it returns the current one.
func (r *roleSession) replace(old *memo.Value[*sdkPool]) *memo.Value[*sdkPool] {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cur == old {
		r.cur = &memo.Value[*sdkPool]{}
	}
	return r.cur
}

func (r *roleSession) created(p *sdkPool) {
	r.mu.Lock()
	r.latest = p
	r.mu.Unlock()
}

func (r *roleSession) peek() *sdkPool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.latest
}

// signer returns what a call signs with: the configured credentials, or the role session
// assumed with them, with the session's memo (nil for the configured credentials). The
// first call of the run assumes the role. Renewal happens here and nowhere else: the
// session is assumed again when it is within roleRenewMargin of its expiry, and when
// stale — the session a call was just refused with for an expired token (a clock off from
// the service's, or an expiry the answer did not state) — is still the current one.
// Callers racing to renew share one AssumeRole call.
func (c *Client) signer(ctx context.Context, stale *memo.Value[*sdkPool]) (p *sdkPool, session *memo.Value[*sdkPool], err error) {
	if c.cfg.CredentialsErr != nil {
		return nil, nil, c.cfg.CredentialsErr
	}
	if c.cfg.AssumeRole.RoleARN == "" {
		p, err = c.basePool(ctx)
		return p, nil, err
	}
	session = c.role.current()
	if stale != nil {
		session = c.role.replace(stale)
	}
	p, err = session.Get(ctx, 0, c.newRoleSession)
	if err == nil && !p.expires.IsZero() && c.cfg.Now().After(p.expires.Add(-roleRenewMargin)) {
		session = c.role.replace(session)
		p, err = session.Get(ctx, 0, c.newRoleSession)
	}
	return p, session, err
}

// basePool is what signs with the configured credentials: fixed ones, or the temporary
// credentials their provider hands out now.
func (c *Client) basePool(ctx context.Context) (*sdkPool, error) {
	if c.temp != nil {
		return c.temp.pool(ctx)
	}
	return c.base, nil
}

func (c *Client) newRoleSession(ctx context.Context) (*sdkPool, error) {
	base, err := c.basePool(ctx)
	if err != nil {
		return nil, err
	}
	creds, expires, err := c.assumeRole(ctx, base, c.cfg.AssumeRole)
	if err != nil {
		return nil, err
	}
	p, err := newSDKPool(base.transport, c.cfg, creds)
	if err != nil {
		return nil, err
	}
	p.role, p.expires = true, expires
	c.role.created(p)
	return p, nil
}

// expiredToken reports whether a service error code says the STS token has expired
// (InvalidSecurityToken.Expired, a common OpenAPI error code).
func expiredToken(code string) bool { return strings.EqualFold(code, "InvalidSecurityToken.Expired") }

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
// region selects the endpoint of a regional product ("" = provider region). The action
// must have a row in the action table (internal/apicatalog): its row decides whether a
// timed-out attempt is sent again, and the class of the error codes it answers.
func (c *Client) Call(ctx context.Context, product Product, region string, req requests.AcsRequest, resp responses.AcsResponse) error {
	var stale *memo.Value[*sdkPool]
	for {
		pool, session, err := c.signer(ctx, stale)
		if err != nil {
			return c.notSent(product, req.GetActionName(), err)
		}
		err = c.call(ctx, pool, product, region, req, resp)
		if stale != nil || !pool.role || !expiredToken(CodeOf(err)) {
			return err
		}
		// The role session ran out before we expected: assume the role again and send the
		// request once more (it was refused, so it was not carried out).
		stale = session
	}
}

// notSent is the error of a call that was not sent because there is nothing to sign
// it with: no credentials, or no role session.
func (c *Client) notSent(product Product, action string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		// The assume-role call failed: say so on this call, keeping its cause. The code
		// and timeout travel with the class: CredentialsRejected and the caller's
		// errors.As see this outer error only, and a role session refused because STS
		// rejected the credentials is a credentials rejection of this call too.
		// (HTTPStatus is not copied: nothing reads it, and Error would print the status
		// twice; it is in the cause's text.)
		return &Error{Product: product, Action: action, Class: e.Class, Code: e.Code, Timeout: e.Timeout,
			Message: "not sent: it needs the assume_role session for role " + c.cfg.AssumeRole.RoleARN + ", which could not be created: " + e.Error(), Err: e}
	}
	return &Error{Product: product, Action: action, Class: ClassAuth, Err: err}
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
func (c *Client) do(ctx context.Context, pool *sdkPool, req requests.AcsRequest, resp responses.AcsResponse) error {
	sc, err := pool.get(ctx)
	if err != nil {
		return err
	}
	if ctx.Done() == nil {
		defer pool.put(sc)
		return sc.DoAction(req, resp)
	}
	done := make(chan error, 1)
	go func() {
		// The SDK client goes back to the pool only when the call is over, also when the
		// caller stopped waiting for it.
		defer pool.put(sc)
		done <- sc.DoAction(req, resp)
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// backoffPolicy is the waits between attempts of a call: exponential from BaseDelay to
// MaxDelay with full jitter, so that callers throttled together spread out.
func (c *Client) backoffPolicy() retry.Backoff {
	return retry.Backoff{Base: c.cfg.BaseDelay, Max: c.cfg.MaxDelay, Rand: c.jitter}
}

// jitter draws the random factor of a backoff wait.
func (c *Client) jitter() float64 {
	c.rngMu.Lock()
	defer c.rngMu.Unlock()
	return c.rng.Float64()
}

// requestID digs the RequestId out of a decoded response, for logs.
func requestID(resp responses.AcsResponse) string {
	if h := resp.GetHttpHeaders(); h != nil {
		if v := h["X-Acs-Request-Id"]; len(v) > 0 {
			return v[0]
		}
	}
	var body struct {
		RequestID string `json:"RequestId"`
	}
	if b := resp.GetHttpContentBytes(); len(b) == 0 || json.Unmarshal(b, &body) != nil {
		return ""
	}
	return body.RequestID
}

// sdkPoolSize bounds the calls in flight at once; each SDK client serves one call at a
// time because the SDK mutates the client (timeouts) on every call.
const sdkPoolSize = 16

type sdkPool struct {
	transport http.RoundTripper
	cfg       Config
	creds     Credentials
	role      bool      // creds are a role session this client assumed (and may renew)
	expires   time.Time // the role session's Expiration; zero when unknown
	free      chan *sdk.Client
	slots     chan struct{} // one token per client created
}

// newSDKPool builds a pool that signs with creds, and one SDK client of it at once so
// that credentials the SDK itself refuses fail here rather than on the first call.
func newSDKPool(transport http.RoundTripper, cfg Config, creds Credentials) (*sdkPool, error) {
	p := &sdkPool{transport: transport, cfg: cfg, creds: creds, free: make(chan *sdk.Client, sdkPoolSize), slots: make(chan struct{}, sdkPoolSize)}
	first, err := p.newClient()
	if err != nil {
		return nil, err
	}
	p.slots <- struct{}{}
	p.free <- first
	return p, nil
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
	if p.creds.SecurityToken != "" {
		c, err = sdk.NewClientWithOptions(p.cfg.Region, sdkCfg, credentials.NewStsTokenCredential(p.creds.AccessKeyID, p.creds.AccessKeySecret, p.creds.SecurityToken))
	} else {
		c, err = sdk.NewClientWithOptions(p.cfg.Region, sdkCfg, credentials.NewAccessKeyCredential(p.creds.AccessKeyID, p.creds.AccessKeySecret))
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
// backstop: no service message should contain them. also is what the call signed with,
// in case that is a role session replaced since.
func (c *Client) scrub(s string, also ...*sdkPool) string {
	secrets := []string{c.cfg.Credentials.AccessKeySecret, c.cfg.Credentials.SecurityToken}
	if c.temp != nil {
		also = append(also, c.temp.peek())
	}
	for _, p := range append(also, c.role.peek()) {
		if p != nil {
			secrets = append(secrets, p.creds.AccessKeySecret, p.creds.SecurityToken)
		}
	}
	for _, secret := range secrets {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
