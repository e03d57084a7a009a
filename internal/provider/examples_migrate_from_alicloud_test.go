package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// The guide "Migrating from alicloud DNS records and console-managed zones", as users read
// it (generated from templates/guides by `make docs`; docs-check keeps the two equal).
const migrateGuide = "../../docs/guides/migrating-from-alicloud.md"

// terraformBlockRE matches the ```terraform blocks of a guide.
var terraformBlockRE = regexp.MustCompile("(?s)```terraform\n(.*?)```")

// migrateGuideParts reads the guide: its first terraform block (the alicloud
// configuration users start from) and its shell blocks, checked to be the ones this test
// knows how to run.
func migrateGuideParts(t *testing.T) (alicloudConfig string, moveCommands, zoneCommands string) {
	t.Helper()
	b, err := os.ReadFile(migrateGuide)
	if err != nil {
		t.Fatal(err)
	}
	guide := string(b)
	tf := terraformBlockRE.FindStringSubmatch(guide)
	if tf == nil || !strings.Contains(tf[1], `resource "alicloud_alidns_record"`) {
		t.Fatalf("the guide's first terraform block is no longer the alicloud configuration; update this test with the guide")
	}
	var move, zone []string
	for _, blk := range shellBlocks(guide) {
		switch {
		case strings.Contains(blk, "terraform query"):
			// Terraform 1.14: no CLI here has it (the list resource is tested through the protocol).
		case strings.Contains(blk, "import_blocks"):
			zone = append(zone, blk)
		default:
			move = append(move, blk)
		}
	}
	m, z := strings.Join(move, "\n"), strings.Join(zone, "\n")
	for _, want := range []string{"terraform plan", "terraform apply"} {
		if !strings.Contains(m, want) {
			t.Fatalf("the guide's move commands no longer contain %q; update this test with the guide:\n%s", want, m)
		}
	}
	for _, want := range []string{"terraform output -raw import_blocks > imports.tf", "-generate-config-out=generated.tf"} {
		if !strings.Contains(z, want) {
			t.Fatalf("the guide's zone commands no longer contain %q; update this test with the guide:\n%s", want, z)
		}
	}
	return tf[1], m, z
}

// guideShim is a directory holding `terraform`: the CLI under test under the name the
// guide's commands use.
func guideShim(t *testing.T) string {
	t.Helper()
	shim := t.TempDir()
	if err := os.Symlink(exampleCLI(t), filepath.Join(shim, "terraform")); err != nil {
		t.Fatal(err)
	}
	return shim
}

// TestAccExamples_migrateFromAlicloudGuide follows the guide's first part: a state made by
// the alicloud provider (the stand-in of testkit_alicloud_test.go writes it in
// alicloud_alidns_record's schema, as the configuration the guide starts from), then the
// configuration of examples/migrate-from-alicloud/records and the guide's commands. The
// plan must show each record moved and change nothing; after the apply, the records are
// the same ones, in beian_dns_record, and a plan is empty.
func TestAccExamples_migrateFromAlicloudGuide(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	alicloudConfig, moveCommands, _ := migrateGuideParts(t)
	srv := startEmulator(t, "example.com")
	r := newCLIRun(t, srv, "")
	reattach := serveAlicloud(t, srv, "registry.opentofu.org/aliyun/alicloud", "registry.terraform.io/aliyun/alicloud")
	r.env = append(r.env, "TF_REATTACH_PROVIDERS="+reattach, "PATH="+guideShim(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	writeTestFile(t, r.dir, "main.tf", "terraform {\n  required_providers {\n    alicloud = { source = \"aliyun/alicloud\" }\n  }\n}\n"+alicloudConfig)
	if code, out := r.run("apply", "-auto-approve", "-no-color"); code != 0 {
		t.Fatalf("applying the alicloud configuration: exit %d\n%s", code, lastLines(out, 40))
	}
	before := map[string]string{}
	for _, rec := range zoneRecords(t, srv, "example.com") {
		before[rec.RR+" "+rec.Type] = rec.RecordID
	}
	if len(before) != 2 {
		t.Fatalf("the alicloud configuration made %d records, want 2", len(before))
	}

	records, err := os.ReadFile(filepath.Join(examplesDir, "migrate-from-alicloud", "records", "records.tf"))
	if err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, r.dir, "main.tf", string(records))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	log := runGuideSession(ctx, t, r.dir, append(r.env, "TF_IN_AUTOMATION=1"), moveCommands)
	flat := strings.Join(strings.Fields(log), " ")
	for _, want := range []string{
		"alicloud_alidns_record.www has moved to beian_dns_record.www", "alicloud_alidns_record.mail has moved to beian_dns_record.mail",
		"0 to add, 0 to change, 0 to destroy",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the guide's commands did not print %q:\n%s", want, lastLines(log, 60))
		}
	}
	if strings.Contains(flat, "will be created") || strings.Contains(flat, "will be destroyed") || strings.Contains(flat, "will be updated") {
		t.Errorf("the move planned a change:\n%s", lastLines(log, 60))
	}
	for _, rec := range zoneRecords(t, srv, "example.com") {
		if before[rec.RR+" "+rec.Type] != rec.RecordID {
			t.Errorf("record %s %s is %s now, was %s: it was replaced", rec.RR, rec.Type, rec.RecordID, before[rec.RR+" "+rec.Type])
		}
	}
	ids := r.stateIDs()
	for k, id := range before {
		if !ids[id] {
			t.Errorf("record %s (%s) is not a beian_dns_record in state: %v", k, id, ids)
		}
	}
	if code, out := r.run("plan", "-detailed-exitcode", "-no-color"); code != 0 {
		t.Fatalf("plan after the move is not empty (exit %d):\n%s", code, lastLines(out, 40))
	}
}

