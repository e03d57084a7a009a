package provider

import (
	"bytes"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// TestAccCrashConvergence kills the CLI (and the provider with it) with SIGKILL in the
// middle of an apply, after some records were written, then applies again: the second
// apply must converge with every record existing exactly once, all of them in state
// (no orphans), and a plan after it must be empty.
func TestAccCrashConvergence(t *testing.T) {
	requireAcc(t)
	const n = 60
	zones := []string{"crash-a.com", "crash-b.com", "crash-c.net"}
	srv := startEmulator(t, zones...)
	// Slow the cloud down so the kill lands mid-apply: 150 ms a create at parallelism 4
	// leaves a window of about 2 s between a third of the records and all of them.
	if err := srv.Control.SetFaults(emulator.Faults{LatencyMs: 150, Actions: []string{"Alidns.AddDomainRecord"}, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	cfg := cliProvider() + testConfig(t, "records_across_zones", vars{"Zones": zones, "N": n})
	r := newCLIRun(t, srv, cfg)

	countAll := func() (int, map[string]int) {
		seen := map[string]int{}
		total := 0
		for _, z := range zones {
			for _, rec := range zoneRecords(t, srv, z) {
				total++
				seen[z+"/"+rec.RR]++
			}
		}
		return total, seen
	}

	cmd := r.command("apply", "-auto-approve", "-parallelism=4")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	written := 0
	for time.Now().Before(deadline) {
		if written, _ = countAll(); written >= n/3 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	_ = cmd.Wait()
	if written < n/3 || written >= n {
		t.Fatalf("the kill did not land mid-apply (%d of %d records written)\n%s", written, n, out.String())
	}
	t.Logf("killed the CLI after %d of %d records were written", written, n)

	// What the kill left: records the state does not hold, some of them unfinished (born
	// with the birth TTL, no ownership marker yet: their create was in flight). The next
	// apply must adopt every one of them; without any, this test would prove nothing.
	time.Sleep(500 * time.Millisecond) // the creates in flight at the kill reach the emulator
	held := r.stateIDs()
	leftovers, unfinished := 0, 0
	for _, z := range zones {
		for _, rec := range zoneRecords(t, srv, z) {
			if held[rec.RecordID] {
				continue
			}
			leftovers++
			if _, m := dnsrecord.SplitRemark(rec.Remark); m.IsZero() {
				unfinished++
			}
		}
	}
	t.Logf("the kill left %d records outside the state, %d of them unfinished (no ownership marker yet)", leftovers, unfinished)
	if leftovers == 0 {
		t.Fatalf("the kill left no record outside the state: nothing to converge")
	}

	if err := srv.Control.SetFaults(emulator.Faults{}); err != nil {
		t.Fatal(err)
	}
	code, applyOut := r.run("apply", "-auto-approve")
	if code != 0 {
		t.Fatalf("re-apply after the crash failed (exit %d):\n%s", code, applyOut)
	}
	total, seen := countAll()
	if total != n {
		t.Fatalf("after re-apply the cloud has %d records, want exactly %d", total, n)
	}
	for k, c := range seen {
		if c != 1 {
			t.Fatalf("%s exists %d times after re-apply (duplicate)", k, c)
		}
	}
	ids := r.stateIDs()
	if len(ids) != n {
		t.Fatalf("state has %d records, want %d", len(ids), n)
	}
	for _, z := range zones {
		for _, rec := range zoneRecords(t, srv, z) {
			if !ids[rec.RecordID] {
				t.Fatalf("record %s (%s.%s) is in the cloud but not in state: an orphan", rec.RecordID, rec.RR, z)
			}
		}
	}
	if !strings.Contains(applyOut, "Apply complete!") {
		t.Fatalf("unexpected re-apply output:\n%s", applyOut)
	}
	if code, planOut := r.run("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after convergence is not empty (exit %d):\n%s", code, planOut)
	}
	if code, out := r.run("destroy", "-auto-approve"); code != 0 {
		t.Fatalf("destroy: exit %d\n%s", code, out)
	}
}
