package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// emuDomain returns the domain name of the emulator's account, if it is there.
func emuDomain(t *testing.T, srv *emulatortest.Server, name string) (emulator.DomainSeed, bool) {
	t.Helper()
	ds, err := srv.Control.Domains()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Domain == name {
			return d, true
		}
	}
	return emulator.DomainSeed{}, false
}

// checkEmuAutoRenew checks the auto-renewal of a domain of the emulator's account.
func checkEmuAutoRenew(t *testing.T, srv *emulatortest.Server, name string, want bool) error {
	d, ok := emuDomain(t, srv, name)
	if !ok {
		return fmt.Errorf("%s is not in the emulator's account", name)
	}
	if d.AutoRenew != want {
		return fmt.Errorf("%s: auto-renew in the cloud = %v, want %v", name, d.AutoRenew, want)
	}
	return nil
}

// registerConfig is an emulator provider block and a beian_domain "site" registering name
// for years with a registrant profile, plus extra attribute lines.
func registerConfig(srv *emulatortest.Server, name string, years, profile int, extra string) string {
	return emuProvider(srv) + fmt.Sprintf(`
resource "beian_domain" "site" {
  domain_name           = %q
  years                 = %d
  registrant_profile_id = %d
%s
}
`, name, years, profile, extra)
}

// checkFilingDate asserts filing_eligible_after = registration_date + 3 days.
func checkFilingDate(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		a := s.RootModule().Resources[addr].Primary.Attributes
		reg, err := time.Parse("2006-01-02", a["registration_date"])
		if err != nil {
			return fmt.Errorf("registration_date %q: %w", a["registration_date"], err)
		}
		if want := reg.AddDate(0, 0, 3).Format("2006-01-02"); a["filing_eligible_after"] != want {
			return fmt.Errorf("filing_eligible_after = %q, want %s (registration %s + 3 days)", a["filing_eligible_after"], want, a["registration_date"])
		}
		return nil
	}
}

