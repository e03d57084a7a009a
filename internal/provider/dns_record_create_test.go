package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// Ownership on create (dns_record_create.go): a create never takes over a record it did
// not write, adopts what its own interrupted attempt left, and two resources never share
// a record.

// factoriesAt serves the provider with its clock shifted by offset: a step run with it
// makes claims that look that old to the steps after it.
func factoriesAt(offset time.Duration) map[string]func() (tfprotov6.ProviderServer, error) {
	p := &beianProvider{version: "test", getenv: os.Getenv, home: os.UserHomeDir, now: func() time.Time { return time.Now().Add(offset) }}
	return map[string]func() (tfprotov6.ProviderServer, error){"beian": providerserver.NewProtocol6WithError(p)}
}

// onlyRecord returns the one A record of rr in example.com, failing unless there is exactly one.
func onlyRecord(t testing.TB, srv *emulatortest.Server, rr string) (emulator.Record, error) {
	const domain, typ = "example.com", "A"
	t.Helper()
	var found []emulator.Record
	for _, r := range zoneRecords(t, srv, domain) {
		if r.RR == rr && r.Type == typ {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return emulator.Record{}, fmt.Errorf("want exactly one %s %s record in %s, found %d: %+v", rr, typ, domain, len(found), found)
	}
	return found[0], nil
}

// A record made by hand is not taken over: the create fails with its ID, what it looks
// like and the import block; with allow_overwrite = true the same create adopts it and
// brings it to the plan, and the next plan is empty.
func TestAccDNSRecord_handMadeRecordNeedsImportOrAllowOverwrite(t *testing.T) {
	srv := startEmulator(t, "example.com")
	id, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "www", Type: "A", Value: "203.0.113.10",
		Status: "DISABLE", Remark: "made by hand"})
	if err != nil {
		t.Fatal(err)
	}
	plain := emuProvider(srv) + aRecord("www", "example.com", "www", "A", "203.0.113.10")
	allow := emuProvider(srv) + `
resource "beian_dns_record" "www" {
  domain          = "example.com"
  rr              = "www"
  type            = "A"
  value           = "203.0.113.10"
  allow_overwrite = true
}
`
	var owner string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: plain,
				ExpectError: cliErrorPattern("Cannot create DNS record www.example.com A: an identical record exists already",
					"record ID "+id+": www.example.com A 203.0.113.10, line default, TTL 600, DISABLE, remark \"made by hand\"",
					"not created by this provider", "import {", "to = beian_dns_record.<name>", `id = "`+id+`"`, "allow_overwrite = true"),
			},
			{
				PreConfig: func() {
					// Nothing was taken over or duplicated: the record is as it was made.
					r, err := onlyRecord(t, srv, "www")
					if err != nil {
						t.Fatal(err)
					}
					if r.RecordID != id || r.Status != "DISABLE" || r.Remark != "made by hand" || r.TTL != 600 {
						t.Fatalf("the hand-made record changed: %+v", r)
					}
				},
				Config: allow,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("status"), knownvalue.StringExact("ENABLE")),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("remark"), knownvalue.Null()),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("allow_overwrite"), knownvalue.Bool(true)),
				},
				Check: func(s *terraform.State) error {
					r, err := onlyRecord(t, srv, "www")
					if err != nil {
						return err
					}
					owner = s.RootModule().Resources["beian_dns_record.www"].Primary.Attributes["ownership_marker"]
					if r.RecordID != id || r.Status != "ENABLE" || r.Remark != owner || owner == "" {
						return fmt.Errorf("adopted record is %+v; want record %s enabled, its remark only the marker %q", r, id, owner)
					}
					return nil
				},
			},
			{Config: allow, PlanOnly: true},
		},
		CheckDestroy: func(*terraform.State) error {
			if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
				return fmt.Errorf("the adopted record was not deleted by its owner's destroy: %+v", recs)
			}
			return nil
		},
	})
}

