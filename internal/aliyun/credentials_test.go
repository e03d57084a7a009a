package aliyun

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Distinctive secret values: no error message, log line or String() may ever contain them.
const (
	credSecretExplicit = "SECRET-explicit-9d41c7"
	credSecretEnvNew   = "SECRET-envnew-52be0a"
	credSecretEnvOld   = "SECRET-envold-e6a913"
	credSecretProfile  = "SECRET-profile-0c7f55"
	credSecretSTS      = "SECRET-ststoken-44aa21"
	credSecretRole     = "SECRET-ramrole-b1d2e3"
	credTokenExplicit  = "TOKEN-explicit-71c0de"
	credTokenEnv       = "TOKEN-env-3b9f08"
	credTokenProfile   = "TOKEN-profile-aa5c62"
)

var credAllSecrets = []string{
	credSecretExplicit, credSecretEnvNew, credSecretEnvOld, credSecretProfile, credSecretSTS,
	credSecretRole, credTokenExplicit, credTokenEnv, credTokenProfile,
}

func credAssertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	for _, s := range credAllSecrets {
		if strings.Contains(text, s) {
			t.Errorf("%s contains the secret %q: %s", what, s, text)
		}
	}
}

func credEnv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// credHome writes an Alibaba Cloud CLI config.json under a temporary home directory and
// returns the home directory.
func credHome(t *testing.T, current string) string {
	t.Helper()
	home := t.TempDir()
	cfg := map[string]any{
		"current": current,
		"profiles": []map[string]any{
			{"name": "default", "mode": "AK", "access_key_id": "LTAIprofiledefault", "access_key_secret": credSecretProfile, "region_id": "cn-hangzhou"},
			{"name": "work", "mode": "AK", "access_key_id": "LTAIprofilework", "access_key_secret": credSecretProfile},
			{"name": "lower", "mode": "ak", "access_key_id": "LTAIprofilelower", "access_key_secret": credSecretProfile},
			{"name": "nomode", "access_key_id": "LTAIprofilenomode", "access_key_secret": credSecretProfile},
			{"name": "sts", "mode": "StsToken", "access_key_id": "STS.profilests", "access_key_secret": credSecretSTS, "sts_token": credTokenProfile},
			{"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAIprofilerole", "access_key_secret": credSecretRole, "ram_role_arn": "acs:ram::1234567890:role/beian", "ram_session_name": "beian-session"},
			{"name": "ecsrole", "mode": "EcsRamRole", "ram_role_name": "beian-ecs", "region_id": "cn-shanghai"},
			{"name": "bogus", "mode": "Bogus", "access_key_id": "LTAIbogus", "access_key_secret": credSecretProfile},
			{"name": "halfak", "mode": "AK", "access_key_id": "LTAIprofilehalf"},
			{"name": "halfsts", "mode": "StsToken", "access_key_id": "STS.half", "access_key_secret": credSecretSTS},
			{"name": "halfrole", "mode": "RamRoleArn", "access_key_id": "LTAIhalfrole", "access_key_secret": credSecretRole},
		},
	}
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(home, ".aliyun")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return home
}

var (
	credEnvNew = map[string]string{
		"ALIBABA_CLOUD_ACCESS_KEY_ID":     "LTAIenvnew",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET": credSecretEnvNew,
	}
	credEnvOld = map[string]string{
		"ALICLOUD_ACCESS_KEY": "LTAIenvold",
		"ALICLOUD_SECRET_KEY": credSecretEnvOld,
	}
)

