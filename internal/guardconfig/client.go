package guardconfig

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// DefaultRegion is the region of a client whose region is set nowhere.
const DefaultRegion = "cn-hangzhou"

// Client holds the Alibaba Cloud arguments of a provider block: the one construction of
// the client, for the provider's Configure and for beian-guard alike, so both accept the
// same settings by the same rules. The zero value is the provider's defaults:
// credentials from the environment or the CLI profile, region from the environment or
// cn-hangzhou, the product table's endpoints (or BEIAN_ENDPOINT_OVERRIDE), the default
// retries, rate limit, timeouts and account lookup.
type Client struct {
	AccessKey, SecretKey, SecurityToken string
	Profile, SharedCredentialsFile      string
	ECSRoleName, CredentialsURI         string
	// OIDC is the assume_role_with_oidc block (RRSA, CI), nil when absent.
	OIDC       *OIDC
	Region     string
	AssumeRole *AssumeRole
	// Endpoints are the endpoints by product; one without a scheme takes Protocol's.
	Endpoints map[aliyun.Product]string
	// Protocol is alicloud's protocol argument: "HTTP" gives an endpoint written without
	// a scheme http://; anything else https://.
	Protocol          string
	MaxRetries        *int
	RequestsPerSecond *float64
	// ConnectTimeout and ReadTimeout: 0 = the client's defaults (DurationRule parses them).
	ConnectTimeout, ReadTimeout time.Duration
	// AccountLookupMethods is account_lookup_methods, nil = aliyun.DefaultAccountLookup.
	AccountLookupMethods []string
	UserAgent            string
}

// AssumeRole is the assume_role block.
type AssumeRole struct {
	RoleARN, SessionName, Policy, ExternalID string
	SessionExpiration                        int
}

// OIDC is the assume_role_with_oidc block.
type OIDC struct {
	ProviderARN, RoleARN, Token, TokenFile, SessionName, Policy string
	SessionExpiration                                           int
}

// Argument names of the client settings a Problem of Resolve names.
const (
	ArgEndpoints                 = "endpoints"
	ArgAssumeRoleExpiration      = "assume_role.session_expiration"
	ArgAccountLookupMethods      = "account_lookup_methods"
	argAccountLookupMethodsValid = "resource_center, ip_location_service, region_scan"
)

// Resolved is a client configuration and what a front end tells its user about it.
type Resolved struct {
	Config aliyun.Config
	// RegionFrom says where the region came from ("provider attribute region",
	// "environment ALIBABA_CLOUD_REGION", "region_id of the …", "default").
	RegionFrom string
	// RoleIgnored is true when an assume_role block names no role_arn, in it or in the
	// environment: no role is assumed, as in the alicloud provider.
	RoleIgnored bool
}

// Config is Resolve's configuration, for callers that report nothing else.
func (c Client) Config(getenv func(string) string, home string) (aliyun.Config, error) {
	r, err := c.Resolve(getenv, home)
	return r.Config, err
}

