package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

func TestAccDNSRecord_lifecycleImportAndNoPerpetualDiff(t *testing.T) {
	srv := startEmulator(t, "example.com", "xn--fsqu00a.xn--fiqs8s") // 例子.中国
	config := func(apexIP string, ttl int) string {
		return emuProvider(srv) + testConfig(t, "dns_record_lifecycle", vars{"ApexIP": apexIP, "TTL": ttl})
	}
	// The update in place keeps the record ID.
	apexID := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("203.0.113.10", 600),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.apex", tfjsonpath.New("fqdn"), knownvalue.StringExact("example.com")),
					statecheck.ExpectKnownValue("beian_dns_record.apex", tfjsonpath.New("line"), knownvalue.StringExact("default")),
					statecheck.ExpectKnownValue("beian_dns_record.apex", tfjsonpath.New("status"), knownvalue.StringExact("ENABLE")),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("fqdn"), knownvalue.StringExact("www.example.com")),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("ttl"), knownvalue.Int64Exact(600)),
					statecheck.ExpectKnownValue("beian_dns_record.cdn", tfjsonpath.New("value"), knownvalue.StringExact("Static.Example-CDN.NET.")),
					statecheck.ExpectKnownValue("beian_dns_record.cdn", tfjsonpath.New("fqdn"), knownvalue.StringExact("static.example.com")),
					statecheck.ExpectKnownValue("beian_dns_record.idn", tfjsonpath.New("fqdn"), knownvalue.StringExact("www.xn--fsqu00a.xn--fiqs8s")),
					statecheck.ExpectKnownValue("beian_dns_record.mail", tfjsonpath.New("status"), knownvalue.StringExact("DISABLE")),
					statecheck.CompareValuePairs("beian_dns_record.apex", tfjsonpath.New("id"), "beian_dns_record.apex", tfjsonpath.New("record_id"), compare.ValuesSame()),
					apexID.AddStateValue("beian_dns_record.apex", tfjsonpath.New("id")),
				},
				Check: func(s *terraform.State) error {
					recs := zoneRecords(t, srv, "example.com")
					if n := countRecords(recs, "static", "CNAME", "static.example-cdn.net"); n != 1 {
						return fmt.Errorf("want the CNAME stored once in canonical form, found %d in %+v", n, recs)
					}
					// Every record carries its resource's ownership marker at the end of its
					// remark, after the user's remark; created records have the planned TTL
					// (not the birth TTL they were created with).
					markers := map[string]string{}
					for _, rs := range s.RootModule().Resources {
						markers[rs.Primary.ID] = rs.Primary.Attributes["ownership_marker"]
					}
					for _, r := range recs {
						if r.Type == "MX" && r.Status != "DISABLE" {
							return fmt.Errorf("MX record should be disabled in the cloud, is %s", r.Status)
						}
						user, m := dnsrecord.SplitRemark(r.Remark)
						if m.IsZero() || m.String() != markers[r.RecordID] {
							return fmt.Errorf("record %s %s has remark %q; want the state's ownership marker %q at its end", r.RR, r.Type, r.Remark, markers[r.RecordID])
						}
						if r.Type == "CNAME" && user != "served by the CDN" {
							return fmt.Errorf("CNAME remark = %q, want the user's remark %q before the marker", r.Remark, "served by the CDN")
						}
						if r.TTL != 600 {
							return fmt.Errorf("record %s %s has TTL %d, want the planned 600", r.RR, r.Type, r.TTL)
						}
					}
					return nil
				},
			},
			// In-place update of value and TTL keeps the record ID.
			{
				Config: config("198.51.100.7", 900),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.apex", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.apex", tfjsonpath.New("value"), knownvalue.StringExact("198.51.100.7")),
					statecheck.ExpectKnownValue("beian_dns_record.apex", tfjsonpath.New("ttl"), knownvalue.Int64Exact(900)),
					apexID.AddStateValue("beian_dns_record.apex", tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error {
					if n := countRecords(zoneRecords(t, srv, "example.com"), "@", "A", "198.51.100.7"); n != 1 {
						return fmt.Errorf("updated apex record not found in the emulator")
					}
					return nil
				},
			},
			// Import by record ID.
			{
				ResourceName: "beian_dns_record.apex", ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			// Import by natural key, with and without the value.
			{
				ResourceName: "beian_dns_record.www", ImportState: true, ImportStateVerify: true,
				ImportStateId: "example.com/www/A", ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				ResourceName: "beian_dns_record.cdn", ImportState: true, ImportStateVerify: true,
				ImportStateId:           "example.com/static/CNAME/static.example-cdn.net",
				ImportStateVerifyIgnore: []string{"timeouts", "value", "rr"},
			},
			{
				ResourceName: "beian_dns_record.mail", ImportState: true, ImportStateVerify: true,
				ImportStateId: "example.com/@/MX", ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			for _, d := range []string{"example.com", "xn--fsqu00a.xn--fiqs8s"} {
				if recs := zoneRecords(t, srv, d); len(recs) != 0 {
					return fmt.Errorf("records left in %s after destroy: %+v", d, recs)
				}
			}
			return nil
		},
	})
}

