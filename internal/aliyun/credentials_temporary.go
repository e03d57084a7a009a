package aliyun

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/aliyun/credentials-go/credentials/providers"
)

// Temporary credentials that renew themselves: an ECS instance RAM role (the instance
// metadata service), a credentials URI (a sidecar), an OIDC token exchanged with STS
// AssumeRoleWithOIDC (RRSA in ACK, GitHub Actions and other CI), and the profile modes of
// the Alibaba Cloud CLI this package does not read itself (EcsRamRole, OIDC,
// ChainableRamRoleArn, CloudSSO, OAuth, External). They come from Alibaba's own credential
// providers, github.com/aliyun/credentials-go, which fetch, cache and renew them (each
// provider asks again when less than three minutes are left); the client asks its
// provider before every call and signs with a new SDK client when the credentials
// changed.
//
// credentials-go sends its requests itself: to the metadata service at
// http://100.100.100.200 (through HTTP_PROXY, like any Go program, if one is set), to the
// credentials URI, and to STS over HTTPS only (its OIDC provider builds
// https://<endpoint>/ itself). So an OIDC exchange honours endpoints.sts (or
// BEIAN_ENDPOINT_OVERRIDE) only when it is an HTTPS endpoint.

// TemporarySource says where temporary credentials come from. Exactly one kind is set.
type TemporarySource struct {
	// ECSRole is the name of the RAM role attached to the ECS instance the provider runs
	// on; "*" asks the metadata service which one it is.
	ECSRole string
	// URI is a credentials URI (a sidecar answering {Code, AccessKeyId, AccessKeySecret,
	// SecurityToken, Expiration}).
	URI string
	// OIDC is an assume_role_with_oidc exchange.
	OIDC *OIDCInput
	// CLIProfile is a profile of the Alibaba Cloud CLI's config file in a mode that
	// credentials-go resolves (ProfileFile is its path).
	CLIProfile, ProfileFile string
}

// OIDCInput is the assume_role_with_oidc block (or its environment variables).
type OIDCInput struct {
	ProviderARN       string
	RoleARN           string
	Token             string // the token itself, or
	TokenFile         string // a file holding it, read again at every renewal
	SessionName       string
	Policy            string
	SessionExpiration int // seconds; 0 = 3600
}

// String says what the source is, never a secret.
func (s *TemporarySource) String() string {
	switch {
	case s == nil:
		return ""
	case s.ECSRole == "*":
		return "the RAM role of this ECS instance (instance metadata)"
	case s.ECSRole != "":
		return fmt.Sprintf("ECS instance RAM role %q (instance metadata)", s.ECSRole)
	case s.URI != "":
		return "credentials_uri " + redactURLs(redactURL(s.URI)) // no user info, no query (a token may ride in either)
	case s.OIDC != nil:
		from := "oidc_token"
		if s.OIDC.Token == "" {
			from = "oidc_token_file " + s.OIDC.TokenFile
		}
		return fmt.Sprintf("role %s assumed with OIDC (%s, provider %s)", s.OIDC.RoleARN, from, s.OIDC.ProviderARN)
	case s.CLIProfile != "":
		return fmt.Sprintf("profile %q in %s", s.CLIProfile, s.ProfileFile)
	}
	return "temporary credentials"
}

// newCredentialsProvider builds the credentials-go provider of s. stsHost is where an
// OIDC token is exchanged (host[:port], HTTPS); proxy, when set, is the HTTP proxy of the
// metadata, URI and STS requests (tests; production uses the environment's).
func (s *TemporarySource) newCredentialsProvider(stsHost, proxy string) (providers.CredentialsProvider, error) {
	var opts *providers.HttpOptions
	if proxy != "" {
		opts = &providers.HttpOptions{Proxy: proxy}
	}
	switch {
	case s.ECSRole != "":
		b := providers.NewECSRAMRoleCredentialsProviderBuilder().WithHttpOptions(opts)
		if s.ECSRole != "*" {
			b = b.WithRoleName(s.ECSRole)
		}
		return b.Build()
	case s.URI != "":
		return providers.NewURLCredentialsProviderBuilder().WithUrl(s.URI).WithHttpOptions(opts).Build()
	case s.OIDC != nil:
		o := s.OIDC
		b := providers.NewOIDCCredentialsProviderBuilder().WithOIDCProviderARN(o.ProviderARN).WithRoleArn(o.RoleARN).
			WithSTSEndpoint(stsHost).WithHttpOptions(opts)
		if o.Token != "" {
			b = b.WithOIDCToken(o.Token)
		} else {
			b = b.WithOIDCTokenFilePath(o.TokenFile)
		}
		if o.SessionName != "" {
			b = b.WithRoleSessionName(o.SessionName)
		} else {
			b = b.WithRoleSessionName("terraform-provider-beian")
		}
		if o.Policy != "" {
			b = b.WithPolicy(o.Policy)
		}
		if o.SessionExpiration > 0 {
			b = b.WithDurationSeconds(o.SessionExpiration)
		}
		return b.Build()
	case s.CLIProfile != "":
		return providers.NewCLIProfileCredentialsProviderBuilder().WithProfileFile(s.ProfileFile).WithProfileName(s.CLIProfile).Build()
	}
	return nil, credErr("no source of temporary credentials is set")
}

