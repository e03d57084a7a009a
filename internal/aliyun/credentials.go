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
}

// String never prints secrets.
func (c Credentials) String() string {
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
}

// Environment variables read for credentials, in order of preference within each pair.
var (
	EnvAccessKeyID     = []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"}
	EnvAccessKeySecret = []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"}
	EnvSecurityToken   = []string{"ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"}
	EnvProfile         = []string{"ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE"}
	EnvRegion          = []string{"ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"}
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

// ResolveCredentials applies the precedence explicit attributes > environment variables >
// shared profile. getenv is os.Getenv in production; tests pass a map lookup. home is the
// user's home directory, used for the default shared credentials file.
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
		return Credentials{}, credErr("no Alibaba Cloud credentials found. Set access_key and secret_key in the provider block, or the environment variables %s and %s (or %s and %s), or name a profile of the Alibaba Cloud CLI with profile / %s (read from shared_credentials_file, default ~/.aliyun/config.json). To try the provider without a cloud account, run the emulator and set %s.",
			EnvAccessKeyID[0], EnvAccessKeySecret[0], EnvAccessKeyID[1], EnvAccessKeySecret[1], EnvProfile[0]+"/"+EnvProfile[1], EndpointOverrideEnv)
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
			return Credentials{}, credErr("%s uses mode %q, which this provider does not support; supported modes: AK, StsToken, RamRoleArn", src, p.Mode)
		}
	}
	return Credentials{}, credErr("profile %q not found in %s (profiles there: %s)", name, file, strings.Join(names, ", "))
}

// IsCredentialError reports whether err is a configuration problem with credentials.
func IsCredentialError(err error) bool {
	var ce *CredentialError
	return errors.As(err, &ce)
}
