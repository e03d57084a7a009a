package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// cliRun is a Terraform/OpenTofu working directory driven like a user would, with the
// provider built from this tree installed through a dev_overrides CLI configuration.
type cliRun struct {
	t   *testing.T
	cli string
	dir string
	env []string
}

func newCLIRun(t *testing.T, srv *emulatortest.Server, config string) *cliRun {
	t.Helper()
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		t.Skip("TF_ACC_TERRAFORM_PATH is not set (make testacc sets it)")
	}
	bin := t.TempDir()
	buildExampleProvider(t, bin)
	dir := t.TempDir()
	rc := writeDevOverridesRC(t, dir, bin)
	main := `terraform {
  required_providers {
    beian = { source = "beian-dev/beian" }
  }
}
` + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(exampleCLIEnv(rc), "TF_INPUT=0",
		"BEIAN_ENDPOINT_OVERRIDE="+srv.URL,
		"ALIBABA_CLOUD_ACCESS_KEY_ID="+srv.AccessKeyID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET="+srv.AccessKeySecret)
	return &cliRun{t: t, cli: cli, dir: dir, env: env}
}

func (r *cliRun) command(args ...string) *exec.Cmd {
	cmd := exec.Command(r.cli, args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	return cmd
}

// run runs the CLI to completion and returns its exit code and output.
func (r *cliRun) run(args ...string) (int, string) {
	r.t.Helper()
	var out bytes.Buffer
	cmd := r.command(args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		r.t.Fatalf("%s %v: %v", r.cli, args, err)
	}
	return 0, out.String()
}

// stateIDs returns the IDs of the beian_dns_record instances in the working dir's state.
func (r *cliRun) stateIDs() map[string]bool {
	r.t.Helper()
	code, out := r.run("show", "-json")
	if code != 0 {
		r.t.Fatalf("show -json: exit %d\n%s", code, out)
	}
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Type   string `json:"type"`
					Values struct {
						ID string `json:"id"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		r.t.Fatalf("show -json: %v\n%s", err, out)
	}
	ids := map[string]bool{}
	for _, res := range st.Values.RootModule.Resources {
		if res.Type == "beian_dns_record" {
			ids[res.Values.ID] = true
		}
	}
	return ids
}

// TestAccCrashConvergence kills the CLI (and the provider with it) with SIGKILL in the
// middle of an apply, after some records were written, then applies again: the second
// apply must converge with every record existing exactly once, all of them in state
// (no orphans), and a plan after it must be empty.
func TestAccCrashConvergence(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	const n = 60
	zones := chaosZones[:3]
	srv := startEmulator(t, zones...)
	// Slow the cloud down so the kill lands mid-apply: 150 ms a create at parallelism 4
	// leaves a window of about 2 s between a third of the records and all of them.
	if err := srv.Control.SetFaults(emulator.Faults{LatencyMs: 150, Actions: []string{"Alidns.AddDomainRecord"}, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`
provider "beian" {
  requests_per_second = 0
}
locals {
  zones = %s
}
resource "beian_dns_record" "r" {
  count  = %d
  domain = local.zones[count.index %% length(local.zones)]
  rr     = "node-${count.index}"
  type   = "A"
  value  = "203.0.113.${count.index %% 250 + 1}"
}
`, hclList(zones), n)
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
