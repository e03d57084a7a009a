package aliyun

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Credentials are the resolved static credentials. Source says where they came from, for
// diagnostics; it never contains a secret.
type Credentials struct {
	AccessKeyID     string
	AccessKeySecret string
	SecurityToken   string
	Source          string
	// RoleARN is set when the credentials must be exchanged for a role session (from a
	// RamRoleArn profile); the provider's assume_role block fills AssumeRole instead.
	RoleARN         string
	RoleSessionName string
	// Temporary, when set, hands out the credentials instead of the fields above: an ECS
	// instance RAM role, a credentials URI, an OIDC exchange, or a CLI profile mode
	// resolved by credentials-go (credentials_temporary.go).
	Temporary *TemporarySource
	// Region is the region_id of the CLI profile the credentials came from, if any: the
	// provider's region when neither the provider block nor the environment names one.
	Region string
}

// String never prints secrets.
func (c Credentials) String() string {
	if c.Temporary != nil {
		return "temporary credentials from " + c.Temporary.String()
	}
	return fmt.Sprintf("access key %s from %s", MaskAccessKeyID(c.AccessKeyID), c.Source)
}

// GoString keeps %#v from printing secrets.
func (c Credentials) GoString() string { return "aliyun.Credentials{" + c.String() + "}" }

// MaskAccessKeyID keeps the first four characters of an access key ID, enough to tell two
// keys apart in a diagnostic without disclosing the key.
func MaskAccessKeyID(id string) string {
	if len(id) <= 4 {
		return "****"
	}
	return id[:4] + strings.Repeat("*", 8)
}

// CredentialInput is what the provider configuration says, before environment fallbacks.
type CredentialInput struct {
	AccessKey             string
	SecretKey             string
	SecurityToken         string
	Profile               string
	SharedCredentialsFile string
	// ECSRoleName, CredentialsURI and OIDC are the alicloud provider's ecs_role_name,
	// credentials_uri and assume_role_with_oidc (OIDC.RoleARN etc. empty = not set).
	ECSRoleName    string
	CredentialsURI string
	OIDC           *OIDCInput
}

