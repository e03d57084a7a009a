package guardconfig

import (
	"fmt"
	"strconv"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// DefaultRegion is the region of a client whose region is set nowhere.
const DefaultRegion = "cn-hangzhou"

// Client holds the Alibaba Cloud arguments of a provider block, for beian-guard. (The
// provider's Configure applies the same rules itself, with its alicloud-compatible
// arguments on top; a change to one is a change to the other.) The zero value is the
// provider's defaults: credentials from the environment or the CLI profile, region from
// the environment or cn-hangzhou, the product table's endpoints (or
// BEIAN_ENDPOINT_OVERRIDE), the default retries, rate limit and timeouts.
type Client struct {
	AccessKey, SecretKey, SecurityToken string
	Profile, SharedCredentialsFile      string
	ECSRoleName, CredentialsURI         string
	Region                              string
	AssumeRole                          *AssumeRole
	Endpoints                           map[aliyun.Product]string
	MaxRetries                          *int
	RequestsPerSecond                   *float64
	ConnectTimeout, ReadTimeout         time.Duration // 0 = the client's defaults
	UserAgent                           string
}

// AssumeRole is the assume_role block.
type AssumeRole struct {
	RoleARN, SessionName, Policy, ExternalID string
	SessionExpiration                        int
}

// Config resolves c into the client configuration, by the provider's rules (its
// Configure): credentials by aliyun.ResolveCredentials (attributes, then environment, then
// the CLI profile, the ECS role, a credentials URI; a problem with them is kept in
// Config.CredentialsErr, so work that needs no cloud call goes on), region by attribute,
// environment, the credentials' region, then DefaultRegion; an assume_role block completed
// from the environment (ALIBABA_CLOUD_ROLE_ARN …), and without any role_arn no role
// assumed. getenv is os.Getenv (tests pass a map), home the user's home directory. The
// error is a setting that makes a client impossible: an invalid endpoint or session
// expiration.
func (c Client) Config(getenv func(string) string, home string) (aliyun.Config, error) {
	creds, credErr := aliyun.ResolveCredentials(aliyun.CredentialInput{
		AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken,
		Profile: c.Profile, SharedCredentialsFile: c.SharedCredentialsFile,
		ECSRoleName: c.ECSRoleName, CredentialsURI: c.CredentialsURI,
	}, getenv, home)
	region := c.Region
	if region == "" {
		region, _ = aliyun.FirstEnv(getenv, aliyun.EnvRegion)
	}
	if region == "" {
		region = creds.Region
	}
	if region == "" {
		region = DefaultRegion
	}
	endpoints, err := aliyun.NewEndpoints(c.Endpoints, getenv(aliyun.EndpointOverrideEnv))
	if err != nil {
		return aliyun.Config{}, fmt.Errorf("%w. Write endpoints as https://host[:port] (or http://host:port for a local emulator)", err)
	}
	cfg := aliyun.Config{
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
		cfg.MaxRetries = *c.MaxRetries
	}
	if c.RequestsPerSecond != nil {
		cfg.RequestsPerSecond = *c.RequestsPerSecond
	}
	cfg.AssumeRole = aliyun.AssumeRoleInput{RoleARN: creds.RoleARN, SessionName: creds.RoleSessionName}
	if a := c.AssumeRole; a != nil {
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
					return aliyun.Config{}, fmt.Errorf("%s = %q must be a number of seconds from 900 to 43200", name, v)
				}
				in.SessionExpiration = n
			}
		}
		if in.RoleARN != "" { // without one no role is assumed, as in the provider and the alicloud provider
			cfg.AssumeRole = in
		}
	}
	return cfg, nil
}
