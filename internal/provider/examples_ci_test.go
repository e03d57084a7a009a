package provider

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// TestAccExamples_ciModuleTests runs examples/ci the way its README tells users to run their
// own module tests in CI: `tofu test` against beian-emulator seeded with seed.json. The
// documented path must keep working.
func TestAccExamples_ciModuleTests(t *testing.T) {
	requireAcc(t)
	cli := exampleCLI(t)
	if !cliHasProviderFunctions(t, cli) {
		t.Skip("examples/ci uses provider functions, which this CLI lacks (Terraform < 1.8 / OpenTofu < 1.7)")
	}
	srv := emulatortest.Start(t)
	seed, err := os.ReadFile(filepath.Join(examplesDir, "ci", "seed.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Emulator.LoadSeed(bytes.NewReader(seed)); err != nil {
		t.Fatalf("examples/ci/seed.json does not load: %v", err)
	}

	work := t.TempDir()
	copyExampleTree(t, examplesDir, filepath.Join(work, "examples"))
	rc := writeDevOverridesRC(t, work, providerBinDir(t))
	env := emulatorCLIEnv(rc, srv)
	dir := filepath.Join(work, "examples", "ci")
	for _, args := range [][]string{{"get"}, {"test", "-no-color"}} {
		cmd := exec.Command(cli, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s in examples/ci: %v\n%s", filepath.Base(cli), strings.Join(args, " "), err, out)
		}
		if args[0] == "test" && !strings.Contains(string(out), "1 passed, 0 failed") {
			t.Fatalf("tofu test did not pass the example's test:\n%s", out)
		}
	}
	if recs := zoneRecords(t, srv, "example.com"); len(recs) != 0 {
		t.Errorf("tofu test should destroy what it created; %d records left", len(recs))
	}
}
