package provider

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// otherProviderRecords is testdata/record_guard_other_provider.tftpl: another provider's
// record guarded by beian_record_guard, its address the HCL expression apex.
func otherProviderRecords(t *testing.T, apex string) string {
	return testConfig(t, "record_guard_other_provider", vars{"Apex": apex})
}

func TestAccRecordGuard_otherProvidersRecords(t *testing.T) {
	srv := guardEmulator(t)
	const ds = "data.beian_record_guard.site"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// A mainland ECS without a filing: the plan fails with the resource's diagnostic,
				// on the record that leads there (the CNAME too: it is followed through the apex).
				Config:      emuProvider(srv, "rir_sources = []") + otherProviderRecords(t, hclString(mainlandIP)),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)` + blockedPattern("example.com") + `.*ECS\s+instance\s+i-bp1guardtest000001`),
			},
			{
				// In warn mode the same plan passes; the data source says what is wrong, and the
				// precondition stops the other provider's record.
				Config:      emuProvider(srv, "rir_sources = []", `enforcement = "warn"`) + otherProviderRecords(t, hclString(mainlandIP)),
				ExpectError: regexp.MustCompile(`(?s)Resource\s+precondition\s+failed.*ICP\s+filing\s+\(备案\)\s+required:\s+example.com\s+→\s+47.96.10.20`),
			},
			{
				// An offshore address passes.
				Config: emuProvider(srv, "rir_sources = []") + otherProviderRecords(t, hclString(hongkongIP)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("allowed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("violations"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("location"), knownvalue.StringExact("offshore")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(1).AtMapKey("ends").AtSliceIndex(0).AtMapKey("via"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("example.com")})),
				},
			},
			{
				// The filing approved: the mainland server passes too.
				PreConfig: func() {
					if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: emuProvider(srv, "rir_sources = []") + otherProviderRecords(t, hclString(mainlandIP)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("allowed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("location"), knownvalue.StringExact("mainland")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("filing_approved"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("registrable_domain"), knownvalue.StringExact("example.com")),
				},
			},
		},
	})
}

// The location-truth issue through beian_record_guard: a record of another provider to
// 8.137.30.10 (Alibaba Cloud's mainland network, not in the account) without a filing is
// refused, its evidence naming the deciding origin network; one to AWS Hong Kong
// (16.162.1.1) is allowed without a finding, its evidence naming the source that disagrees
// and AWS's own region list, which settles it; one to a Hong Kong block of China Telecom
// Global (203.80.141.1) that a source places in the mainland is allowed with a warning
// finding naming the disagreement — the same evidence the beian_dns_record resource shows.
func TestAccRecordGuard_locationSources(t *testing.T) {
	srv := guardEmulator(t)
	const ds = "data.beian_record_guard.site"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:   emuProvider(srv, "rir_sources = []") + otherProviderRecords(t, hclString("8.137.30.10")),
			PlanOnly: true,
			ExpectError: cliErrorPattern("ICP filing (备案) required: example.com → 8.137.30.10 is a mainland-China server",
				"decided by origin network AS37963", "geo-whois-asn-country says another country (disagrees)"),
		}, {
			Config: emuProvider(srv, "rir_sources = []") + otherProviderRecords(t, hclString("16.162.1.1")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("allowed"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("location"), knownvalue.StringExact("offshore")),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("ends").AtSliceIndex(0).AtMapKey("evidence"),
					knownvalue.StringRegexp(regexp.MustCompile(`HK \(Hong Kong\) for 16\.162\.0\.0/15, decided by origin network AS16509.*dbip-country says HK \(agrees\), geo-whois-asn-country says CN \(disagrees\); the sources disagree — AWS's region list \(ip-ranges\.json\) confirms that AS16509 serves outside mainland China only`))),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("findings"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}, {
			Config: emuProvider(srv, "rir_sources = []") + otherProviderRecords(t, hclString("203.80.141.1")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("allowed"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("ends").AtSliceIndex(0).AtMapKey("evidence"),
					knownvalue.StringRegexp(regexp.MustCompile(`HK \(Hong Kong\) for 203\.80\.141\.0/24, decided by origin network AS23764.*geo-whois-asn-country says CN \(disagrees\); the sources disagree — not proof of offshore`))),
				statecheck.ExpectKnownValue(ds, tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("findings"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"kind":     knownvalue.StringExact("unknown_location"),
						"severity": knownvalue.StringExact("warning"),
						"blocks":   knownvalue.Bool(false),
						"summary":  knownvalue.StringExact("ICP guard (备案检查): the location data's offshore answer for 203.80.141.1 is not proof"),
					}),
				})),
			},
		}},
	})
}

