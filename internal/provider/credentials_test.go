package provider

import (
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// Where the provider's credentials come from: assume_role, a profile of the Alibaba Cloud
// CLI, none at all. The errors of static keys are in provider_test.go.

// someRegion checks that data.beian_regions.all read at least one region: the credentials
// were accepted.
var someRegion = statecheck.ExpectKnownValue("data.beian_regions.all", tfjsonpath.New("ids").AtSliceIndex(0), knownvalue.NotNull())

// assume_role: the configured key signs only the STS call; every other call is signed
// with the temporary credentials (and their token).
func TestAccProvider_assumeRole(t *testing.T) {
	srv := startEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// STS refuses a session name with a space; the plan says so before any call.
			Config:      emuProvider(srv, "assume_role {\n    role_arn     = \"acs:ram::123456789012:role/terraform\"\n    session_name = \"ci run\"\n  }") + `data "beian_regions" "all" {}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)session_name.*may\s+hold\s+only\s+letters,\s+digits`),
		}, {
			Config:      assumeRoleProvider(srv, "arn:aws:iam::1:role/x") + `data "beian_regions" "all" {}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)assume_role\s+session\s+for\s+role\s+arn:aws:iam::1:role/x.*InvalidParameter.RoleArn`),
		}, {
			Config:            emuProvider(srv) + `data "beian_regions" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{someRegion},
		}, {
			PreConfig: func() {
				if err := srv.Control.ResetStats(); err != nil {
					t.Fatal(err)
				}
			},
			Config: assumeRoleProvider(srv, "acs:ram::123456789012:role/terraform") + `
data "beian_regions" "all" {}
`,
			Check: func(*terraform.State) error {
				st, err := srv.Control.Stats()
				if err != nil {
					return err
				}
				if st.Calls["Sts.AssumeRole"] == 0 {
					return fmt.Errorf("assume_role did not call STS AssumeRole: %v", st.Calls)
				}
				if st.SignedWith["sts"] == 0 || st.SignedWith["ak"] != st.Calls["Sts.AssumeRole"] {
					return fmt.Errorf("only the AssumeRole calls may be signed with the configured key; signed_with = %v, calls = %v", st.SignedWith, st.Calls)
				}
				return nil
			},
		}},
	})
}

// assumeRoleProvider is emuProvider with an assume_role block for the role arn.
func assumeRoleProvider(srv *emulatortest.Server, arn string) string {
	return emuProvider(srv, fmt.Sprintf("assume_role {\n    role_arn     = %q\n    session_name = \"acc-test\"\n  }", arn))
}

// A profile of the Alibaba Cloud CLI's config.json, named in the provider block.
func TestAccProvider_sharedProfile(t *testing.T) {
	srv := startEmulator(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "config.json")
	cfg := fmt.Sprintf(`{"current":"default","profiles":[
  {"name":"default","mode":"AK","access_key_id":"LTAIwrong","access_key_secret":"wrong"},
  {"name":"emu","mode":"AK","access_key_id":%q,"access_key_secret":%q,"region_id":"cn-hangzhou"}]}`, srv.AccessKeyID, srv.AccessKeySecret)
	if err := os.WriteFile(file, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY"} {
		t.Setenv(v, "")
	}
	block := func(profile string) string {
		return testConfig(t, "credentials_shared_profile", vars{"Profile": profile, "File": file, "URL": srv.URL})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: block("nope"), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)profile "nope" not found.*profiles there:\s+default, emu`)},
			{Config: block("default"), PlanOnly: true, ExpectError: regexp.MustCompile(`InvalidAccessKeyId.NotFound`)},
			{Config: block("emu"), ConfigStateChecks: []statecheck.StateCheck{someRegion}},
		},
	})
}