func TestAccDNSRecord_importErrors(t *testing.T) {
	srv := startEmulator(t, "example.com")
	for _, v := range []string{"203.0.113.1", "203.0.113.2"} {
		if _, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "www", Type: "A", Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	cfg := emuProvider(srv) + aRecord("www", "example.com", "www", "A", "203.0.113.2")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ResourceName: "beian_dns_record.www", ImportState: true, ImportStateId: "example.com/www/A",
				ExpectError: regexp.MustCompile(`(?s)2 A records exist for www.example.com.*example.com/www/A/<value>`)},
			{Config: cfg, ResourceName: "beian_dns_record.www", ImportState: true, ImportStateId: "example.com/ftp/A",
				ExpectError: regexp.MustCompile(`no A record for ftp.example.com`)},
			{Config: cfg, ResourceName: "beian_dns_record.www", ImportState: true, ImportStateId: "nosuch.com/www/A",
				ExpectError: regexp.MustCompile(`(?s)the zone nosuch.com is not in the Alibaba Cloud DNS.*Check the spelling`)},
			{Config: cfg, ResourceName: "beian_dns_record.www", ImportState: true, ImportStateId: "example.com-www",
				ExpectError: regexp.MustCompile(`neither a record ID`)},
			{Config: cfg, ResourceName: "beian_dns_record.www", ImportState: true, ImportStateId: "999999999",
				ExpectError: regexp.MustCompile(`No DNS record with ID 999999999`)},
			{Config: cfg, ResourceName: "beian_dns_record.www", ImportState: true, ImportStateId: "example.com/www/A/203.0.113.2",
				ImportStatePersist: true},
			{Config: cfg, PlanOnly: true},
		},
	})
}

func TestAccDNSRecord_driftOutOfBand(t *testing.T) {
	srv := startEmulator(t, "example.com")
	cfg := emuProvider(srv) + aRecord("www", "example.com", "www", "A", "203.0.113.10")
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: func(s *terraform.State) error {
				id = s.RootModule().Resources["beian_dns_record.www"].Primary.ID
				return nil
			}},
			// Changed outside Terraform: the plan shows an in-place update back.
			{
				PreConfig: func() {
					c := emuClient(t, srv)
					if err := c.UpdateDomainRecord(context.Background(), id, aliyun.DNSRecordInput{Domain: "example.com", RR: "www", Type: "A", Value: "198.51.100.99", TTL: 600, Line: "default"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.www", plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if n := countRecords(zoneRecords(t, srv, "example.com"), "www", "A", "203.0.113.10"); n != 1 {
						return fmt.Errorf("drift was not corrected")
					}
					return nil
				},
			},
			// Deleted outside Terraform: removed from state on refresh and recreated.
			{
				PreConfig: func() {
					if err := srv.Control.DeleteRecord(id); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("beian_dns_record.www", plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					recs := zoneRecords(t, srv, "example.com")
					if n := countRecords(recs, "www", "A", "203.0.113.10"); n != 1 {
						return fmt.Errorf("want the record recreated once, found %d", n)
					}
					if nid := s.RootModule().Resources["beian_dns_record.www"].Primary.ID; nid == id {
						return fmt.Errorf("state still has the deleted record id %s", id)
					}
					return nil
				},
			},
		},
	})
}

// A record deleted outside Terraform is not only logged: the refresh warns, naming the
// resource type and record ID and that it will be planned for creation, and the plan
// creates it again.
func TestAccDNSRecord_goneOnRefreshWarns(t *testing.T) {
	requireAcc(t)
	srv := startEmulator(t, "example.com")
	r := newCLIRun(t, srv, cliProvider()+aRecord("www", "example.com", "www", "A", "203.0.113.10"))
	if code, out := r.run("apply", "-auto-approve", "-no-color"); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, lastLines(out, 40))
	}
	recs := zoneRecords(t, srv, "example.com")
	if len(recs) != 1 {
		t.Fatalf("want one record after apply, have %d", len(recs))
	}
	id := recs[0].RecordID
	if err := srv.Control.DeleteRecord(id); err != nil {
		t.Fatal(err)
	}
	code, out := r.run("plan", "-no-color")
	mustWarn(t, code, out, "beian_dns_record "+id+" no longer exists", "deleted outside Terraform", "will be planned for creation")
	if !strings.Contains(out, "beian_dns_record.www will be created") {
		t.Errorf("the plan does not create the record again:\n%s", lastLines(out, 40))
	}
}

