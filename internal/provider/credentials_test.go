package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

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
	resource.Test(t, resource.TestCase{
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