// A value known only at apply (a server created in the same apply): the data source is
// read during the apply, before the record that depends on it, and the record is not
// written.
func TestAccRecordGuard_valueUnknownAtPlanIsCaughtBeforeTheRecord(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	srv := guardEmulator(t)
	run := newCLIRun(t, srv, cliProvider("rir_sources = []")+`
# Stands in for the server created in the same apply (e.g. alicloud_instance).
resource "terraform_data" "server" {
  input = "`+mainlandIP+`"
}
`+otherProviderRecords(t, "terraform_data.server.output"))
	code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "ICP filing (备案) required: example.com → 47.96.10.20") {
		t.Fatalf("apply: exit %d, want the guard's error\n%s", code, lastLines(out, 40))
	}
	code, out = run.run("state", "list")
	if code != 0 {
		t.Fatalf("state list: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "terraform_data.server") || strings.Contains(out, "terraform_data.apex") {
		t.Errorf("state after the blocked apply:\n%s\nwant the server created and the guarded record not written", out)
	}
}

// The guard's API cost is per run, whichever front end judges: 200 records across 5
// zones (half of them CNAMEs through a chain in the account's zones) judged through
// beian_record_guard cost exactly the guard's calls the same 200 beian_dns_record
// resources cost at plan time (the resources add their own zone check, one
// DescribeDomainInfo per zone), and neither grows with the record count.
func TestAccRecordGuard_costsWhatTheResourceCosts(t *testing.T) {
	requireAcc(t)
	// The guard's block, not any diagnostic naming the ICP filing (备案): a plan that failed
	// closed ("could not read the ICP filing (备案) status") must not pass for one.
	blocked := regexp.MustCompile(`ICP\s+filing\s+\(备案\)\s+required`)
	zones := []string{"z1.com", "z2.com", "z3.net", "z4.cn", "z5.com.cn"}
	setup := func(t *testing.T) *emulatortest.Server {
		srv := guardEmulator(t)
		for zi, z := range zones {
			if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: z}); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 4; i++ {
				ip := fmt.Sprintf("47.96.%d.%d", zi+1, i+1) // ECS in the provider's region
				if err := srv.Control.AddServer(emulator.ServerSeed{Kind: "ecs", Region: "cn-hangzhou", IP: ip}); err != nil {
					t.Fatal(err)
				}
				for _, r := range []emulator.Record{
					{Domain: z, RR: fmt.Sprintf("hop%d", i), Type: "CNAME", Value: fmt.Sprintf("origin%d.%s", i, z)},
					{Domain: z, RR: fmt.Sprintf("origin%d", i), Type: "A", Value: ip},
				} {
					if _, err := srv.Control.AddRecord(r); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		return srv
	}
	type rec struct{ zone, rr, typ, value string }
	var recs []rec
	for n := 0; n < 200; n++ {
		zi, i := n%5, n%4
		r := rec{zones[zi], fmt.Sprintf("h%d", n), "A", fmt.Sprintf("47.96.%d.%d", zi+1, i+1)}
		if n%2 == 1 {
			r.typ, r.value = "CNAME", fmt.Sprintf("hop%d.%s", i, zones[zi])
		}
		recs = append(recs, r)
	}
	// Every call the guard makes for the 200 records, once a run; the 20 servers are found
	// in one Resource Center listing of the account. Every zone of the account is listed
	// once — the five and guardEmulator's example.com and example.com.cn —, because each
	// record is also judged for the names that reach it (reverse paths): no call per record.
	guardCost := map[string]int{
		"Companyreg.QuerySuccessIcpData": 1,
		"Alidns.DescribeDomains":         1,
		"Alidns.DescribeDomainRecords":   len(zones) + 2,
		"ResourceCenter.SearchResources": 1,
	}
	why := map[string]string{
		"Companyreg.QuerySuccessIcpData": "the account's filings, listed once a run",
		"Alidns.DescribeDomains":         "the account's zones, listed once a run to find the zone of a CNAME's target",
		"Alidns.DescribeDomainRecords":   "one listing of every zone of the account, once a run: CNAME targets are followed through them and the names that reach each record are found in them",
		"ResourceCenter.SearchResources": "the account's servers of every region, listed once a run for all 20 addresses",
		"Alidns.DescribeDomainInfo":      "beian_dns_record's plan-time check of its zone (TTL floor), once per zone: not the guard's",
	}
	var viaResource, viaDataSource map[string]int
	t.Run("resource", func(t *testing.T) {
		srv := setup(t)
		var b strings.Builder
		for _, r := range recs {
			b.WriteString(aRecord(strings.ReplaceAll(r.zone, ".", "_")+"_"+r.rr, r.zone, r.rr, r.typ, r.value))
		}
		if err := srv.Control.ResetStats(); err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps:                    []resource.TestStep{{Config: emuProvider(srv, "rir_sources = []") + b.String(), PlanOnly: true, ExpectError: blocked}},
		})
		viaResource = stats(t, srv)
	})
	t.Run("data source", func(t *testing.T) {
		srv := setup(t)
		var b strings.Builder
		b.WriteString("data \"beian_record_guard\" \"all\" {\n  records = [\n")
		for _, r := range recs {
			fmt.Fprintf(&b, "    { name = %q, type = %q, value = %q },\n", r.rr+"."+r.zone, r.typ, r.value)
		}
		b.WriteString("  ]\n}\n")
		if err := srv.Control.ResetStats(); err != nil {
			t.Fatal(err)
		}
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps:                    []resource.TestStep{{Config: emuProvider(srv, "rir_sources = []") + b.String(), PlanOnly: true, ExpectError: blocked}},
		})
		viaDataSource = stats(t, srv)
	})
	t.Logf("calls for 200 records: resource %v, data source %v", viaResource, viaDataSource)
	checkCalls(t, "beian_record_guard, 200 records", viaDataSource, guardCost, why)
	// The resources cost the guard's calls and, on top of them, their own zone check.
	resourceCost := maps.Clone(guardCost)
	resourceCost["Alidns.DescribeDomainInfo"] = len(zones)
	checkCalls(t, "200 beian_dns_record resources", viaResource, resourceCost, why)
}