func TestAccDNSRecord_planTimeValidation(t *testing.T) {
	srv := startEmulator(t, "example.com")
	rec := func(body string) string {
		return emuProvider(srv) + "resource \"beian_dns_record\" \"r\" {\n  domain = \"example.com\"\n" + body + "\n}\n"
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: rec(`rr = "www"
type = "A"
value = "203.0.113.1"
ttl = 60`), PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)ttl = 60 is below the minimum TTL of 600.*Set ttl to 600`)},
			{Config: rec(`rr = "www"
type = "A"
value = "www.example.net"`), PlanOnly: true, ExpectError: regexp.MustCompile(`"www.example.net" is not an IPv4 address`)},
			{Config: rec(`rr = "www"
type = "AAAA"
value = "203.0.113.1"`), PlanOnly: true, ExpectError: regexp.MustCompile(`not an IPv6 address`)},
			{Config: rec(`rr = "www"
type = "CNAME"
value = "203.0.113.1"`), PlanOnly: true, ExpectError: regexp.MustCompile(`must point at a host name`)},
			{Config: rec(`rr = "@"
type = "MX"
value = "mx.example.com"`), PlanOnly: true, ExpectError: regexp.MustCompile(`MX record needs a priority`)},
			{Config: rec(`rr = "www"
type = "A"
value = "203.0.113.1"
priority = 5`), PlanOnly: true, ExpectError: regexp.MustCompile(`priority is only for MX records`)},
			{Config: rec(`rr = "www"
type = "SPF"
value = "v=spf1 -all"`), PlanOnly: true, ExpectError: regexp.MustCompile(`Attribute type value must be one of`)},
			{Config: rec(`rr = "www."
type = "A"
value = "203.0.113.1"`), PlanOnly: true, ExpectError: regexp.MustCompile(`ends with a dot`)},
			// A zone that is not in the account is a plan-time error (unless a beian_domain of
			// the same plan brings it), naming the account's zones.
			{PreConfig: func() {
				// Every step above failed at plan time: none may have written a record.
				if n := stats(t, srv)["Alidns.AddDomainRecord"]; n != 0 {
					t.Fatalf("plan-time errors must not write anything; AddDomainRecord was called %d times", n)
				}
			}, Config: emuProvider(srv) + `resource "beian_dns_record" "r" {
  domain = "not-my-zone.com"
  rr     = "www"
  type   = "A"
  value  = "203.0.113.1"
}`, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)not-my-zone.com\s+is\s+not\s+a\s+zone\s+of\s+this\s+Alibaba\s+Cloud\s+account's\s+DNS.*The\s+account's\s+zones:`)},
		},
	})
	if n := stats(t, srv)["Alidns.AddDomainRecord"]; n != 0 {
		t.Fatalf("plan-time errors must not write anything; AddDomainRecord was called %d times", n)
	}
}

// The line is checked at plan time against the zone's lines, which the DescribeDomainInfo
// of the TTL check lists (no call more): a misspelt line fails the plan naming the value,
// the zone's lines and the likely one, and nothing is written; a line of the zone's edition
// is written, and changed.
func TestAccDNSRecord_lineValidatedAtPlan(t *testing.T) {
	srv := startEmulator(t, "example.com")
	rec := func(line string) string {
		return emuProvider(srv) + fmt.Sprintf(`resource "beian_dns_record" "r" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "203.0.113.1"
  line   = %q
}
`, line)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: rec("defualt"), PlanOnly: true, ExpectError: cliErrorPattern(`line = "defualt" is not a resolution line (解析线路) the zone example.com offers`, //nolint:misspell // the typo is the test
				`Did you mean "default"?`, "The zone offers: default,")},
			// drpeng is a line of the paid editions only; example.com is on the free one.
			{Config: rec("drpeng"), PlanOnly: true, ExpectError: cliErrorPattern(`line = "drpeng" is not a resolution line`, "free edition")},
			{PreConfig: func() {
				if calls := stats(t, srv); calls["Alidns.AddDomainRecord"] != 0 || calls["Alidns.DescribeDomainInfo"] == 0 {
					t.Fatalf("calls %v: want the zone read and nothing written", calls)
				}
			}, Config: rec("telecom"), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("beian_dns_record.r", tfjsonpath.New("line"), knownvalue.StringExact("telecom")),
			}},
			{Config: rec("unicom"), ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("beian_dns_record.r", tfjsonpath.New("line"), knownvalue.StringExact("unicom")),
			}, Check: func(*terraform.State) error {
				if recs := zoneRecords(t, srv, "example.com"); countRecords(recs, "www", "A", "203.0.113.1") != 1 || recs[len(recs)-1].Line != "unicom" {
					return fmt.Errorf("records %+v: want www on unicom", recs)
				}
				return nil
			}},
		},
	})
}