// Environment variables read for credentials, in order of preference within each list:
// Alibaba Cloud's own names (ALIBABA_CLOUD_*, those of credentials-go and the CLI) first,
// then the alicloud provider's older ALICLOUD_* names (its provider.go reads both).
var (
	EnvAccessKeyID     = []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"}
	EnvAccessKeySecret = []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"}
	EnvSecurityToken   = []string{"ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"}
	EnvProfile         = []string{"ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE"}
	EnvRegion          = []string{"ALIBABA_CLOUD_REGION", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"}
	// EnvSharedCredentialsFile names the CLI's config.json (shared_credentials_file):
	// alicloud's ALIBABA_CLOUD_CREDENTIALS_FILE and ALICLOUD_SHARED_CREDENTIALS_FILE, and
	// credentials-go's and the CLI's ALIBABA_CLOUD_CONFIG_FILE.
	EnvSharedCredentialsFile = []string{"ALIBABA_CLOUD_CREDENTIALS_FILE", "ALICLOUD_SHARED_CREDENTIALS_FILE", "ALIBABA_CLOUD_CONFIG_FILE"}
	EnvECSRoleName           = []string{"ALIBABA_CLOUD_ECS_METADATA", "ALICLOUD_ECS_ROLE_NAME"}
	EnvCredentialsURI        = []string{"ALIBABA_CLOUD_CREDENTIALS_URI", "ALICLOUD_CREDENTIALS_URI"}
	EnvRoleARN               = []string{"ALIBABA_CLOUD_ROLE_ARN", "ALICLOUD_ASSUME_ROLE_ARN"}
	EnvRoleSessionName       = []string{"ALIBABA_CLOUD_ROLE_SESSION_NAME", "ALICLOUD_ASSUME_ROLE_SESSION_NAME"}
	EnvRoleSessionExpiration = []string{"ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION"}
	EnvOIDCProviderARN       = []string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN"}
	EnvOIDCTokenFile         = []string{"ALIBABA_CLOUD_OIDC_TOKEN_FILE"}
	EnvOIDCToken             = []string{"ALIBABA_CLOUD_OIDC_TOKEN"}
)

// CredentialError is a configuration problem the user must fix. Its message names the
// attributes and environment variables involved and never contains a secret value.
type CredentialError struct{ Msg string }

func (e *CredentialError) Error() string { return e.Msg }

func credErr(format string, args ...any) error {
	return &CredentialError{Msg: fmt.Sprintf(format, args...)}
}

// FirstEnv returns the first non-empty value among names, and the name it came from.
func FirstEnv(getenv func(string) string, names []string) (string, string) {
	for _, n := range names {
		if v := strings.TrimSpace(getenv(n)); v != "" {
			return v, n
		}
	}
	return "", ""
}

// ResolveCredentials applies the precedence: what the provider block says (access_key /
// secret_key, assume_role_with_oidc, ecs_role_name, credentials_uri, profile), then the
// environment (an access key pair, an OIDC set as RRSA injects it, an ECS role name, a
// credentials URI, a profile name), then the CLI's current profile. getenv is os.Getenv
// in production; tests pass a map lookup. home is the user's home directory, used for the
// default shared credentials file.
func ResolveCredentials(in CredentialInput, getenv func(string) string, home string) (Credentials, error) {
	// 1. Explicit attributes.
	if in.AccessKey != "" || in.SecretKey != "" {
		if in.AccessKey == "" || in.SecretKey == "" {
			set := "secret_key"
			if in.AccessKey != "" {
				set = "access_key"
			}
			return Credentials{}, credErr("access_key and secret_key must be set together: only %s is set in the provider block. Set both, or remove it and use the environment variables %s/%s or a profile.",
				set, EnvAccessKeyID[0], EnvAccessKeySecret[0])
		}
		if in.Profile != "" {
			return Credentials{}, credErr("conflicting credentials: the provider block sets both access_key/secret_key and profile %q. Keep one of them.", in.Profile)
		}
		return Credentials{AccessKeyID: in.AccessKey, AccessKeySecret: in.SecretKey, SecurityToken: in.SecurityToken, Source: "provider attributes access_key/secret_key"}, nil
	}
	if in.OIDC != nil {
		o, err := oidcWithEnv(*in.OIDC, getenv, "assume_role_with_oidc")
		if err != nil {
			return Credentials{}, err
		}
		return Credentials{Temporary: &TemporarySource{OIDC: &o}, Source: "provider block assume_role_with_oidc"}, nil
	}
	if in.ECSRoleName != "" {
		return Credentials{Temporary: &TemporarySource{ECSRole: in.ECSRoleName}, Source: "provider attribute ecs_role_name"}, nil
	}
	if in.CredentialsURI != "" {
		return Credentials{Temporary: &TemporarySource{URI: in.CredentialsURI}, Source: "provider attribute credentials_uri"}, nil
	}
	if in.SecurityToken != "" && in.Profile != "" {
		return Credentials{}, credErr("conflicting credentials: the provider block sets security_token together with profile %q; a profile brings its own credentials. Remove one of them.", in.Profile)
	}
	if in.SecurityToken != "" && in.Profile == "" {
		if id, _ := FirstEnv(getenv, EnvAccessKeyID); id == "" {
			return Credentials{}, credErr("security_token is set but no access key is: an STS token is only valid with the temporary access_key and secret_key it was issued with.")
		}
	}
	// 2. Environment variables (unless the configuration names a profile explicitly). Each
	// family (ALIBABA_CLOUD_*, ALICLOUD_*) is taken as a pair, so an ID of one is never
	// combined with a secret of the other.
	if in.Profile == "" {
		for i := range EnvAccessKeyID {
			idVar, secretVar, tokenVar := EnvAccessKeyID[i], EnvAccessKeySecret[i], EnvSecurityToken[i]
			id, secret := strings.TrimSpace(getenv(idVar)), strings.TrimSpace(getenv(secretVar))
			if id == "" && secret == "" {
				continue
			}
			if id == "" || secret == "" {
				have, missing := idVar, secretVar
				if id == "" {
					have, missing = secretVar, idVar
				}
				return Credentials{}, credErr("incomplete credentials in the environment: %s is set but %s is not. Set both (or unset it and use access_key/secret_key or a profile).", have, missing)
			}
			token := in.SecurityToken
			if token == "" {
				token = strings.TrimSpace(getenv(tokenVar))
			}
			return Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token, Source: "environment " + idVar + "/" + secretVar}, nil
		}
		// An OIDC set as RRSA (ACK) and CI systems inject it: the OIDC provider's ARN
		// makes it one; the role ARN and a token (or token file) must come with it.
		if arn, _ := FirstEnv(getenv, EnvOIDCProviderARN); arn != "" {
			o, err := oidcWithEnv(OIDCInput{}, getenv, "the environment ("+EnvOIDCProviderARN[0]+" is set)")
			if err != nil {
				return Credentials{}, err
			}
			return Credentials{Temporary: &TemporarySource{OIDC: &o}, Source: "environment " + EnvOIDCProviderARN[0]}, nil
		}
		if role, v := FirstEnv(getenv, EnvECSRoleName); role != "" {
			return Credentials{Temporary: &TemporarySource{ECSRole: role}, Source: "environment " + v}, nil
		}
		if uri, v := FirstEnv(getenv, EnvCredentialsURI); uri != "" {
			return Credentials{Temporary: &TemporarySource{URI: uri}, Source: "environment " + v}, nil
		}
	}
	// 3. Shared profile.
	profile := in.Profile
	profileSource := "provider attribute profile"
	if profile == "" {
		var v string
		profile, v = FirstEnv(getenv, EnvProfile)
		profileSource = "environment " + v
	}
	file := in.SharedCredentialsFile
	if file == "" {
		file, _ = FirstEnv(getenv, EnvSharedCredentialsFile)
	}
	if file == "" && home != "" {
		file = filepath.Join(home, ".aliyun", "config.json")
	}
	if profile == "" {
		// The CLI's "current" profile is used when the file exists and names one.
		if file != "" {
			if cfg, err := readCLIConfig(file); err == nil && cfg.Current != "" {
				profile = cfg.Current
				profileSource = "current profile of " + file
			}
		}
	}
	if profile == "" {
		return Credentials{}, credErr("no Alibaba Cloud credentials found. Set access_key and secret_key in the provider block, or the environment variables %s and %s (or %s and %s), or name a profile of the Alibaba Cloud CLI with profile / %s (read from shared_credentials_file, default ~/.aliyun/config.json); "+
			"on an ECS instance set ecs_role_name / %s, in ACK with RRSA or in CI use assume_role_with_oidc / %s. To try the provider without a cloud account, run the emulator and set %s.",
			EnvAccessKeyID[0], EnvAccessKeySecret[0], EnvAccessKeyID[1], EnvAccessKeySecret[1], EnvProfile[0]+"/"+EnvProfile[1], EnvECSRoleName[0], EnvOIDCProviderARN[0], EndpointOverrideEnv)
	}
	if file == "" {
		return Credentials{}, credErr("profile %q (%s) is set but no shared_credentials_file is given and the home directory is unknown.", profile, profileSource)
	}
	cfg, err := readCLIConfig(file)
	if err != nil {
		return Credentials{}, credErr("profile %q (%s): cannot read shared_credentials_file %s: %v", profile, profileSource, file, err)
	}
	return cfg.credentials(profile, file)
}