// An explicit provider "beian" {} without any credentials: the provider functions and
// beian_site_compliance make no Alibaba Cloud call and work; an object that needs the
// cloud reports the missing credentials on itself.
func TestAccProvider_offlineFeaturesNeedNoCredentials(t *testing.T) {
	home := t.TempDir() // no ~/.aliyun/config.json
	t.Setenv("HOME", home)
	for _, k := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
		"ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE", "BEIAN_ENDPOINT_OVERRIDE"} {
		t.Setenv(k, "")
	}
	site := complianceSite(t)
	offline := testConfig(t, "offline_features", vars{"SiteURL": site.URL + "/ok"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   functionVersionChecks,
		Steps: []resource.TestStep{{
			Config: offline,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("number", knownvalue.StringExact("京ICP备10046444号")),
				statecheck.ExpectKnownValue(siteData, tfjsonpath.New("icp_number_found"), knownvalue.NotNull()),
			},
		}, {
			Config:      offline + `data "beian_filing" "f" { domain = "example.com" }`,
			ExpectError: regexp.MustCompile(`(?s)credentials\s+\(阿里云凭证\)\s+are\s+missing\s+or\s+conflicting.*no\s+Alibaba\s+Cloud\s+credentials\s+found`),
		}},
	})
}

// ---- logging in as alicloud users do, through the CLI -------------------------------------

// withEnv returns env with the variables named in set replaced (an empty value removes
// one), the Alibaba Cloud access key variables removed unless set names them.
func withEnv(env []string, set map[string]string) []string {
	drop := map[string]bool{"ALIBABA_CLOUD_ACCESS_KEY_ID": true, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": true, "ALICLOUD_ACCESS_KEY": true,
		"ALICLOUD_SECRET_KEY": true, "ALIBABA_CLOUD_SECURITY_TOKEN": true, "ALICLOUD_SECURITY_TOKEN": true, "ALIBABA_CLOUD_PROFILE": true,
		"ALICLOUD_PROFILE": true, "ALIBABA_CLOUD_ECS_METADATA": true, "ALICLOUD_ECS_ROLE_NAME": true, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": true,
		"ALIBABA_CLOUD_ROLE_ARN": true, "ALIBABA_CLOUD_OIDC_TOKEN_FILE": true, "ALIBABA_CLOUD_OIDC_TOKEN": true, "ALIBABA_CLOUD_CREDENTIALS_URI": true,
		"ALIBABA_CLOUD_REGION": true, "ALIBABA_CLOUD_REGION_ID": true, "ALICLOUD_REGION": true, "HTTP_PROXY": true, "http_proxy": true,
		"NO_PROXY": true, "no_proxy": true, "HTTPS_PROXY": true, "https_proxy": true, "SSL_CERT_FILE": true}
	for k := range set {
		drop[k] = true
	}
	var out []string
	for _, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); !drop[k] {
			out = append(out, kv)
		}
	}
	for k, v := range set {
		if v != "" {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// loginPlan plans one record of example.com through the CLI with the provider block
// block and the environment env (withEnv), and returns the output. The plan must pass: it
// reads the zone (Alidns), the ICP filings (companyreg) and the account's servers (ECS,
// VPC, SLB), so every product was reached with the credentials the block leads to.
func loginPlan(t *testing.T, srv *emulatortest.Server, block string, env map[string]string) string {
	t.Helper()
	r := newCLIRun(t, srv, block+aRecord("www", "example.com", "www", "A", "203.0.113.10"))
	r.env = withEnv(r.env, env)
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	code, out := r.run("plan", "-no-color", "-detailed-exitcode")
	if code != 2 {
		t.Fatalf("plan: exit %d, want 2 (one record to create)\n%s", code, lastLines(out, 60))
	}
	return out
}

// calls returns the emulator's stats, failing unless every authenticated call was signed
// with temporary (STS) credentials.
func signedWithTemporaryOnly(t *testing.T, srv *emulatortest.Server) emulator.Stats {
	t.Helper()
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.SignedWith["sts"] == 0 || st.SignedWith["ak"] != 0 {
		t.Errorf("signed_with = %v; want every call signed with temporary credentials, none with an access key", st.SignedWith)
	}
	if st.Calls["Alidns.DescribeDomainInfo"] == 0 {
		t.Errorf("the plan did not read the zone: %v", st.Calls)
	}
	return st
}

// A provider block pasted from an alicloud configuration, with alicloud's environment:
// it plans. Endpoints under alicloud's names (dns for alidns, bare hosts with protocol =
// "HTTP"), timeouts in milliseconds, assume_role with external_id, ALIBABA_CLOUD_REGION
// (which the provider log shows in use), and arguments that mean nothing here named in one
// warning. BEIAN_ENDPOINT_OVERRIDE points at a refused port, so a product the block did
// not send to the emulator would fail the plan.
func TestAccProvider_alicloudStyleBlockPlans(t *testing.T) {
	requireAcc(t)
	srv := startEmulator(t, "example.com")
	host := srv.Host
	block := fmt.Sprintf(`provider "beian" {
  access_key             = %q
  secret_key             = %q
  protocol               = "HTTP"
  client_read_timeout    = 60000
  client_connect_timeout = 60000
  configuration_source   = "platform-team/dns"
  account_id             = "123456789012"
  max_retry_timeout      = 60
  requests_per_second    = 0

  assume_role {
    role_arn           = "acs:ram::123456789012:role/terraform"
    session_name       = "ci"
    session_expiration = 3600
    external_id        = "abcd-1234"
  }

  sign_version {
    oss = "v4"
  }

  endpoints {
    dns        = %q
    ecs        = %q
    vpc        = %q
    slb        = %q
    sts        = %q
    bssopenapi = %q
    companyreg = %q
    domain     = %q
    rds        = "rds.aliyuncs.com"
  }
}
`, srv.AccessKeyID, srv.AccessKeySecret, host, host, host, host, host, host, host, host)
	out := loginPlan(t, srv, block, map[string]string{
		"ALIBABA_CLOUD_REGION":    "cn-shanghai",
		"BEIAN_ENDPOINT_OVERRIDE": refusedEndpoint(t),
		"TF_LOG_PROVIDER":         "DEBUG",
	})
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"Warning: alicloud provider arguments not used by beian", "account_id, endpoints.rds, max_retry_timeout, sign_version",
		`region=cn-shanghai`, `region_from="environment ALIBABA_CLOUD_REGION"`,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("plan output lacks %q:\n%s", want, lastLines(out, 80))
		}
	}
	for _, secret := range []string{srv.AccessKeySecret} {
		if strings.Contains(out, secret) {
			t.Errorf("the plan output (provider debug log included) shows a secret")
		}
	}
	st, err := srv.Control.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Calls["Sts.AssumeRole"] == 0 || st.SignedWith["sts"] == 0 {
		t.Errorf("assume_role was not used: calls %v, signed_with %v", st.Calls, st.SignedWith)
	}
}