// A zone hosted in Alibaba Cloud DNS by another account (the service answers
// IncorrectDomainUser) fails the plan of a record with a diagnostic that says so and what to
// do, before anything is written; a read of its records says the same.
func TestAccDNSRecord_zoneOfAnotherAccount(t *testing.T) {
	srv := startEmulator(t, "example.com")
	if err := srv.Control.AddOtherAccountZone("friend.example.com"); err != nil {
		t.Fatal(err)
	}
	explained := []string{"IncorrectDomainUser", "The domain name belongs to other users",
		"The DNS zone belongs to another Alibaba Cloud account", "transfer the domain name to the current account",
		"credentials of the account that hosts the zone"}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: emuProvider(srv) + aRecord("r", "friend.example.com", "www", "A", "203.0.113.1"),
				ExpectError: cliErrorPattern(append([]string{"DNS zone belongs to another Alibaba Cloud account",
					"The zone friend.example.com is hosted in Alibaba Cloud DNS by another Alibaba Cloud account"}, explained...)...)},
			{PreConfig: func() {
				if n := stats(t, srv)["Alidns.AddDomainRecord"]; n != 0 {
					t.Fatalf("a record in another account's zone was sent to AddDomainRecord %d times; the plan must stop it", n)
				}
			}, Config: emuProvider(srv) + `data "beian_dns_records" "theirs" {
  domain = "friend.example.com"
}`, ExpectError: cliErrorPattern(append([]string{"Cannot list the records of friend.example.com"}, explained...)...)},
		},
	})
}

// An AddDomainRecord whose answer is lost after the cloud created the record (the
// connection drops) must not leave a duplicate: the retry sees DomainRecordDuplicate and
// the resource adopts the existing record.
func TestAccDNSRecord_createTimeoutAdoptsInsteadOfDuplicating(t *testing.T) {
	t.Parallel()
	for _, retries := range []int{3, 0} {
		t.Run(fmt.Sprintf("max_retries=%d", retries), func(t *testing.T) {
			srv := startEmulator(t, "example.com")
			if err := srv.Control.SetFaults(emulator.Faults{DropAfterCommit: map[string]int{"Alidns.AddDomainRecord": 1}}); err != nil {
				t.Fatal(err)
			}
			cfg := emuProvider(srv, fmt.Sprintf("max_retries = %d", retries)) + aRecord("www", "example.com", "www", "A", "203.0.113.10")
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: cfg,
					Check: func(s *terraform.State) error {
						recs := zoneRecords(t, srv, "example.com")
						if n := countRecords(recs, "www", "A", "203.0.113.10"); n != 1 {
							return fmt.Errorf("want exactly one record after a lost create answer, found %d", n)
						}
						if got := s.RootModule().Resources["beian_dns_record.www"].Primary.ID; got != recs[0].RecordID {
							return fmt.Errorf("state id %s is not the record that exists (%s)", got, recs[0].RecordID)
						}
						st, _ := srv.Control.Stats()
						if st.Faults["dropped"] != 1 {
							return fmt.Errorf("the fault was not injected: %+v", st.Faults)
						}
						return nil
					},
				}},
			})
		})
	}
}

// Refreshing many records of one zone lists the zone a page (500) at a time, once per
// run, and never reads records one by one.
func TestAccDNSRecord_refreshUsesZoneSnapshot(t *testing.T) {
	const n = 600
	srv := startEmulator(t, "example.com")
	cfg := emuProvider(srv) + testConfig(t, "records_in_one_zone", vars{"Domain": "example.com", "N": n})
	var refresh map[string]int
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					if err := srv.Control.ResetStats(); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg, PlanOnly: true,
			},
			{
				// Runs first thing in the step, before any other call: the counts of the
				// PlanOnly step above.
				PreConfig: func() { refresh = stats(t, srv) },
				Config:    cfg, PlanOnly: true,
			},
		},
	})
	t.Logf("API calls for a plan-only step (refresh) of %d records in one zone: %v", n, refresh)
	// The PlanOnly step refreshes once, in one provider run, which lists the zone once:
	// ceil(600/500) = 2 pages, however many records there are.
	if got := refresh["Alidns.DescribeDomainRecords"]; got != 2 {
		t.Errorf("DescribeDomainRecords calls = %d for a refresh of %d records; want exactly 2 (ceil(%d/500) pages, once per run)", got, n, n)
	}
	for k, v := range refresh {
		if strings.Contains(k, "DescribeDomainRecordInfo") || strings.Contains(k, "DescribeSubDomainRecords") {
			t.Errorf("refresh made %d per-record reads (%s)", v, k)
		}
	}
}