// The records given through a variable — a module's input, as in icp-site, or a root
// variable — are unknown while the configuration is validated (before every plan): the
// data source must check them once they are known instead of failing with "Value
// Conversion Error", and judge them as if written inline.
func TestAccRecordGuard_recordsFromAVariable(t *testing.T) {
	srv := guardEmulator(t)
	rec := func(name, typ, value string) config.Variable {
		return config.ObjectVariable(map[string]config.Variable{
			"name": config.StringVariable(name), "type": config.StringVariable(typ), "value": config.StringVariable(value),
		})
	}
	cfg := emuProvider(srv) + `
variable "records" {
  type = list(object({ name = string, type = string, value = string }))
}

data "beian_record_guard" "site" {
  records = var.records
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:          cfg,
				ConfigVariables: config.Variables{"records": config.ListVariable(rec("example.com", "A", mainlandIP), rec("www.example.com", "CNAME", "example.com"))},
				ExpectError:     regexp.MustCompile(`(?s)` + chainBlocked("www.example.com", "example.com")),
			},
			{
				Config:          cfg,
				ConfigVariables: config.Variables{"records": config.ListVariable(rec("example.com", "A", hongkongIP), rec("www.example.com", "CNAME", "example.com"))},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.beian_record_guard.site", tfjsonpath.New("allowed"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.beian_record_guard.site", tfjsonpath.New("results").AtSliceIndex(1).AtMapKey("location"), knownvalue.StringExact("offshore")),
				},
			},
			{
				// A bad value is still reported on the record, once the variable is known.
				Config:          cfg,
				ConfigVariables: config.Variables{"records": config.ListVariable(rec("example.com", "A", "example.net"))},
				ExpectError:     regexp.MustCompile(`(?s)Invalid A record value.*records\[0\]\.value: "example.net" is not an IPv4 address`),
			},
		},
	})
}
