package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// The quickstart (icp-site module: domain, @ and www records, filing check, footer check,
// readiness) once applied: a plan that changes nothing costs exactly these 6 API calls. The
// account scan used to cost 1 + 3 per region (89 calls) on every plan.
func TestAccQuickstart_noChangePlanCalls(t *testing.T) {
	t.Parallel() // its own emulator and working directory, no process-wide state
	requireAcc(t)
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("the quickstart uses provider functions (Terraform ≥ 1.8 / OpenTofu ≥ 1.7)")
	}
	srv := startEmulator(t)
	seed, err := os.Open(filepath.Join(examplesDir, "quickstart", "emulator-seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer seed.Close()
	if err := srv.Emulator.LoadSeed(seed); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备2026000001号", SiteRecordNum: "浙ICP备2026000001号-1"}); err != nil {
		t.Fatal(err)
	}
	tree := t.TempDir()
	copyExampleTree(t, examplesDir, tree)
	run := newCLIRun(t, srv, "")
	run.dir = filepath.Join(tree, "quickstart")
	// Under dev_overrides the CLI needs no init: `get` fetches the local module.
	for _, args := range [][]string{{"get", "-no-color"}, {"apply", "-auto-approve", "-no-color", "-var", `rir_sources=[]`}} {
		if code, out := run.run(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, lastLines(out, 60))
		}
	}
	if err := srv.Control.ResetStats(); err != nil {
		t.Fatal(err)
	}
	code, out := run.run("plan", "-detailed-exitcode", "-no-color", "-var", `rir_sources=[]`)
	if code != 0 {
		t.Fatalf("no-change plan: exit %d (2 = changes)\n%s", code, lastLines(out, 60))
	}
	calls := stats(t, srv)
	t.Logf("quickstart no-change plan: %d API calls %v", callsTotal(calls), calls)
	checkCalls(t, "quickstart no-change plan", calls, map[string]int{
		"Domain.QueryDomainByDomainName":     1,
		"BssOpenApi.QueryAvailableInstances": 1,
		"Alidns.DescribeDomainRecords":       1,
		"Companyreg.QuerySuccessIcpData":     1,
		"ResourceCenter.SearchResources":     1,
		"Ecs.DescribeInstances":              1,
	}, map[string]string{
		"Domain.QueryDomainByDomainName":     "beian_domain's refresh",
		"BssOpenApi.QueryAvailableInstances": "beian_domain's auto_renew read back from billing",
		"Alidns.DescribeDomainRecords":       "the refresh of the @ and www records: one listing of the zone for both",
		"Companyreg.QuerySuccessIcpData":     "the filing of example.com, read once for beian_filing, beian_readiness and the ICP guard",
		"ResourceCenter.SearchResources":     "server_ip 47.96.10.20 found in the account's one listing of its servers, for beian_readiness and the ICP guard",
		"Ecs.DescribeInstances":              "the billing of the ECS instance behind server_ip, for beian_readiness's server_eligible",
	})
}
