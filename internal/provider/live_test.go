package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// liveRecordingsDir holds the answers TestAccLive compares the emulator's with when
// BEIAN_LIVE_RECORDINGS names no other directory (its README says where they came from).
const liveRecordingsDir = "testdata/live-recordings"

// TestAccLive is the acceptance subset that runs against the real Alibaba Cloud
// (`make testacc-live`, BEIAN_LIVE=1 and an account: see testkit_live_test.go) and, in every
// `make test`, against the emulator. It writes only records named <prefix>-… (unique to the
// run) in the test zone and destroys them; it reads the account's regions and servers, the
// zone and its filing; it never registers, renews or changes a domain. Against the emulator it
// then compares the answers with the recorded ones; with BEIAN_LIVE_RECORD it writes the
// target's answers, sanitised, for that comparison.
func TestAccLive(t *testing.T) {
	requireAcc(t)
	lt := newLiveTarget(t)
	t.Cleanup(func() { lt.sweep(t) })
	t.Run("records", func(t *testing.T) { liveRecords(t, lt) })
	t.Run("reads", func(t *testing.T) { liveReads(t, lt) })
	if lt.rec == nil {
		return
	}
	lt.rec.write(t, lt.recordDir)
	if lt.live {
		t.Logf("answers recorded (shapes only) in %s", lt.recordDir)
		return
	}
	t.Run("answers match the recordings", func(t *testing.T) {
		dir := os.Getenv(liveRecordingsEnv)
		if dir == "" {
			dir = liveRecordingsDir
		}
		want := readRecordings(t, dir)
		if len(want) == 0 {
			t.Fatalf("no recordings in %s: record them with make testacc-live BEIAN_LIVE_RECORD=<dir>", dir)
		}
		problems, notes := compareRecordings(want, readRecordings(t, lt.recordDir))
		for _, n := range notes {
			t.Log(n)
		}
		for _, p := range problems {
			t.Error(p)
		}
		if len(problems) == 0 {
			t.Logf("the emulator answers %d actions with every key and type of the recordings in %s", len(want), dir)
		}
	})
}

