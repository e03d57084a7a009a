package guardconfig

import (
	"fmt"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// DefaultRegion is the region of a client whose region is set nowhere.
const DefaultRegion = "cn-hangzhou"

// Client holds the Alibaba Cloud arguments of a provider block. The zero value is the
// provider's defaults: credentials from the environment or the CLI profile, region from
// the environment or cn-hangzhou, the product table's endpoints (or
// BEIAN_ENDPOINT_OVERRIDE), the default retries, rate limit and timeouts.
type Client struct {
	AccessKey, SecretKey, SecurityToken string
	Profile, SharedCredentialsFile      string
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
	RoleARN, SessionName, Policy string
	SessionExpiration            int
}

// Config resolves c into the client configuration, as the provider does: credentials by
// aliyun.ResolveCredentials (attributes, then environment, then the CLI profile; a
// problem with them is kept in Config.CredentialsErr, so work that needs no cloud call
// goes on), region by attribute, environment, then DefaultRegion. getenv is os.Getenv
// (tests pass a map), home the user's home directory. The error is a setting that makes
// a client impossible: an invalid endpoint, an assume_role block without role_arn.
func (c Client) Config(getenv func(string) string, home string) (aliyun.Config, error) {
	creds, credErr := aliyun.ResolveCredentials(aliyun.CredentialInput{
		AccessKey: c.AccessKey, SecretKey: c.SecretKey, SecurityToken: c.SecurityToken,
		Profile: c.Profile, SharedCredentialsFile: c.SharedCredentialsFile,
	}, getenv, home)
	region := c.Region
	if region == "" {
		region, _ = aliyun.FirstEnv(getenv, aliyun.EnvRegion)
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
	if c.AssumeRole != nil {
		if c.AssumeRole.RoleARN == "" {
			return aliyun.Config{}, &AssumeRoleError{}
		}
		cfg.AssumeRole = aliyun.AssumeRoleInput{RoleARN: c.AssumeRole.RoleARN, SessionName: c.AssumeRole.SessionName,
			Policy: c.AssumeRole.Policy, SessionExpiration: c.AssumeRole.SessionExpiration}
	}
	return cfg, nil
}

// AssumeRoleError is an assume_role block without role_arn.
type AssumeRoleError struct{}

func (*AssumeRoleError) Error() string {
	return "The assume_role block is present but role_arn is empty. Set it to the RAM role's ARN (acs:ram::<account id>:role/<name>) or remove the block."
}