// Resolve resolves c into the client configuration, by the provider's rules: credentials
// by aliyun.ResolveCredentials (attributes, then environment, then the CLI profile, the ECS
// role, a credentials URI, OIDC; a problem with them is kept in Config.CredentialsErr, so
// work that needs no cloud call goes on), region by attribute, environment, the
// credentials' region, then DefaultRegion; an assume_role block completed from the
// environment (ALIBABA_CLOUD_ROLE_ARN …), and without any role_arn no role assumed.
// getenv is os.Getenv (tests pass a map), home the user's home directory. The error, a
// Problem naming the setting, is a setting that makes a client impossible: an invalid
// endpoint, session expiration or account lookup method.
func (c Client) Resolve(getenv func(string) string, home string) (Resolved, error) {
	in := aliyun.CredentialInput{
		AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken,
		Profile: c.Profile, SharedCredentialsFile: c.SharedCredentialsFile,
		ECSRoleName: c.ECSRoleName, CredentialsURI: c.CredentialsURI,
	}
	if o := c.OIDC; o != nil {
		in.OIDC = &aliyun.OIDCInput{ProviderARN: o.ProviderARN, RoleARN: o.RoleARN, Token: o.Token, TokenFile: o.TokenFile,
			SessionName: o.SessionName, Policy: o.Policy, SessionExpiration: o.SessionExpiration}
	}
	creds, credErr := aliyun.ResolveCredentials(in, getenv, home)
	r := Resolved{}
	region := c.region(getenv, creds, &r.RegionFrom)
	urls := make(map[aliyun.Product]string, len(c.Endpoints))
	for p, v := range c.Endpoints {
		urls[p] = EndpointURL(v, c.Protocol)
	}
	endpoints, err := aliyun.NewEndpoints(urls, getenv(aliyun.EndpointOverrideEnv))
	if err != nil {
		return r, problem(ArgEndpoints, "Invalid endpoint",
			err.Error()+". Write endpoints as https://host[:port] (or http://host:port for a local emulator).")
	}
	r.Config = aliyun.Config{
		Credentials:       creds,
		CredentialsErr:    credErr,
		Region:            region,
		Endpoints:         endpoints,
		MaxRetries:        aliyun.DefaultMaxRetries,
		RequestsPerSecond: aliyun.DefaultRequestsPerSecond,
		ConnectTimeout:    c.ConnectTimeout,
		ReadTimeout:       c.ReadTimeout,
		UserAgent:         c.UserAgent,
	}
	if c.MaxRetries != nil {
		r.Config.MaxRetries = *c.MaxRetries
	}
	if c.RequestsPerSecond != nil {
		r.Config.RequestsPerSecond = *c.RequestsPerSecond
	}
	if r.Config.AccountLookup, err = accountLookup(c.AccountLookupMethods); err != nil {
		return r, err
	}
	r.Config.AssumeRole = aliyun.AssumeRoleInput{RoleARN: creds.RoleARN, SessionName: creds.RoleSessionName}
	if c.AssumeRole != nil {
		role, err := c.AssumeRole.withEnv(getenv)
		if err != nil {
			return r, err
		}
		if role.RoleARN != "" {
			r.Config.AssumeRole = role
		} else {
			r.RoleIgnored = true
		}
	}
	return r, nil
}

// region is the client's region and, in from, where it came from.
func (c Client) region(getenv func(string) string, creds aliyun.Credentials, from *string) string {
	if c.Region != "" {
		*from = "provider attribute region"
		return c.Region
	}
	if v, name := aliyun.FirstEnv(getenv, aliyun.EnvRegion); v != "" {
		*from = "environment " + name
		return v
	}
	if creds.Region != "" {
		*from = "region_id of the " + creds.Source
		return creds.Region
	}
	*from = "default"
	return DefaultRegion
}

// withEnv completes the assume_role block from the environment, as the alicloud provider
// does.
func (a AssumeRole) withEnv(getenv func(string) string) (aliyun.AssumeRoleInput, error) {
	in := aliyun.AssumeRoleInput{RoleARN: a.RoleARN, SessionName: a.SessionName, Policy: a.Policy,
		SessionExpiration: a.SessionExpiration, ExternalID: a.ExternalID}
	if in.RoleARN == "" {
		in.RoleARN, _ = aliyun.FirstEnv(getenv, aliyun.EnvRoleARN)
	}
	if in.SessionName == "" {
		in.SessionName, _ = aliyun.FirstEnv(getenv, aliyun.EnvRoleSessionName)
	}
	if in.SessionExpiration == 0 {
		if v, name := aliyun.FirstEnv(getenv, aliyun.EnvRoleSessionExpiration); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 900 || n > 43200 {
				return in, problem(ArgAssumeRoleExpiration, "Invalid session expiration",
					fmt.Sprintf("%s = %q must be a number of seconds from 900 to 43200.", name, v))
			}
			in.SessionExpiration = n
		}
	}
	return in, nil
}

// accountLookup reads account_lookup_methods; nil keeps the client's default order.
func accountLookup(names []string) ([]aliyun.AccountLookupMethod, error) {
	if names == nil {
		return nil, nil
	}
	out := make([]aliyun.AccountLookupMethod, 0, len(names))
	for i, n := range names {
		m := aliyun.AccountLookupMethod(strings.TrimSpace(n))
		known := false
		for _, d := range aliyun.DefaultAccountLookup {
			known = known || d == m
		}
		if !known {
			p := problem(ArgAccountLookupMethods, "Invalid account lookup method",
				fmt.Sprintf("account_lookup_methods[%d] = %q is not a way of searching the account: write %s.", i, n, argAccountLookupMethodsValid))
			p.Index = i
			return nil, p
		}
		out = append(out, m)
	}
	return out, nil
}

// EndpointURL is an endpoint as written, with http:// in front when it has no scheme and
// protocol is "HTTP" (alicloud's protocol argument); otherwise as written (the client
// takes a bare host as https).
func EndpointURL(v, protocol string) string {
	v = strings.TrimSpace(v)
	if strings.EqualFold(protocol, "HTTP") && !strings.Contains(v, "://") {
		return "http://" + v
	}
	return v
}