// liveRecords creates a TXT and a CNAME record under the run's prefix, updates the TXT in
// place, imports it by its natural key, lists it with beian_dns_records, and destroys both.
func liveRecords(t *testing.T, lt *liveTarget) {
	names := vars{
		"Domain":      lt.domain,
		"TXTName":     lt.prefix + "-txt",
		"CNAMEName":   lt.prefix + "-cname",
		"CNAMETarget": lt.prefix + "-target.example.net",
	}
	config := func(value string) string {
		v := vars{"TXTValue": value}
		for k, x := range names {
			v[k] = x
		}
		return lt.providerBlock() + testConfig(t, "live_records", v)
	}
	first, second := "beian-acc live test "+lt.prefix, "beian-acc live test "+lt.prefix+" updated"
	txt := "beian_dns_record.txt"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			left, err := lt.runRecords(t)
			if err != nil {
				return err
			}
			if len(left) != 0 {
				return fmt.Errorf("destroy left %d records of this run in %s: %+v", len(left), lt.domain, left)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config(first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(txt, tfjsonpath.New("fqdn"), knownvalue.StringExact(lt.prefix+"-txt."+lt.domain)),
					statecheck.ExpectKnownValue(txt, tfjsonpath.New("status"), knownvalue.StringExact("ENABLE")),
					statecheck.ExpectKnownValue(txt, tfjsonpath.New("record_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9]+$`))),
					statecheck.ExpectKnownValue("beian_dns_record.cname", tfjsonpath.New("value"), knownvalue.StringExact(lt.prefix+"-target.example.net")),
				},
				Check: func(*terraform.State) error {
					recs, err := lt.runRecords(t)
					if err != nil {
						return err
					}
					if len(recs) != 2 {
						return fmt.Errorf("want this run's TXT and CNAME records in %s, the zone lists %+v", lt.domain, recs)
					}
					return nil
				},
			},
			{
				Config: config(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(txt, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(txt, tfjsonpath.New("value"), knownvalue.StringExact(second)),
					// The data source reads the zone after the update.
					statecheck.ExpectKnownValue("data.beian_dns_records.mine", tfjsonpath.New("records").AtSliceIndex(0).AtMapKey("value"), knownvalue.StringExact(second)),
					statecheck.ExpectKnownValue("data.beian_dns_records.mine", tfjsonpath.New("records"), knownvalue.ListSizeExact(1)),
				},
			},
			{
				Config:        config(second),
				ResourceName:  txt,
				ImportState:   true,
				ImportStateId: lt.domain + "/" + lt.prefix + "-txt/TXT",
				// The record's own attributes, as the cloud answers them.
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// liveReads reads the account's regions, the zone, its filing and, through the guard, the
// account's servers; nothing is written.
func liveReads(t *testing.T, lt *liveTarget) {
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.beian_filing.zone", tfjsonpath.New("approved"), knownvalue.NotNull()),
		statecheck.ExpectKnownValue("data.beian_dns_records.zone", tfjsonpath.New("records"), knownvalue.NotNull()),
		// 47.96.10.20 is in Alibaba Cloud's cn-hangzhou network: mainland, by the account's
		// servers or by the location data.
		statecheck.ExpectKnownValue("data.beian_record_guard.probe", tfjsonpath.New("results").AtSliceIndex(0).AtMapKey("location"), knownvalue.StringExact("mainland")),
		regionIsMainland("cn-hangzhou", true),
	}
	if lt.emu != nil {
		// What the emulator was seeded with is known: the zone's filing.
		checks = append(checks,
			statecheck.ExpectKnownValue("data.beian_filing.zone", tfjsonpath.New("approved"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue("data.beian_filing.zone", tfjsonpath.New("icp_number"), knownvalue.StringExact("浙ICP备2026000001号")),
			statecheck.ExpectKnownValue("data.beian_record_guard.probe", tfjsonpath.New("allowed"), knownvalue.Bool(true)),
		)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: lt.providerBlock(`enforcement = "warn"`) + testConfig(t, "live_reads", vars{
				"Domain": lt.domain, "ProbeName": lt.prefix + "-probe." + lt.domain, "ProbeIP": "47.96.10.20",
			}),
			ConfigStateChecks: checks,
		}},
	})
}

// regionIsMainland checks that beian_regions lists region with mainland = want.
func regionIsMainland(region string, want bool) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("data.beian_regions.all", tfjsonpath.New("regions"),
		knownvalue.SetPartial([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(region), "mainland": knownvalue.Bool(want),
		})}))
}

// ---- the recorder's and the comparison's own tests ---------------------------------------

// An answer full of what identifies an account — keys, tokens, account and request IDs,
// names, addresses — leaves only its key tree and types in a recording.
func TestAnswerShapeKeepsNoValue(t *testing.T) {
	secrets := []string{"LTAI5tSecretKeyId000001", "CAIS-security-token-xyz", "1234567890123456", "5E0A7A3B-6B8C-4B3E-9C1A-1D2E3F4A5B6C",
		"acs:ram::1234567890123456:role/deploy", "example-customer.com", "47.96.10.20", "i-bp1customer000000001"}
	answer := fmt.Sprintf(`{"RequestId":%q,"AccessKeyId":%q,"SecurityToken":%q,"Credentials":{"AccessKeySecret":"s3cr3t","Expiration":"2026-12-24T00:00:00Z"},
		"AssumedRoleUser":{"Arn":%q,"AssumedRoleId":"3000:deploy"},"AliUid":%s,"DomainRecords":{"Record":[{"DomainName":%q,"Value":%q,"TTL":600,"Locked":false},{"DomainName":%q,"Value":%q,"Priority":null}]},
		"Instances":{"Instance":[{"InstanceId":%q,"Tags":{"Tag":[]}}]}}`,
		secrets[3], secrets[0], secrets[1], secrets[4], secrets[2], secrets[5], secrets[6], secrets[5], secrets[6], secrets[7])
	dec := json.NewDecoder(strings.NewReader(answer))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(answerShape(v))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(secrets, "s3cr3t", "deploy", "600", "2026") {
		if strings.Contains(string(b), s) {
			t.Errorf("the shape keeps %q: %s", s, b)
		}
	}
	want := `{"AccessKeyId":"string","AliUid":"number","AssumedRoleUser":{"Arn":"string","AssumedRoleId":"string"},"Credentials":{"AccessKeySecret":"string","Expiration":"string"},` +
		`"DomainRecords":{"Record":[{"DomainName":"string","Locked":"boolean","Priority":"null","TTL":"number","Value":"string"}]},` +
		`"Instances":{"Instance":[{"InstanceId":"string","Tags":{"Tag":[]}}]},"RequestId":"string","SecurityToken":"string"}`
	if string(b) != want {
		t.Errorf("shape\n%s\nwant\n%s", b, want)
	}
}