// ecs_role_name (and ALIBABA_CLOUD_ECS_METADATA alone): the instance metadata service
// hands out the role's credentials — the emulator answers as 100.100.100.200 through
// HTTP_PROXY, the way a Go program on an instance reaches it — and every call is signed
// with them.
func TestAccProvider_ecsInstanceRole(t *testing.T) {
	requireAcc(t)
	srv := startEmulator(t, "example.com")
	if err := srv.Control.SetSettings(emulator.Settings{InstanceRAMRole: "beian-ecs"}); err != nil {
		t.Fatal(err)
	}
	proxy := map[string]string{"HTTP_PROXY": srv.URL}
	loginPlan(t, srv, cliProvider(`ecs_role_name = "beian-ecs"`), proxy)
	if st := signedWithTemporaryOnly(t, srv); st.Calls["EcsMetadata.SecurityCredentials"] == 0 {
		t.Errorf("the metadata service was not asked: %v", st.Calls)
	}
	loginPlan(t, srv, cliProvider(), map[string]string{"HTTP_PROXY": srv.URL, "ALIBABA_CLOUD_ECS_METADATA": "beian-ecs"})
	signedWithTemporaryOnly(t, srv)
	// credentials_uri: a sidecar that answers like the metadata service.
	loginPlan(t, srv, cliProvider(fmt.Sprintf("credentials_uri = %q", srv.URL+"/latest/meta-data/ram/security-credentials/beian-ecs")), nil)
	signedWithTemporaryOnly(t, srv)
}