// The import block the error prints, with the resource's address filled in, brings the
// hand-made record under the resource.
func TestAccDNSRecord_importBlockFromTheError(t *testing.T) {
	srv := startEmulator(t, "example.com")
	id, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "www", Type: "A", Value: "203.0.113.10", Remark: "made by hand"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := emuProvider(srv) + `
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "203.0.113.10"
  remark = "made by hand"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: cliErrorPattern("an identical record exists already", `id = "`+id+`"`)},
			{
				Config: cfg + fmt.Sprintf("\nimport {\n  to = beian_dns_record.www\n  id = %q\n}\n", id),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("id"), knownvalue.StringExact(id)),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("remark"), knownvalue.StringExact("made by hand")),
					statecheck.ExpectKnownValue("beian_dns_record.www", tfjsonpath.New("ownership_marker"), knownvalue.Null()),
				},
			},
			{Config: cfg, PlanOnly: true},
		},
		CheckDestroy: func(*terraform.State) error {
			if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
				return fmt.Errorf("the imported record was not deleted by destroy: %+v", recs)
			}
			return nil
		},
	})
}

// Two resources of one configuration describing the same record: in the run that creates
// them, one creates it and the other fails before writing anything. Applied again within
// the recovery window, the second cannot tell the first's claim from one an interrupted
// run left, and adopts the record with a warning (the documented window): the record is
// still never duplicated, and destroy removes it once.
func TestAccDNSRecord_twoResourcesOfOneRunDoNotShare(t *testing.T) {
	srv := startEmulator(t, "example.com")
	both := emuProvider(srv) + aRecord("a", "example.com", "www", "A", "203.0.113.10") + aRecord("b", "example.com", "WWW", "A", "203.0.113.10")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: both, ExpectError: cliErrorPattern("Another beian_dns_record creates www.example.com A 203.0.113.10 in this apply",
				"the other one claimed it first (ownership marker tf-beian-", "Remove one of the two resources")},
			{
				PreConfig: func() {
					if st := stats(t, srv); st["Alidns.AddDomainRecord"] != 1 {
						t.Fatalf("AddDomainRecord called %d times; the second resource must write nothing", st["Alidns.AddDomainRecord"])
					}
					if _, err := onlyRecord(t, srv, "www"); err != nil {
						t.Fatal(err)
					}
				},
				Config: both,
				Check: func(s *terraform.State) error {
					r, err := onlyRecord(t, srv, "www")
					if err != nil {
						return err
					}
					a, b := s.RootModule().Resources["beian_dns_record.a"].Primary, s.RootModule().Resources["beian_dns_record.b"].Primary
					if a.ID != r.RecordID || b.ID != r.RecordID {
						return fmt.Errorf("state holds %s and %s, the cloud %s", a.ID, b.ID, r.RecordID)
					}
					// The adopter's marker is on the record; the other resource's plans warn.
					if r.Remark != a.Attributes["ownership_marker"] && r.Remark != b.Attributes["ownership_marker"] {
						return fmt.Errorf("record remark %q is neither resource's marker", r.Remark)
					}
					return nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
				return fmt.Errorf("records left after destroy: %+v", recs)
			}
			return nil
		},
	})
}

// lateRegexp is a regexp whose pattern is only known once an earlier step ran: set it
// with set before the step that expects it.
type lateRegexp struct{ re *regexp.Regexp }

func newLateRegexp() *lateRegexp { return &lateRegexp{re: regexp.MustCompile(`\A\z.`)} }

func (l *lateRegexp) set(pattern *regexp.Regexp) { *l.re = *pattern }

// A second resource describing a record another one created (more than the recovery
// window ago) fails, naming the first one's ownership marker; destroying the second never
// touches the record. With allow_overwrite the second takes it over, and then destroying
// the first leaves the record to its new owner.
func TestAccDNSRecord_secondClaimantFailsAndDestroyKeepsTheRecord(t *testing.T) {
	srv := startEmulator(t, "example.com")
	first := aRecord("first", "example.com", "www", "A", "203.0.113.10")
	second := aRecord("second", "example.com", "www", "A", "203.0.113.10")
	takeover := `
resource "beian_dns_record" "second" {
  domain          = "example.com"
  rr              = "www"
  type            = "A"
  value           = "203.0.113.10"
  allow_overwrite = true
}
`
	naming := newLateRegexp()
	var firstMarker, firstID string
	record := func() emulator.Record {
		r, err := onlyRecord(t, srv, "www")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	resource.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				// The first resource created the record two hours ago.
				ProtoV6ProviderFactories: factoriesAt(-2 * time.Hour),
				Config:                   emuProvider(srv) + first,
				Check: func(s *terraform.State) error {
					a := s.RootModule().Resources["beian_dns_record.first"].Primary
					firstMarker, firstID = a.Attributes["ownership_marker"], a.ID
					naming.set(cliErrorPattern("Cannot create DNS record www.example.com A: another beian_dns_record owns it",
						"record ID "+firstID, "remark \""+firstMarker+"\"", `ownership_marker = "`+firstMarker+`"`, "allow_overwrite = true"))
					return nil
				},
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   emuProvider(srv) + first + second,
				ExpectError:              naming.re,
			},
			{
				// The second resource is dropped (its failed create left no state): the
				// record is the first one's, untouched.
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   emuProvider(srv) + first,
				PlanOnly:                 true,
				PreConfig: func() {
					if r := record(); r.RecordID != firstID || r.Remark != firstMarker {
						t.Fatalf("the first resource's record changed: %+v (want %s with remark %q)", r, firstID, firstMarker)
					}
				},
			},
			{
				// allow_overwrite: the second takes it over and writes its own marker.
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   emuProvider(srv) + first + takeover,
				Check: func(s *terraform.State) error {
					b := s.RootModule().Resources["beian_dns_record.second"].Primary
					if r := record(); b.ID != firstID || r.Remark != b.Attributes["ownership_marker"] || r.Remark == firstMarker {
						return fmt.Errorf("after the takeover the record is %+v and the second resource holds %s/%s", r, b.ID, b.Attributes["ownership_marker"])
					}
					return nil
				},
			},
			{
				// The first resource is destroyed: it no longer owns the record, which stays.
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   emuProvider(srv) + takeover,
				Check: func(s *terraform.State) error {
					if _, ok := s.RootModule().Resources["beian_dns_record.first"]; ok {
						return fmt.Errorf("the first resource is still in state")
					}
					if r := record(); r.RecordID != firstID {
						return fmt.Errorf("the record was replaced: %+v", r)
					}
					return nil
				},
			},
		},
		CheckDestroy: func(*terraform.State) error {
			if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
				return fmt.Errorf("the owner's destroy left the record: %+v", recs)
			}
			return nil
		},
	})
}

// The recovery rules at their edges, through the CLI (warnings are part of the contract):
// a record born with the birth TTL and never marked is adopted; a record marked by a claim
// made within the recovery window is adopted with a warning naming the claim; one claimed
// before the window fails with the import block; a hand-made record whose TTL differs
// from the birth TTL fails.
func TestAccDNSRecord_recoveryWindow(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	srv := startEmulator(t, "example.com")
	now := time.Now()
	recent := dnsrecord.Marker{Token: "aaaaaa", Claimed: now.Add(-10 * time.Minute).UTC().Truncate(time.Minute)}
	old := dnsrecord.Marker{Token: "bbbbbb", Claimed: now.Add(-dnsrecord.RecoveryWindow - 5*time.Minute).UTC().Truncate(time.Minute)}
	seed := map[string]emulator.Record{
		"born":   {Domain: "example.com", RR: "born", Type: "A", Value: "203.0.113.1", TTL: dnsrecord.BirthTTL(600)},
		"recent": {Domain: "example.com", RR: "recent", Type: "A", Value: "203.0.113.2", Remark: recent.String()},
		"old":    {Domain: "example.com", RR: "old", Type: "A", Value: "203.0.113.3", Remark: "web," + old.String()},
		"hand":   {Domain: "example.com", RR: "hand", Type: "A", Value: "203.0.113.4", TTL: 602},
	}
	ids := map[string]string{}
	for name, rec := range seed {
		id, err := srv.Control.AddRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
	}
	var cfg strings.Builder
	cfg.WriteString(cliProvider())
	for name, rec := range seed {
		cfg.WriteString(aRecord(name, "example.com", rec.RR, "A", rec.Value))
	}
	r := newCLIRun(t, srv, cfg.String())
	code, out := r.run("apply", "-auto-approve", "-no-color")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 {
		t.Fatalf("apply passed; the old claim and the hand-made record must fail it:\n%s", out)
	}
	for _, want := range []string{
		"Warning: Adopted DNS record recent.example.com A left by an interrupted create", "ownership marker " + recent.String(),
		"Error: Cannot create DNS record old.example.com A: another beian_dns_record owns it", `ownership_marker = "` + old.String() + `"`, `id = "` + ids["old"] + `"`,
		"Error: Cannot create DNS record hand.example.com A: an identical record exists already", `id = "` + ids["hand"] + `"`,
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("apply output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(flat, "born.example.com A left by") || strings.Contains(flat, "DNS record born.example.com A:") {
		t.Errorf("the born-marked record was not adopted quietly:\n%s", out)
	}
	state := r.stateIDs()
	for _, name := range []string{"born", "recent"} {
		if !state[ids[name]] {
			t.Errorf("record %s (%s) was not adopted into state %v", name, ids[name], state)
		}
		rec, err := onlyRecord(t, srv, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, m := dnsrecord.SplitRemark(rec.Remark); m.IsZero() || m == recent || rec.TTL != 600 {
			t.Errorf("adopted record %s is %+v; want this resource's marker and TTL 600", name, rec)
		}
	}
	for _, name := range []string{"old", "hand"} {
		if state[ids[name]] {
			t.Errorf("record %s was taken over", name)
		}
		rec, err := onlyRecord(t, srv, name)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Remark != seed[name].Remark || rec.RecordID != ids[name] {
			t.Errorf("record %s changed: %+v", name, rec)
		}
	}
}

// A record another beian_dns_record took over (its marker on the record, not this
// resource's): this resource's plans warn, naming both markers, and its destroy leaves
// the record to its new owner. Through the CLI: the warnings are the contract.
func TestAccDNSRecord_takenOverRecordWarnsAndSurvivesDestroy(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	srv := startEmulator(t, "example.com")
	r := newCLIRun(t, srv, cliProvider()+aRecord("www", "example.com", "www", "A", "203.0.113.10"))
	if code, out := r.run("apply", "-auto-approve", "-no-color"); code != 0 {
		t.Fatalf("apply: exit %d\n%s", code, lastLines(out, 40))
	}
	rec, err := onlyRecord(t, srv, "www")
	if err != nil {
		t.Fatal(err)
	}
	other := dnsrecord.NewMarker(time.Now())
	if err := emuClient(t, srv).UpdateDomainRecordRemark(context.Background(), "example.com", rec.RecordID, other.String()); err != nil {
		t.Fatal(err)
	}
	code, out := r.run("plan", "-no-color")
	mustWarn(t, code, out, "DNS record "+rec.RecordID+" now belongs to another beian_dns_record", other.String(), rec.Remark)
	// A change of this resource is refused before anything is written: the record keeps
	// the other owner's value and marker.
	writeTestFile(t, r.dir, "main.tf", requiredBeian+cliProvider()+aRecord("www", "example.com", "www", "A", "203.0.113.20"))
	code, out = r.run("apply", "-auto-approve", "-no-color")
	if code == 0 || !strings.Contains(out, "belongs to another beian_dns_record: not changed") {
		t.Fatalf("apply of a change to a record taken over: exit %d; want the refusal\n%s", code, lastLines(out, 40))
	}
	if now, err := onlyRecord(t, srv, "www"); err != nil || now.Value != "203.0.113.10" || now.Remark != other.String() {
		t.Fatalf("after the refused update the record is %+v, %v; want it untouched", now, err)
	}
	code, out = r.run("destroy", "-auto-approve", "-no-color")
	mustWarn(t, code, out, "DNS record "+rec.RecordID+" left in place: another beian_dns_record owns it")
	after, err := onlyRecord(t, srv, "www")
	if err != nil || after.RecordID != rec.RecordID || after.Remark != other.String() {
		t.Fatalf("after the destroy the record is %+v, %v; want record %s kept with the other owner's marker", after, err, rec.RecordID)
	}
	if ids := r.stateIDs(); len(ids) != 0 {
		t.Errorf("the resource is still in state: %v", ids)
	}
}

// Taking a record over writes this resource's marker over the owner's; a remark too long
// to carry one would leave the record with no marker — nobody's, deleted by either
// destroy. The takeover is refused before anything is written.
func TestAccDNSRecord_takeoverRefusedWhenTheRemarkLeavesNoRoomForTheMarker(t *testing.T) {
	srv := startEmulator(t, "example.com")
	first := aRecord("first", "example.com", "www", "A", "203.0.113.10")
	long := strings.Repeat("r", dnsrecord.MaxRemarkWithMarker+1)
	takeover := fmt.Sprintf(`
resource "beian_dns_record" "second" {
  domain          = "example.com"
  rr              = "www"
  type            = "A"
  value           = "203.0.113.10"
  remark          = %q
  allow_overwrite = true
}
`, long)
	var firstMarker string
	resource.ParallelTest(t, resource.TestCase{
		Steps: []resource.TestStep{
			{
				ProtoV6ProviderFactories: factoriesAt(-2 * time.Hour),
				Config:                   emuProvider(srv) + first,
				Check: func(s *terraform.State) error {
					firstMarker = s.RootModule().Resources["beian_dns_record.first"].Primary.Attributes["ownership_marker"]
					return nil
				},
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   emuProvider(srv) + first + takeover,
				ExpectError:              cliErrorPattern("the remark leaves no room for the ownership marker", "Nothing was written"),
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   emuProvider(srv) + first,
				PlanOnly:                 true,
				PreConfig: func() {
					r, err := onlyRecord(t, srv, "www")
					if err != nil || r.Remark != firstMarker {
						t.Fatalf("the first resource's record is %+v, %v; want its remark %q kept", r, err, firstMarker)
					}
				},
			},
		},
	})
}