// temporaryBase is what a client signs with when its credentials are temporary: the
// credentials-go provider and an SDK pool for the credentials it handed out last.
type temporaryBase struct {
	src       *TemporarySource
	transport http.RoundTripper
	cfg       Config
	// mu serialises the provider (credentials-go providers keep their session without a
	// lock) and guards cur.
	mu   sync.Mutex
	p    providers.CredentialsProvider
	perr error
	cur  *sdkPool
}

func newTemporaryBase(cfg Config, transport http.RoundTripper) *temporaryBase {
	t := &temporaryBase{src: cfg.Credentials.Temporary, transport: transport, cfg: cfg}
	stsHost := ""
	if t.src.OIDC != nil {
		ep, err := cfg.Endpoints.Resolve(ProductSTS, cfg.Region)
		switch {
		case err != nil:
			t.perr = credErr("assume_role_with_oidc: %v", err)
		case ep.Scheme != "HTTPS":
			t.perr = credErr("assume_role_with_oidc sends the OIDC token to STS over HTTPS only (Alibaba's credential provider, credentials-go, has no other way), "+
				"but the STS endpoint is %s (%s). Point endpoints.sts at an https:// endpoint", ep.URL(), ep.Source)
		default:
			stsHost = ep.Host
		}
	}
	if t.perr == nil {
		t.p, t.perr = t.src.newCredentialsProvider(stsHost, cfg.temporaryProxy)
		if t.perr != nil {
			t.perr = credErr("%s: %v", t.src, t.perr)
		}
	}
	return t
}

// pool returns the SDK pool for the credentials the provider hands out now.
func (t *temporaryBase) pool(_ context.Context) (*sdkPool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.perr != nil {
		return nil, t.perr
	}
	cc, err := t.p.GetCredentials()
	if err != nil {
		return nil, credErr("cannot get credentials from %s: %s", t.src, t.scrub(err.Error()))
	}
	if cc == nil || cc.AccessKeyId == "" || cc.AccessKeySecret == "" {
		return nil, credErr("%s handed out no access key", t.src)
	}
	if t.cur != nil && t.cur.creds.AccessKeyID == cc.AccessKeyId && t.cur.creds.AccessKeySecret == cc.AccessKeySecret &&
		t.cur.creds.SecurityToken == cc.SecurityToken {
		return t.cur, nil
	}
	creds := Credentials{AccessKeyID: cc.AccessKeyId, AccessKeySecret: cc.AccessKeySecret, SecurityToken: cc.SecurityToken, Source: t.src.String()}
	p, err := newSDKPool(t.transport, t.cfg, creds)
	if err != nil {
		return nil, err
	}
	t.cur = p
	return p, nil
}

// peek returns the pool of the credentials handed out last, or nil.
func (t *temporaryBase) peek() *sdkPool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cur
}

// scrub removes the OIDC token and the secrets handed out last from a credentials-go
// message (it quotes STS and metadata answers).
func (t *temporaryBase) scrub(s string) string {
	var secrets []string
	if o := t.src.OIDC; o != nil {
		secrets = append(secrets, o.Token)
		if b, err := os.ReadFile(o.TokenFile); err == nil && o.TokenFile != "" {
			secrets = append(secrets, strings.TrimSpace(string(b)))
		}
	}
	if t.cur != nil {
		secrets = append(secrets, t.cur.creds.AccessKeySecret, t.cur.creds.SecurityToken)
	}
	for _, secret := range secrets {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