// oidcWithEnv completes an OIDC exchange's settings from the environment, as the
// alicloud provider's assume_role_with_oidc does, and checks that it is complete. where
// says where the exchange was asked for.
func oidcWithEnv(o OIDCInput, getenv func(string) string, where string) (OIDCInput, error) {
	fill := func(v *string, names []string) {
		if *v == "" {
			*v, _ = FirstEnv(getenv, names)
		}
	}
	fill(&o.ProviderARN, EnvOIDCProviderARN)
	fill(&o.RoleARN, EnvRoleARN)
	fill(&o.SessionName, EnvRoleSessionName)
	if o.Token == "" && o.TokenFile == "" {
		fill(&o.Token, EnvOIDCToken)
		fill(&o.TokenFile, EnvOIDCTokenFile)
	}
	var missing []string
	if o.ProviderARN == "" {
		missing = append(missing, "oidc_provider_arn ("+EnvOIDCProviderARN[0]+")")
	}
	if o.RoleARN == "" {
		missing = append(missing, "role_arn ("+EnvRoleARN[0]+")")
	}
	if o.Token == "" && o.TokenFile == "" {
		missing = append(missing, "oidc_token or oidc_token_file ("+EnvOIDCToken[0]+" or "+EnvOIDCTokenFile[0]+")")
	}
	if len(missing) > 0 {
		verb := "are"
		if len(missing) == 1 {
			verb = "is"
		}
		return o, credErr("an OIDC login is asked for by %s, but %s %s not set: the exchange with STS AssumeRoleWithOIDC needs the OIDC identity provider's ARN, the RAM role's ARN and the token",
			where, strings.Join(missing, " and "), verb)
	}
	return o, nil
}

