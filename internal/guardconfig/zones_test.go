package guardconfig

import (
	"context"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The client as the guard's zones, over the emulator's wire format: the account's zones,
// and each record in the guard's terms — its ID, host record, type and value, and a
// disabled record as not enabled; a zone not in the account answers not found.
func TestZonesAdaptsTheClient(t *testing.T) {
	srv := emulatortest.Start(t)
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "example.com", RealNameStatus: "SUCCEED"}); err != nil {
		t.Fatal(err)
	}
	live, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "www", Type: "A", Value: "203.0.113.10"})
	if err != nil {
		t.Fatal(err)
	}
	paused, err := srv.Control.AddRecord(emulator.Record{Domain: "example.com", RR: "old", Type: "CNAME", Value: "www.example.com", Status: "DISABLE"})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{aliyun.EnvAccessKeyID[0]: srv.AccessKeyID, aliyun.EnvAccessKeySecret[0]: srv.AccessKeySecret,
		aliyun.EndpointOverrideEnv: srv.URL}
	retries := 0
	cfg, err := Client{MaxRetries: &retries}.Config(func(k string) string { return env[k] }, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	c, err := aliyun.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	z := Zones(c)
	ctx := context.Background()
	names, err := z.ZoneNames(ctx)
	if err != nil || len(names) != 1 || names[0] != "example.com" {
		t.Fatalf("ZoneNames = %v, %v", names, err)
	}
	recs, err := z.ZoneRecords(ctx, "example.com")
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]bool{}
	for _, r := range recs {
		byID[r.ID] = r.Enabled
		if r.ID == live && (r.RR != "www" || r.Type != "A" || r.Value != "203.0.113.10") {
			t.Errorf("record %s read as %+v", live, r)
		}
	}
	if len(recs) != 2 || !byID[live] || byID[paused] {
		t.Errorf("records = %+v; want %s enabled and %s disabled", recs, live, paused)
	}
	if _, err := z.ZoneRecords(ctx, "not-mine.com"); !aliyun.IsNotFound(err) {
		t.Errorf("a zone not in the account: %v, want not found", err)
	}
}