// TestAccExamples_consoleZoneGuide follows the guide's second part with the CLIs that
// have no `terraform query`: a zone whose records were made by hand, the configuration of
// examples/migrate-from-alicloud/zone with a provider block, and the guide's commands.
// Every record must end up in state, unchanged, and a plan after them must be empty.
func TestAccExamples_consoleZoneGuide(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	_, _, zoneCommands := migrateGuideParts(t)
	srv := startEmulator(t, "example.com")
	seed := []emulator.Record{
		{Domain: "example.com", RR: "@", Type: "A", Value: "203.0.113.10"},
		{Domain: "example.com", RR: "www", Type: "CNAME", Value: "example.com"},
		{Domain: "example.com", RR: "@", Type: "MX", Value: "mx.example.net", Priority: 10},
		{Domain: "example.com", RR: "_dmarc", Type: "TXT", Value: "v=DMARC1; p=none", Remark: "made by hand"},
		{Domain: "example.com", RR: "old", Type: "A", Value: "203.0.113.99", Status: "DISABLE", TTL: 3600},
	}
	var ids []string
	for _, rec := range seed {
		id, err := srv.Control.AddRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	importTF, err := os.ReadFile(filepath.Join(examplesDir, "migrate-from-alicloud", "zone", "import.tf"))
	if err != nil {
		t.Fatal(err)
	}
	r := newCLIRun(t, srv, "")
	writeTestFile(t, r.dir, "main.tf", string(importTF))
	writeTestFile(t, r.dir, "provider.tf", cliProvider())
	r.env = append(r.env, "PATH="+guideShim(t)+string(os.PathListSeparator)+os.Getenv("PATH"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	log := runGuideSession(ctx, t, r.dir, r.env, zoneCommands)
	if flat := strings.Join(strings.Fields(log), " "); !strings.Contains(flat, "5 imported, 0 added, 0 changed, 0 destroyed") {
		t.Errorf("the last apply did not import the 5 records and change nothing:\n%s", lastLines(log, 60))
	}
	state := r.stateIDs()
	for _, id := range ids {
		if !state[id] {
			t.Errorf("record %s is not in state after the guide's commands: %v", id, state)
		}
	}
	if n := len(zoneRecords(t, srv, "example.com")); n != len(seed) {
		t.Errorf("the zone has %d records, want the same %d", n, len(seed))
	}
	if code, out := r.run("plan", "-detailed-exitcode", "-no-color", "-var", "domain=example.com"); code != 0 {
		t.Fatalf("plan after the import is not empty (exit %d):\n%s", code, lastLines(out, 60))
	}
}