// assume_role_with_oidc (and the RRSA environment alone): the OIDC token is exchanged
// with STS AssumeRoleWithOIDC over HTTPS — the emulator serves STS over TLS here, its
// certificate trusted through SSL_CERT_FILE — and every call is signed with the session.
func TestAccProvider_oidcLogin(t *testing.T) {
	requireAcc(t)
	srv := startEmulator(t, "example.com")
	ts := httptest.NewTLSServer(srv.Emulator)
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	certFile := filepath.Join(dir, "emulator.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(dir, "token")
	payload := fmt.Sprintf(`{"iss":"https://token.actions.githubusercontent.com","sub":"repo:example/site:ref:refs/heads/main","aud":"sts.aliyuncs.com","exp":%d}`,
		time.Now().Add(time.Hour).Unix())
	token := "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2lnbmF0dXJl"
	if err := os.WriteFile(tokenFile, []byte(token), 0o600); err != nil {
		t.Fatal(err)
	}
	sts := fmt.Sprintf("endpoints {\n    sts = %q\n  }", ts.URL)
	tls := map[string]string{"SSL_CERT_FILE": certFile}
	out := loginPlan(t, srv, cliProvider(fmt.Sprintf(`assume_role_with_oidc {
    oidc_provider_arn = "acs:ram::123456789012:oidc-provider/github"
    role_arn          = "acs:ram::123456789012:role/ci"
    oidc_token_file   = %q
    role_session_name = "github-actions"
  }`, tokenFile), sts), tls)
	if strings.Contains(out, token) {
		t.Errorf("the plan output shows the OIDC token")
	}
	if st := signedWithTemporaryOnly(t, srv); st.Calls["Sts.AssumeRoleWithOIDC"] == 0 {
		t.Errorf("STS AssumeRoleWithOIDC was not called: %v", st.Calls)
	}
	loginPlan(t, srv, cliProvider(sts), map[string]string{"SSL_CERT_FILE": certFile, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN": "acs:ram::123456789012:oidc-provider/ack",
		"ALIBABA_CLOUD_ROLE_ARN": "acs:ram::123456789012:role/ci", "ALIBABA_CLOUD_OIDC_TOKEN_FILE": tokenFile})
	if st := signedWithTemporaryOnly(t, srv); st.Calls["Sts.AssumeRoleWithOIDC"] == 0 {
		t.Errorf("the RRSA environment did not log in with OIDC: %v", st.Calls)
	}
}

// Conflicting logins fail at validate time, naming both arguments (the schema's
// ConflictsWith validators).
func TestAccProvider_conflictingLogins(t *testing.T) {
	srv := startEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, `ecs_role_name = "beian-ecs"`) + `data "beian_regions" "all" {}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*ecs_role_name.*access_key`),
		}, {
			Config: `provider "beian" {
  assume_role_with_oidc {
    oidc_provider_arn = "acs:ram::1:oidc-provider/x"
    role_arn          = "acs:ram::1:role/x"
    oidc_token        = "abcd"
    oidc_token_file   = "/tmp/token"
  }
}
data "beian_regions" "all" {}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*(oidc_token_file.*oidc_token|oidc_token.*oidc_token_file)`),
		}, {
			Config:      emuProvider(srv, "assume_role {\n    role_arn    = \"acs:ram::1:role/x\"\n    external_id = \"a b\"\n  }") + `data "beian_regions" "all" {}`,
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)external_id.*may\s+hold\s+only\s+letters`),
		}},
	})
}

// The credential rules the configuration alone settles fail `validate`, before any plan
// or cloud call, naming both arguments (the schema's AlsoRequires and ConflictsWith
// validators), with no credentials anywhere.
func TestAccProvider_credentialRulesAtValidate(t *testing.T) {
	requireAcc(t)
	srv := startEmulator(t)
	for _, tc := range []struct{ name, block, want string }{
		{"access_key alone", `access_key = "LTAIonlyTheId"`, `"secret_key" must be specified when "access_key" is specified`},
		{"secret_key alone", `secret_key = "only-the-secret"`, `"access_key" must be specified when "secret_key" is specified`},
		{"keys with profile", "access_key = \"LTAIid\"\n  secret_key = \"s\"\n  profile = \"dev\"", `"profile" cannot be specified when "access_key" is specified`},
		{"security_token with profile", "security_token = \"t\"\n  profile = \"dev\"", `"profile" cannot be specified when "security_token" is specified`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newCLIRun(t, srv, "provider \"beian\" {\n  "+tc.block+"\n}\ndata \"beian_regions\" \"all\" {}\n")
			code, out := r.run("validate", "-no-color")
			flat := strings.Join(strings.Fields(out), " ")
			if code == 0 || !strings.Contains(flat, "Invalid Attribute Combination") || !strings.Contains(flat, tc.want) {
				t.Errorf("validate: exit %d, want a failure naming %s:\n%s", code, tc.want, lastLines(out, 30))
			}
		})
	}
}