// Name servers given at registration are normalised first: three spellings of two
// servers are registered as those two (Dns1, Dns2), in canonical form, with no
// separate name server change afterwards.
func TestAccDomain_registerNormalisesNameServers(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1002}); err != nil {
		t.Fatal(err)
	}
	cfg := registerConfig(srv, "ns-case.com", 3, 1002, `  dns_servers = ["NS1.Example.NET.", "ns1.example.net", "ns2.example.net"]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				if err := srv.Control.ResetStats(); err != nil {
					t.Fatal(err)
				}
			},
			Config: cfg,
			Check: func(*terraform.State) error {
				d, err := emuClient(t, srv).QueryDomain(context.Background(), "ns-case.com")
				if err != nil {
					return err
				}
				if len(d.DNSServers) != 2 || d.DNSServers[0] != "ns1.example.net" || d.DNSServers[1] != "ns2.example.net" {
					return fmt.Errorf("registered with name servers %q, want [ns1.example.net ns2.example.net]", d.DNSServers)
				}
				st, err := srv.Control.Stats()
				if err != nil {
					return err
				}
				if n := st.Calls["Domain.SaveBatchTaskForModifyingDomainDns"]; n != 0 {
					return fmt.Errorf("%d name server changes after the registration, want none", n)
				}
				return nil
			},
		}, {Config: cfg, PlanOnly: true}},
	})
}

func TestAccDomain_registerPollsTaskAndImports(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001, Organization: "示例科技有限公司"}); err != nil {
		t.Fatal(err)
	}
	cfg := registerConfig(srv, "new-site.com", 5, 1001, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if _, ok := emuDomain(t, srv, "new-site.com"); ok {
						t.Fatal("new-site.com must not be owned before the test registers it")
					}
				},
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("id"), knownvalue.StringExact("new-site.com")),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("instance_id"), knownvalue.StringRegexp(regexp.MustCompile(`.`))),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("auto_renew"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("adopt_existing"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("real_name_status"), knownvalue.StringExact("SUCCEED")),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("real_name_verified"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("domain_status"), knownvalue.StringExact("NORMAL")),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("privacy_protection"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("dns_servers"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("dns1.hichina.com"), knownvalue.StringExact("dns2.hichina.com"),
					})),
					statecheck.ExpectKnownValue("beian_domain.site", tfjsonpath.New("days_until_expiry"), knownvalue.Int64Func(func(n int64) error {
						if n < 5*365-1 || n > 5*366 {
							return fmt.Errorf("days_until_expiry = %d, want about 5 years", n)
						}
						return nil
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkFilingDate("beian_domain.site"),
					func(s *terraform.State) error {
						a := s.RootModule().Resources["beian_domain.site"].Primary.Attributes
						reg, _ := time.Parse("2006-01-02", a["registration_date"])
						exp, _ := time.Parse("2006-01-02", a["expiration_date"])
						if !reg.AddDate(5, 0, 0).Equal(exp) {
							return fmt.Errorf("registered %s, expires %s: want 5 years", a["registration_date"], a["expiration_date"])
						}
						d, ok := emuDomain(t, srv, "new-site.com")
						if !ok || d.InstanceID != a["instance_id"] {
							return fmt.Errorf("registered domain not in the emulator's account with instance %s: %+v", a["instance_id"], d)
						}
						if err := checkEmuAutoRenew(t, srv, "new-site.com", true); err != nil {
							return err
						}
						// The registration created the Alidns zone (zoneRecords fails the test otherwise).
						zoneRecords(t, srv, "new-site.com")
						calls := stats(t, srv)
						if calls["Domain.SaveSingleTaskForCreatingOrderActivate"] != 1 {
							return fmt.Errorf("registration submitted %d times, want once", calls["Domain.SaveSingleTaskForCreatingOrderActivate"])
						}
						if calls["Domain.QueryTaskDetailList"] == 0 || calls["BssOpenApi.QueryAvailableInstances"] == 0 || calls["Domain.CheckDomain"] == 0 {
							return fmt.Errorf("want the task polled, availability checked and auto-renew read back from BSS; calls: %v", calls)
						}
						return nil
					},
				),
			},
			{Config: cfg, PlanOnly: true},
			{
				ResourceName: "beian_domain.site", ImportState: true, ImportStateId: "new-site.com", ImportStateVerify: true,
				// years, registrant_profile_id and adopt_existing are creation-only inputs: they
				// say how the domain was obtained, and no API reports them back (QueryDomainByDomainName
				// has no subscription length or profile ID, and an import is always an adoption),
				// so an import cannot restore them. timeouts is configuration only.
				ImportStateVerifyIgnore: []string{"timeouts", "years", "registrant_profile_id", "adopt_existing"},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			// Destroy forgets the domain; it stays registered, with auto-renew as it was.
			return checkEmuAutoRenew(t, srv, "new-site.com", true)
		},
	})
}

func TestAccDomain_registerRefusedAtPlan(t *testing.T) {
	srv := startEmulator(t, "owned.com")
	if err := srv.Control.SetUnavailable("taken.com", "Domain exists: registered by another registrant"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []emulator.ProfileSeed{{ID: 1001}, {ID: 1002, RealNameStatus: "AUDITING"}} {
		if err := srv.Control.AddRegistrantProfile(p); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: registerConfig(srv, "taken.com", 5, 1001, ""),
				ExpectError: cliErrorPattern("Domain is not available for registration", "taken.com cannot be registered", "Domain exists: registered by another registrant", "Nothing was bought")},
			{Config: registerConfig(srv, "owned.com", 5, 1001, ""),
				ExpectError: cliErrorPattern("owned.com is already registered in this Alibaba Cloud account", "Set adopt_existing = true")},
			{Config: registerConfig(srv, "fresh.com", 5, 1002, ""),
				ExpectError: cliErrorPattern("Registrant profile 1002 has real-name status AUDITING (under review)")},
			{Config: registerConfig(srv, "fresh.com", 5, 4040, ""),
				ExpectError: cliErrorPattern("registrant_profile_id = 4040 is not a registrant profile")},
			{Config: emuProvider(srv) + `resource "beian_domain" "site" { domain_name = "fresh.com" }`,
				ExpectError: cliErrorPattern("years is required to register a domain", "registrant_profile_id is required to register a domain")},
			{Config: emuProvider(srv) + `resource "beian_domain" "site" {
  domain_name    = "not-mine.com"
  adopt_existing = true
}`, ExpectError: cliErrorPattern("adopt_existing = true, but not-mine.com is not in this Alibaba Cloud account")},
		},
	})
	if n := stats(t, srv)["Domain.SaveSingleTaskForCreatingOrderActivate"]; n != 0 {
		t.Fatalf("a refused plan submitted %d registrations", n)
	}
	if _, ok := emuDomain(t, srv, "taken.com"); ok {
		t.Fatal("taken.com ended up in the account")
	}
}

func TestAccDomain_failedTaskReasonVerbatim(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001}); err != nil {
		t.Fatal(err)
	}
	const reason = "注册局拒绝注册 (registry refused): name reserved by the registry [code 2306]"
	if err := srv.Control.SetTaskFailure("rejected.com", reason); err != nil {
		t.Fatal(err)
	}
	cfg := registerConfig(srv, "rejected.com", 5, 1001, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: cliErrorPattern("Registration of rejected.com (域名注册) failed", reason, "Nothing was registered")},
			// Nothing in state (not even tainted): the next plan is a plain create, also
			// without a refresh.
			{Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPreRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("beian_domain.site", plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("beian_domain.site", plancheck.ResourceActionCreate),
					},
				}},
		},
	})
	if _, ok := emuDomain(t, srv, "rejected.com"); ok {
		t.Fatal("rejected.com is in the account after a failed registration")
	}
}

// QueryTaskDetailList's model has FailReason next to ErrorMsg and no source says which the
// service fills: the diagnostic of a failed registration quotes FailReason, adds an ErrorMsg
// that says something else, and falls back to ErrorMsg when FailReason is empty.
func TestAccDomain_failedTaskShowsFailReason(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001}); err != nil {
		t.Fatal(err)
	}
	const failReason = "注册局拒绝注册 (registry refused): the name is reserved [FailReason 2306]"
	errorMsg, onlyErrorMsg, none := "order ORD-77 failed", "the registry is unreachable [ErrorMsg only]", ""
	for _, f := range []emulator.TaskFailure{
		{Domain: "reason-apart.com", Reason: failReason, ErrorMsg: &errorMsg},
		{Domain: "reason-fallback.com", Reason: none, ErrorMsg: &onlyErrorMsg},
	} {
		if err := srv.Control.AddTaskFailure(f); err != nil {
			t.Fatal(err)
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: registerConfig(srv, "reason-apart.com", 1, 1001, ""),
				ExpectError: cliErrorPattern("Registration of reason-apart.com (域名注册) failed", failReason, "ErrorMsg: "+errorMsg, "Nothing was registered")},
			{Config: registerConfig(srv, "reason-fallback.com", 1, 1001, ""),
				ExpectError: cliErrorPattern("Registration of reason-fallback.com (域名注册) failed", onlyErrorMsg, "Nothing was registered")},
		},
	})
}

func TestAccDomain_createTimeoutLeavesTaintedResource(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.SetSettings(emulator.Settings{TaskDelayMs: 120_000}); err != nil {
		t.Fatal(err)
	}
	cfg := registerConfig(srv, "slow-registry.com", 5, 1001, `  timeouts = { create = "2s" }`)
	var started time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { started = time.Now() },
				Config:    cfg,
				ExpectError: regexp.MustCompile(`(?s)` + wrapTolerant("Registration of slow-registry.com (域名注册) did not finish: task") +
					`\s+[0-9a-f-]{36}.*` + wrapTolerant("was still executing when the create timeout of 2s ran out") +
					".*" + wrapTolerant("kept in state as tainted rather than forgotten")),
			},
			// The resource is in state, tainted: the plan replaces it; the refresh reports the running task.
			{
				PreConfig: func() {
					if el := time.Since(started); el > 60*time.Second {
						t.Fatalf("the 2s create timeout was not honoured: the step took %s", el)
					}
				},
				Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_domain.site", plancheck.ResourceActionReplace),
				}},
			},
		},
	})
	if n := stats(t, srv)["Domain.SaveSingleTaskForCreatingOrderActivate"]; n != 1 {
		t.Fatalf("registration submitted %d times, want exactly once", n)
	}
}

func TestAccDomain_adoptAutoRenewDriftAndImport(t *testing.T) {
	srv := startEmulator(t, "owned.com", "xn--fsqu00a.xn--fiqs8s") // 例子.中国; seeded with auto-renew off
	config := func(autoRenew bool) string {
		return emuProvider(srv) + testConfig(t, "domain_adopt", vars{"AutoRenew": autoRenew})
	}
	var instanceID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_domain.owned", tfjsonpath.New("id"), knownvalue.StringExact("owned.com")),
					statecheck.ExpectKnownValue("beian_domain.owned", tfjsonpath.New("auto_renew"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("beian_domain.owned", tfjsonpath.New("real_name_verified"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("beian_domain.owned", tfjsonpath.New("domain_status"), knownvalue.StringExact("NORMAL")),
					statecheck.ExpectKnownValue("beian_domain.idn", tfjsonpath.New("id"), knownvalue.StringExact("xn--fsqu00a.xn--fiqs8s")),
					statecheck.ExpectKnownValue("beian_domain.idn", tfjsonpath.New("domain_name"), knownvalue.StringExact("例子.中国")),
					statecheck.ExpectKnownValue("beian_domain.idn", tfjsonpath.New("auto_renew"), knownvalue.Bool(false)),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkFilingDate("beian_domain.owned"),
					func(s *terraform.State) error {
						instanceID = s.RootModule().Resources["beian_domain.owned"].Primary.Attributes["instance_id"]
						if n := stats(t, srv)["Domain.SaveSingleTaskForCreatingOrderActivate"]; n != 0 {
							return fmt.Errorf("adopting bought %d domains", n)
						}
						if err := checkEmuAutoRenew(t, srv, "owned.com", true); err != nil {
							return err
						}
						return checkEmuAutoRenew(t, srv, "xn--fsqu00a.xn--fiqs8s", false)
					},
				),
			},
			// Auto-renew cancelled outside Terraform: the refresh reads it back from BSS and
			// the plan turns it on again.
			{
				PreConfig: func() {
					if err := emuClient(t, srv).SetDomainAutoRenew(context.Background(), instanceID, false); err != nil {
						t.Fatal(err)
					}
				},
				Config: config(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_domain.owned", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("beian_domain.owned", tfjsonpath.New("auto_renew"), knownvalue.Bool(true)),
					plancheck.ExpectResourceAction("beian_domain.idn", plancheck.ResourceActionNoop),
				}},
				Check: func(*terraform.State) error { return checkEmuAutoRenew(t, srv, "owned.com", true) },
			},
			// Toggle off.
			{
				Config: config(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_domain.owned", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_domain.owned", tfjsonpath.New("auto_renew"), knownvalue.Bool(false)),
				},
				Check: func(*terraform.State) error { return checkEmuAutoRenew(t, srv, "owned.com", false) },
			},
			{
				ResourceName: "beian_domain.owned", ImportState: true, ImportStateId: "owned.com", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName: "beian_domain.idn", ImportState: true, ImportStateId: "例子.中国", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			// The ID is a domain name, not the id attribute: any spelling, a trailing dot
			// and surrounding space allowed. id is the canonical name, domain_name the
			// spelling given, and the resource is adopted, never bought.
			{
				ResourceName: "beian_domain.idn", ImportState: true, ImportStateId: " XN--fsqu00a.xn--fiqs8s. ",
				ImportStateCheck: func(is []*terraform.InstanceState) error {
					if len(is) != 1 {
						return fmt.Errorf("imported %d instances, want 1", len(is))
					}
					want := map[string]string{"id": "xn--fsqu00a.xn--fiqs8s", "domain_name": "XN--fsqu00a.xn--fiqs8s", "adopt_existing": "true",
						"cancel_auto_renew_on_destroy": "false", "auto_renew": "false", "real_name_verified": "true", "years": ""}
					for k, v := range want {
						if got := is[0].Attributes[k]; got != v {
							return fmt.Errorf("imported %s = %q, want %q", k, got, v)
						}
					}
					return nil
				},
			},
			{Config: config(false), ResourceName: "beian_domain.owned", ImportState: true, ImportStateId: "not-mine.com",
				ExpectError: cliErrorPattern("not-mine.com is not in this Alibaba Cloud account")},
			{Config: config(false), ResourceName: "beian_domain.owned", ImportState: true, ImportStateId: "https://owned.com/",
				ExpectError: cliErrorPattern("imported by domain name")},
		},
		CheckDestroy: func(*terraform.State) error {
			// Both domains are still owned; auto-renew as the user last set it.
			if err := checkEmuAutoRenew(t, srv, "owned.com", false); err != nil {
				return err
			}
			return checkEmuAutoRenew(t, srv, "xn--fsqu00a.xn--fiqs8s", false)
		},
	})
}

func TestAccDomain_cancelAutoRenewOnDestroy(t *testing.T) {
	srv := startEmulator(t, "owned.com", "kept.com")
	cfg := emuProvider(srv) + testConfig(t, "domain_cancel_auto_renew", nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				if err := checkEmuAutoRenew(t, srv, "owned.com", true); err != nil {
					return err
				}
				return checkEmuAutoRenew(t, srv, "kept.com", true)
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			if err := checkEmuAutoRenew(t, srv, "owned.com", false); err != nil {
				return fmt.Errorf("cancel_auto_renew_on_destroy = true: %w", err)
			}
			return checkEmuAutoRenew(t, srv, "kept.com", true)
		},
	})
}

func TestAccDomain_nameServersAndPrivacy(t *testing.T) {
	srv := startEmulator(t, "owned.com")
	cfg := func(body string) string {
		return emuProvider(srv) + "resource \"beian_domain\" \"d\" {\n  domain_name = \"owned.com\"\n  adopt_existing = true\n" + body + "\n}\n"
	}
	remote := func() aliyun.Domain {
		d, err := emuClient(t, srv).QueryDomain(context.Background(), "owned.com")
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	custom := cfg(`  dns_servers = ["NS1.Example.NET.", "ns2.example.net"]
  privacy_protection = true`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg(""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("dns_servers"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("dns1.hichina.com")})),
					statecheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("privacy_protection"), knownvalue.Bool(false)),
				},
			},
			// Managed name servers (any case, trailing dot) and privacy: changed in place, no perpetual diff.
			{
				Config: custom,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_domain.d", plancheck.ResourceActionUpdate),
					// An in-place update keeps the read-only facts known in the plan.
					plancheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("expiration_date"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("domain_status"), knownvalue.StringExact("NORMAL")),
					plancheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("real_name_status"), knownvalue.NotNull()),
					plancheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("real_name_verified"), knownvalue.NotNull()),
					plancheck.ExpectUnknownValue("beian_domain.d", tfjsonpath.New("days_until_expiry")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("dns_servers"), knownvalue.SetPartial([]knownvalue.Check{knownvalue.StringExact("NS1.Example.NET.")})),
					statecheck.ExpectKnownValue("beian_domain.d", tfjsonpath.New("privacy_protection"), knownvalue.Bool(true)),
				},
				Check: func(*terraform.State) error {
					d := remote()
					if !d.PrivacyProtection || !sameNameServers(d.DNSServers, []string{"ns1.example.net", "ns2.example.net"}) {
						return fmt.Errorf("cloud not updated: %+v", d)
					}
					return nil
				},
			},
			{Config: custom, PlanOnly: true},
			// Unset: the servers are left as they are (no change planned).
			{Config: cfg(""), PlanOnly: true},
		},
	})
}

// The documentation example applies as written against the emulator.
func TestAccDomain_example(t *testing.T) {
	example, err := os.ReadFile(filepath.Join(examplesDir, "resources", "beian_domain", "resource.tf"))
	if err != nil {
		t.Fatal(err)
	}
	srv := startEmulator(t, "example.com")
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1234567}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: emuProvider(srv) + string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("beian_domain.new_site", tfjsonpath.New("real_name_verified"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("beian_domain.existing", tfjsonpath.New("auto_renew"), knownvalue.Bool(true)),
			},
			Check: func(*terraform.State) error { return checkEmuAutoRenew(t, srv, "example-new-site.com", true) },
		}},
	})
}

// Registering a domain and pointing its records at a server in one apply: the zone does
// not exist at plan time (registration creates it), which must not stop the plan.
func TestAccDomain_registerAndRecordsInOneApply(t *testing.T) {
	srv := startEmulator(t)
	if err := srv.Control.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001}); err != nil {
		t.Fatal(err)
	}
	cfg := registerConfig(srv, "brand-new.com", 3, 1001, "") + `
resource "beian_dns_record" "www" {
  domain = beian_domain.site.domain_name
  rr     = "www"
  type   = "A"
  value  = "47.242.10.20"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				if n := countRecords(zoneRecords(t, srv, "brand-new.com"), "www", "A", "47.242.10.20"); n != 1 {
					return fmt.Errorf("the record was not created in the newly registered zone")
				}
				return nil
			},
		}},
	})
}