func credMerge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func TestResolveCredentialsPrecedence(t *testing.T) {
	homeWithCurrent := credHome(t, "work")
	homeNoCurrent := credHome(t, "")
	explicit := CredentialInput{AccessKey: "LTAIexplicit", SecretKey: credSecretExplicit}

	tests := []struct {
		name       string
		in         CredentialInput
		env        map[string]string
		home       string
		wantID     string
		wantSecret string
		wantToken  string
		wantSource string // fragment of Source
	}{
		{
			name: "explicit attributes beat everything",
			in:   explicit, env: credMerge(credEnvNew, credEnvOld, map[string]string{"ALIBABA_CLOUD_PROFILE": "default"}), home: homeWithCurrent,
			wantID: "LTAIexplicit", wantSecret: credSecretExplicit, wantSource: "access_key/secret_key",
		},
		{
			name: "explicit attributes with explicit token",
			in:   CredentialInput{AccessKey: "STS.explicit", SecretKey: credSecretExplicit, SecurityToken: credTokenExplicit},
			env:  map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": credTokenEnv}, home: homeWithCurrent,
			wantID: "STS.explicit", wantSecret: credSecretExplicit, wantToken: credTokenExplicit, wantSource: "access_key/secret_key",
		},
		{
			name: "explicit keys do not pick up an environment token",
			in:   explicit, env: map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": credTokenEnv}, home: homeNoCurrent,
			wantID: "LTAIexplicit", wantSecret: credSecretExplicit, wantToken: "", wantSource: "access_key/secret_key",
		},
		{
			name: "ALIBABA_CLOUD_* beats ALICLOUD_* and the profile",
			env:  credMerge(credEnvOld, credEnvNew, map[string]string{"ALICLOUD_PROFILE": "default"}), home: homeWithCurrent,
			wantID: "LTAIenvnew", wantSecret: credSecretEnvNew, wantSource: "ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET",
		},
		{
			name: "ALICLOUD_* beats the profile",
			env:  credMerge(credEnvOld, map[string]string{"ALIBABA_CLOUD_PROFILE": "default"}), home: homeWithCurrent,
			wantID: "LTAIenvold", wantSecret: credSecretEnvOld, wantSource: "ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY",
		},
		{
			name: "environment keys with ALIBABA_CLOUD_SECURITY_TOKEN",
			env:  credMerge(credEnvNew, map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": credTokenEnv}), home: homeNoCurrent,
			wantID: "LTAIenvnew", wantSecret: credSecretEnvNew, wantToken: credTokenEnv, wantSource: "environment",
		},
		{
			name: "environment keys with ALICLOUD_SECURITY_TOKEN",
			env:  credMerge(credEnvOld, map[string]string{"ALICLOUD_SECURITY_TOKEN": credTokenEnv}), home: homeNoCurrent,
			wantID: "LTAIenvold", wantSecret: credSecretEnvOld, wantToken: credTokenEnv, wantSource: "environment",
		},
		{
			name: "security_token attribute applies to environment keys",
			in:   CredentialInput{SecurityToken: credTokenExplicit},
			env:  credMerge(credEnvNew, map[string]string{"ALIBABA_CLOUD_SECURITY_TOKEN": credTokenEnv}), home: homeNoCurrent,
			wantID: "LTAIenvnew", wantSecret: credSecretEnvNew, wantToken: credTokenExplicit, wantSource: "environment",
		},
		{
			name: "explicit profile attribute beats environment keys",
			in:   CredentialInput{Profile: "default"},
			env:  credMerge(credEnvNew, credEnvOld, map[string]string{"ALIBABA_CLOUD_PROFILE": "work"}), home: homeWithCurrent,
			wantID: "LTAIprofiledefault", wantSecret: credSecretProfile, wantSource: `profile "default"`,
		},
		{
			name: "ALIBABA_CLOUD_PROFILE beats ALICLOUD_PROFILE and the current profile",
			env:  map[string]string{"ALIBABA_CLOUD_PROFILE": "default", "ALICLOUD_PROFILE": "lower"}, home: homeWithCurrent,
			wantID: "LTAIprofiledefault", wantSecret: credSecretProfile, wantSource: `profile "default"`,
		},
		{
			name: "ALICLOUD_PROFILE beats the current profile",
			env:  map[string]string{"ALICLOUD_PROFILE": "default"}, home: homeWithCurrent,
			wantID: "LTAIprofiledefault", wantSecret: credSecretProfile, wantSource: `profile "default"`,
		},
		{
			name:   "current profile of the CLI config",
			home:   homeWithCurrent,
			wantID: "LTAIprofilework", wantSecret: credSecretProfile, wantSource: `profile "work"`,
		},
		{
			name: "whitespace-only environment values are ignored",
			env:  map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "  ", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": " "}, home: homeWithCurrent,
			wantID: "LTAIprofilework", wantSecret: credSecretProfile, wantSource: `profile "work"`,
		},
		{
			name:   "shared_credentials_file replaces ~/.aliyun/config.json",
			in:     CredentialInput{Profile: "default", SharedCredentialsFile: filepath.Join(homeWithCurrent, ".aliyun", "config.json")},
			home:   "",
			wantID: "LTAIprofiledefault", wantSecret: credSecretProfile, wantSource: "config.json",
		},
		{
			name: "mode is case-insensitive",
			in:   CredentialInput{Profile: "lower"}, home: homeNoCurrent,
			wantID: "LTAIprofilelower", wantSecret: credSecretProfile, wantSource: `profile "lower"`,
		},
		{
			name: "missing mode means AK",
			in:   CredentialInput{Profile: "nomode"}, home: homeNoCurrent,
			wantID: "LTAIprofilenomode", wantSecret: credSecretProfile, wantSource: `profile "nomode"`,
		},
		{
			name: "StsToken profile",
			in:   CredentialInput{Profile: "sts"}, home: homeNoCurrent,
			wantID: "STS.profilests", wantSecret: credSecretSTS, wantToken: credTokenProfile, wantSource: `profile "sts"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveCredentials(tt.in, credEnv(tt.env), tt.home)
			if err != nil {
				t.Fatalf("ResolveCredentials: %v", err)
			}
			if got.AccessKeyID != tt.wantID || got.AccessKeySecret != tt.wantSecret || got.SecurityToken != tt.wantToken {
				t.Errorf("got id=%q secret match=%v token=%q; want id=%q secret match=true token=%q",
					got.AccessKeyID, got.AccessKeySecret == tt.wantSecret, got.SecurityToken, tt.wantID, tt.wantToken)
			}
			if !strings.Contains(got.Source, tt.wantSource) {
				t.Errorf("Source = %q, want it to mention %q", got.Source, tt.wantSource)
			}
			credAssertNoSecret(t, "Source", got.Source)
			credAssertNoSecret(t, "String()", got.String())
		})
	}
}

func TestResolveCredentialsRamRoleArnProfile(t *testing.T) {
	home := credHome(t, "")
	got, err := ResolveCredentials(CredentialInput{Profile: "role"}, credEnv(nil), home)
	if err != nil {
		t.Fatalf("ResolveCredentials: %v", err)
	}
	if got.AccessKeyID != "LTAIprofilerole" || got.AccessKeySecret != credSecretRole || got.SecurityToken != "" {
		t.Errorf("got id=%q token=%q; want the profile's access key and no token", got.AccessKeyID, got.SecurityToken)
	}
	if got.RoleARN != "acs:ram::1234567890:role/beian" || got.RoleSessionName != "beian-session" {
		t.Errorf("RoleARN=%q RoleSessionName=%q; want the profile's ram_role_arn and ram_session_name", got.RoleARN, got.RoleSessionName)
	}
}

func TestResolveCredentialsErrors(t *testing.T) {
	home := credHome(t, "")
	emptyHome := t.TempDir()
	badJSON := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(badJSON, []byte(`{"profiles":[{"name":"default","access_key_secret":"`+credSecretProfile+`"`), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		in   CredentialInput
		env  map[string]string
		home string
		want []string // fragments the message must contain
	}{
		{
			name: "access_key without secret_key",
			in:   CredentialInput{AccessKey: "LTAIexplicit"}, env: credEnvNew, home: home,
			want: []string{"access_key", "secret_key", "only access_key"},
		},
		{
			name: "secret_key without access_key",
			in:   CredentialInput{SecretKey: credSecretExplicit}, env: credEnvNew, home: home,
			want: []string{"access_key", "only secret_key"},
		},
		{
			name: "access_key and profile conflict",
			in:   CredentialInput{AccessKey: "LTAIexplicit", SecretKey: credSecretExplicit, Profile: "default"}, home: home,
			want: []string{"access_key", "profile", `"default"`},
		},
		{
			name: "ALIBABA_CLOUD_ACCESS_KEY_ID without secret",
			env:  map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_ID": "LTAIenvnew"}, home: home,
			want: []string{"ALIBABA_CLOUD_ACCESS_KEY_ID is set", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"},
		},
		{
			name: "ALIBABA_CLOUD_ACCESS_KEY_SECRET without id",
			env:  map[string]string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET": credSecretEnvNew}, home: home,
			want: []string{"ALIBABA_CLOUD_ACCESS_KEY_SECRET is set", "ALIBABA_CLOUD_ACCESS_KEY_ID"},
		},
		{
			name: "ALICLOUD_SECRET_KEY without id",
			env:  map[string]string{"ALICLOUD_SECRET_KEY": credSecretEnvOld}, home: home,
			want: []string{"ALICLOUD_SECRET_KEY is set", "ALICLOUD_ACCESS_KEY"},
		},
		{
			name: "ALICLOUD_ACCESS_KEY without secret",
			env:  map[string]string{"ALICLOUD_ACCESS_KEY": "LTAIenvold"}, home: home,
			want: []string{"ALICLOUD_ACCESS_KEY is set", "ALICLOUD_SECRET_KEY"},
		},
		{
			name: "security_token without any access key",
			in:   CredentialInput{SecurityToken: credTokenExplicit}, home: emptyHome,
			want: []string{"security_token", "access_key"},
		},
		{
			name: "unknown profile mode",
			in:   CredentialInput{Profile: "bogus"}, home: home,
			want: []string{`"bogus"`, `"Bogus"`, "AK", "StsToken", "RamRoleArn", "EcsRamRole", "OIDC"},
		},
		{
			name: "OIDC block without a token",
			in:   CredentialInput{OIDC: &OIDCInput{ProviderARN: "acs:ram::1:oidc-provider/gh", RoleARN: "acs:ram::1:role/ci"}}, home: home,
			want: []string{"assume_role_with_oidc", "oidc_token or oidc_token_file", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"},
		},
		{
			name: "OIDC environment without the role",
			env:  map[string]string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/ack", "ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/run/token"}, home: home,
			want: []string{"ALIBABA_CLOUD_OIDC_PROVIDER_ARN is set", "role_arn (ALIBABA_CLOUD_ROLE_ARN) is not set"},
		},
		{
			name: "missing profile lists the available ones",
			in:   CredentialInput{Profile: "nosuch"}, home: home,
			want: []string{`"nosuch"`, "not found", "default", "work", "sts", "role"},
		},
		{
			name: "missing profile named by environment",
			env:  map[string]string{"ALICLOUD_PROFILE": "nosuch"}, home: home,
			want: []string{`"nosuch"`, "not found", "default"},
		},
		{
			name: "AK profile without secret",
			in:   CredentialInput{Profile: "halfak"}, home: home,
			want: []string{`"halfak"`, "access_key_secret"},
		},
		{
			name: "StsToken profile without token",
			in:   CredentialInput{Profile: "halfsts"}, home: home,
			want: []string{`"halfsts"`, "sts_token"},
		},
		{
			name: "RamRoleArn profile without role",
			in:   CredentialInput{Profile: "halfrole"}, home: home,
			want: []string{`"halfrole"`, "ram_role_arn"},
		},
		{
			name: "profile but no config file",
			in:   CredentialInput{Profile: "default"}, home: emptyHome,
			want: []string{`"default"`, "shared_credentials_file", filepath.Join(emptyHome, ".aliyun", "config.json")},
		},
		{
			name: "profile and no home directory",
			in:   CredentialInput{Profile: "default"}, home: "",
			want: []string{`"default"`, "shared_credentials_file"},
		},
		{
			name: "config file is not JSON",
			in:   CredentialInput{Profile: "default", SharedCredentialsFile: badJSON}, home: "",
			want: []string{`"default"`, badJSON, "config.json format"},
		},
		{
			name: "nothing configured",
			home: emptyHome,
			want: []string{"access_key", "secret_key", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "profile", "BEIAN_ENDPOINT_OVERRIDE"},
		},
		{
			name: "nothing configured and no home",
			home: "",
			want: []string{"access_key", "ALIBABA_CLOUD_ACCESS_KEY_ID", "profile", "BEIAN_ENDPOINT_OVERRIDE"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ResolveCredentials(tt.in, credEnv(tt.env), tt.home)
			if err == nil {
				t.Fatalf("ResolveCredentials succeeded with %s, want an error", got)
			}
			if !IsCredentialError(err) {
				t.Errorf("error %T (%v) is not a *CredentialError", err, err)
			}
			if !IsCredentialError(fmt.Errorf("configuring the provider: %w", err)) {
				t.Errorf("IsCredentialError does not see through wrapping")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			credAssertNoSecret(t, "error message", err.Error())
		})
	}
}

func TestIsCredentialErrorRejectsOtherErrors(t *testing.T) {
	if IsCredentialError(errors.New("access_key is wrong")) {
		t.Error("IsCredentialError(plain error) = true")
	}
	if IsCredentialError(nil) {
		t.Error("IsCredentialError(nil) = true")
	}
	if IsCredentialError(&Error{Class: ClassAuth}) {
		t.Error("IsCredentialError(*Error auth) = true: a service rejection is not a configuration error")
	}
}

func TestCredentialsStringNeverShowsSecrets(t *testing.T) {
	c := Credentials{
		AccessKeyID:     "LTAI5tAbCdEfGhIjKlMn",
		AccessKeySecret: credSecretExplicit,
		SecurityToken:   credTokenExplicit,
		Source:          "provider attributes access_key/secret_key",
		RoleARN:         "acs:ram::1:role/x",
	}
	for _, format := range []string{"%s", "%v", "%+v"} {
		out := fmt.Sprintf(format, c)
		credAssertNoSecret(t, "fmt "+format, out)
		if strings.Contains(out, c.AccessKeyID) {
			t.Errorf("fmt %s shows the whole access key ID: %s", format, out)
		}
	}
	out := c.String()
	if !strings.Contains(out, "LTAI") || !strings.Contains(out, c.Source) {
		t.Errorf("String() = %q, want the key prefix and the source so the user can tell which key was used", out)
	}
	ptr := fmt.Sprintf("%v", &c)
	credAssertNoSecret(t, "fmt %v of *Credentials", ptr)
}

func TestMaskAccessKeyID(t *testing.T) {
	tests := map[string]string{
		"LTAI5tAbCdEfGhIjKlMn":       "LTAI********",
		"LTAI5":                      "LTAI********",
		"STS.NUgYrLnoC37mZZCNnAbez2": "STS.********",
		"LTAI":                       "****",
		"abc":                        "****",
		"":                           "****",
	}
	for in, want := range tests {
		if got := MaskAccessKeyID(in); got != want {
			t.Errorf("MaskAccessKeyID(%q) = %q, want %q", in, got, want)
		}
	}
	// The mask length does not reveal the key length.
	if len(MaskAccessKeyID("LTAI5")) != len(MaskAccessKeyID("LTAI5tAbCdEfGhIjKlMnOpQrStUv")) {
		t.Error("MaskAccessKeyID output length depends on the key length")
	}
}

func TestFirstEnv(t *testing.T) {
	env := credEnv(map[string]string{"B": " b-value ", "C": "c-value", "A": "   "})
	if v, n := FirstEnv(env, []string{"A", "B", "C"}); v != "b-value" || n != "B" {
		t.Errorf("FirstEnv = %q, %q; want b-value from B (blank A skipped, value trimmed)", v, n)
	}
	if v, n := FirstEnv(env, []string{"X", "Y"}); v != "" || n != "" {
		t.Errorf("FirstEnv(unset) = %q, %q; want empty", v, n)
	}
}

// The sources of temporary credentials (credentials_temporary.go), and where each of
// them is found: the provider block, the alicloud provider's and Alibaba Cloud's
// environment variables, a CLI profile — and the region a profile brings.
func TestResolveTemporaryCredentials(t *testing.T) {
	home := credHome(t, "")
	oidcEnv := map[string]string{"ALIBABA_CLOUD_ROLE_ARN": "acs:ram::1:role/ack", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::1:oidc-provider/ack",
		"ALIBABA_CLOUD_OIDC_TOKEN_FILE": "/var/run/secrets/ack/token", "ALIBABA_CLOUD_ROLE_SESSION_NAME": "pod"}
	tests := []struct {
		name       string
		in         CredentialInput
		env        map[string]string
		want       TemporarySource
		wantSource string
		wantRegion string
	}{
		{name: "ecs_role_name", in: CredentialInput{ECSRoleName: "beian-ecs"}, env: credEnvNew,
			want: TemporarySource{ECSRole: "beian-ecs"}, wantSource: "ecs_role_name"},
		{name: "ALIBABA_CLOUD_ECS_METADATA", env: map[string]string{"ALIBABA_CLOUD_ECS_METADATA": "beian-ecs", "ALICLOUD_ECS_ROLE_NAME": "other"},
			want: TemporarySource{ECSRole: "beian-ecs"}, wantSource: "ALIBABA_CLOUD_ECS_METADATA"},
		{name: "ALICLOUD_ECS_ROLE_NAME", env: map[string]string{"ALICLOUD_ECS_ROLE_NAME": "beian-ecs"},
			want: TemporarySource{ECSRole: "beian-ecs"}, wantSource: "ALICLOUD_ECS_ROLE_NAME"},
		{name: "credentials_uri", in: CredentialInput{CredentialsURI: "http://127.0.0.1:9999/creds"},
			want: TemporarySource{URI: "http://127.0.0.1:9999/creds"}, wantSource: "credentials_uri"},
		{name: "ALICLOUD_CREDENTIALS_URI", env: map[string]string{"ALICLOUD_CREDENTIALS_URI": "http://127.0.0.1:9999/creds"},
			want: TemporarySource{URI: "http://127.0.0.1:9999/creds"}, wantSource: "ALICLOUD_CREDENTIALS_URI"},
		{name: "assume_role_with_oidc completed from the environment", in: CredentialInput{OIDC: &OIDCInput{Token: "eyJ.a.b", SessionExpiration: 900}}, env: oidcEnv,
			want:       TemporarySource{OIDC: &OIDCInput{ProviderARN: "acs:ram::1:oidc-provider/ack", RoleARN: "acs:ram::1:role/ack", Token: "eyJ.a.b", SessionName: "pod", SessionExpiration: 900}},
			wantSource: "assume_role_with_oidc"},
		{name: "RRSA environment", env: oidcEnv,
			want:       TemporarySource{OIDC: &OIDCInput{ProviderARN: "acs:ram::1:oidc-provider/ack", RoleARN: "acs:ram::1:role/ack", TokenFile: "/var/run/secrets/ack/token", SessionName: "pod"}},
			wantSource: "ALIBABA_CLOUD_OIDC_PROVIDER_ARN"},
		{name: "EcsRamRole profile (credentials-go) with its region", in: CredentialInput{Profile: "ecsrole"},
			want: TemporarySource{CLIProfile: "ecsrole", ProfileFile: filepath.Join(home, ".aliyun", "config.json")}, wantSource: `profile "ecsrole"`, wantRegion: "cn-shanghai"},
		{name: "ALIBABA_CLOUD_CREDENTIALS_FILE names the CLI config", env: map[string]string{"ALIBABA_CLOUD_CREDENTIALS_FILE": filepath.Join(home, ".aliyun", "config.json"), "ALIBABA_CLOUD_PROFILE": "ecsrole"},
			want: TemporarySource{CLIProfile: "ecsrole", ProfileFile: filepath.Join(home, ".aliyun", "config.json")}, wantSource: `profile "ecsrole"`, wantRegion: "cn-shanghai"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			homeDir := home
			if strings.Contains(tt.name, "ALIBABA_CLOUD_CREDENTIALS_FILE") {
				homeDir = "" // the file comes from the environment alone
			}
			got, err := ResolveCredentials(tt.in, credEnv(tt.env), homeDir)
			if err != nil {
				t.Fatalf("ResolveCredentials: %v", err)
			}
			if got.Temporary == nil {
				t.Fatalf("got static credentials %s, want temporary ones", got)
			}
			g, w := *got.Temporary, tt.want
			if (g.OIDC == nil) != (w.OIDC == nil) || (g.OIDC != nil && *g.OIDC != *w.OIDC) {
				t.Errorf("OIDC = %+v, want %+v", g.OIDC, w.OIDC)
			}
			g.OIDC, w.OIDC = nil, nil
			if g != w {
				t.Errorf("source = %+v, want %+v", g, w)
			}
			if !strings.Contains(got.Source, tt.wantSource) || got.Region != tt.wantRegion {
				t.Errorf("Source %q, Region %q; want %q in the source and region %q", got.Source, got.Region, tt.wantSource, tt.wantRegion)
			}
			if got.AccessKeyID != "" || got.AccessKeySecret != "" {
				t.Errorf("temporary credentials carry a static key too: %s", got)
			}
			if s := got.String(); !strings.HasPrefix(s, "temporary credentials from ") || strings.Contains(s, "eyJ.a.b") {
				t.Errorf("String() = %q: want the source, never the token", s)
			}
		})
	}
	// An access key in the environment beats an OIDC set there (credentials-go's default
	// chain reads the environment's keys first, too).
	got, err := ResolveCredentials(CredentialInput{}, credEnv(credMerge(credEnvNew, oidcEnv)), home)
	if err != nil || got.Temporary != nil || got.AccessKeyID != "LTAIenvnew" {
		t.Errorf("environment keys and an OIDC set: got %s, %v; want the keys", got, err)
	}
	// A static profile brings its region too.
	got, err = ResolveCredentials(CredentialInput{Profile: "default"}, credEnv(nil), home)
	if err != nil || got.Region != "cn-hangzhou" {
		t.Errorf("profile default: region %q, %v; want cn-hangzhou", got.Region, err)
	}
}