type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	RAMRoleARN      string `json:"ram_role_arn"`
	RAMSessionName  string `json:"ram_session_name"`
	RegionID        string `json:"region_id"`
}

// credentialsGoModes are the CLI profile modes resolved by credentials-go's CLI profile
// provider rather than read here (its cli_profile.go, v1.4.14): they need a metadata
// service, an OIDC exchange, a chain of profiles or a sign-in flow.
var credentialsGoModes = []string{"EcsRamRole", "OIDC", "ChainableRamRoleArn", "CloudSSO", "OAuth", "External"}

func readCLIConfig(path string) (*cliConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg cliConfig
	if err := json.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("not the Alibaba Cloud CLI's config.json format: %w", err)
	}
	return &cfg, nil
}

func (c *cliConfig) credentials(name, file string) (Credentials, error) {
	var names []string
	for _, p := range c.Profiles {
		names = append(names, p.Name)
		if p.Name != name {
			continue
		}
		src := fmt.Sprintf("profile %q in %s", name, file)
		for _, m := range credentialsGoModes {
			if p.Mode == m {
				return Credentials{Temporary: &TemporarySource{CLIProfile: name, ProfileFile: file}, Source: src, Region: p.RegionID}, nil
			}
		}
		c, err := p.static(src)
		c.Region = p.RegionID
		return c, err
	}
	return Credentials{}, credErr("profile %q not found in %s (profiles there: %s)", name, file, strings.Join(names, ", "))
}

// static reads the credentials of a profile in a mode this package reads itself.
func (p cliProfile) static(src string) (Credentials, error) {
	switch strings.ToLower(p.Mode) {
	case "", "ak":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return Credentials{}, credErr("%s (mode AK) lacks access_key_id or access_key_secret", src)
		}
		return Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, Source: src}, nil
	case "ststoken":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" || p.StsToken == "" {
			return Credentials{}, credErr("%s (mode StsToken) lacks access_key_id, access_key_secret or sts_token", src)
		}
		return Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, SecurityToken: p.StsToken, Source: src}, nil
	case "ramrolearn":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" || p.RAMRoleARN == "" {
			return Credentials{}, credErr("%s (mode RamRoleArn) lacks access_key_id, access_key_secret or ram_role_arn", src)
		}
		return Credentials{AccessKeyID: p.AccessKeyID, AccessKeySecret: p.AccessKeySecret, Source: src, RoleARN: p.RAMRoleARN, RoleSessionName: p.RAMSessionName}, nil
	default:
		return Credentials{}, credErr("%s uses mode %q, which this provider does not know; the modes are AK, StsToken, RamRoleArn and %s (the Alibaba Cloud CLI's spelling, case as written)",
			src, p.Mode, strings.Join(credentialsGoModes, ", "))
	}
}

// IsCredentialError reports whether err is a configuration problem with credentials.
func IsCredentialError(err error) bool {
	var ce *CredentialError
	return errors.As(err, &ce)
}