// The comparison fails on every way the emulator can answer differently from the recording,
// and only notes keys that only the emulator answers.
func TestCompareRecordings(t *testing.T) {
	rec := func(answer string, errs map[string]any) recordedAction {
		var a any
		if answer != "" {
			if err := json.Unmarshal([]byte(answer), &a); err != nil {
				t.Fatal(err)
			}
		}
		return recordedAction{Product: "alidns", Action: "DescribeDomainRecords", RecordedFrom: "test", Answer: a, Errors: errs}
	}
	cloud := map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number","DomainRecords":{"Record":[{"Value":"string","TTL":"number"}]}}`, nil)}
	for _, c := range []struct {
		name     string
		emulator map[string]recordedAction
		problem  string
		note     string
	}{
		{"same tree", map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number","DomainRecords":{"Record":[{"Value":"string","TTL":"number"}]}}`, nil)}, "", ""},
		{"an empty list in the emulator's answer", map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number","DomainRecords":{"Record":[]}}`, nil)}, "", ""},
		{"a key the emulator lacks", map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number","DomainRecords":{"Record":[{"Value":"string"}]}}`, nil)},
			"alidns.DescribeDomainRecords.DomainRecords.Record[].TTL (number): not in the emulator's answer", ""},
		{"another type", map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"string","DomainRecords":{"Record":[{"Value":"string","TTL":"number"}]}}`, nil)},
			"TotalCount: the cloud answers number, the emulator string", ""},
		{"an action the emulator run never called", map[string]recordedAction{}, "never called in the emulator run", ""},
		{"only errors from the emulator", map[string]recordedAction{"alidns.DescribeDomainRecords": rec("", map[string]any{"InvalidDomainName.NoExist": map[string]any{"Code": "string"}})},
			"the emulator only with errors [InvalidDomainName.NoExist]", ""},
		{"a key only the emulator answers", map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number","PageSize":"number","DomainRecords":{"Record":[{"Value":"string","TTL":"number"}]}}`, nil)},
			"", "alidns.DescribeDomainRecords.PageSize: only the emulator answers it"},
	} {
		t.Run(c.name, func(t *testing.T) {
			problems, notes := compareRecordings(cloud, c.emulator)
			if c.problem == "" && len(problems) != 0 || c.problem != "" && !strings.Contains(strings.Join(problems, "\n"), c.problem) {
				t.Errorf("problems %q, want %q", problems, c.problem)
			}
			if c.note != "" && !strings.Contains(strings.Join(notes, "\n"), c.note) {
				t.Errorf("notes %q, want %q", notes, c.note)
			}
		})
	}
	// An error code the cloud answered, which the emulator did not.
	withErr := map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number"}`, map[string]any{"IncorrectDomainUser": map[string]any{"Code": "string"}})}
	problems, _ := compareRecordings(withErr, map[string]recordedAction{"alidns.DescribeDomainRecords": rec(`{"TotalCount":"number"}`, nil)})
	if !strings.Contains(strings.Join(problems, "\n"), "answered with error IncorrectDomainUser, the emulator did not") {
		t.Errorf("problems %q", problems)
	}
}

// The committed recordings hold shapes only: no value of the run that made them (the test
// zone, the emulator's key, the seeded filing and servers).
func TestLiveRecordingsKeepNoValue(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(liveRecordingsDir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recordings in %s (%v)", liveRecordingsDir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{liveEmulatorDomain, "LTAI", "emulator-secret", "浙ICP备", "47.96.", liveRecordPrefix} {
			if strings.Contains(string(b), s) {
				t.Errorf("%s keeps %q", f, s)
			}
		}
	}
}
