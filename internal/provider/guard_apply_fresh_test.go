package provider

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Path 7's variant of the guard issue, through the CLI: a mainland server created earlier
// in the same apply must be found when a later record to it is written. The first record
// asks the account about the address (not held yet: the location data calls it offshore,
// so it is allowed and written); then a server with that address appears in cn-hangzhou
// (a local-exec stands in for alicloud_instance, adding it through the emulator's control
// API); the second record to the same address is judged at apply with the account asked
// again — a kept "not found" would let it through.
func TestAccGuardPath_serverCreatedEarlierInTheSameApply(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc does)")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is needed to stand in for the server's creation")
	}
	const ip = "8.130.1.1" // Alibaba Cloud address space the location data places outside the mainland
	srv := guardEmulator(t)
	run := newCLIRun(t, srv, fmt.Sprintf(`provider "beian" {
  requests_per_second = 0
  rir_sources         = []
}

resource "beian_dns_record" "first" {
  domain = "example.com"
  rr     = "first"
  type   = "A"
  value  = %[1]q
}

# Stands in for alicloud_instance: the server with that address is created in cn-hangzhou
# after the first record was judged.
resource "terraform_data" "server" {
  depends_on = [beian_dns_record.first]
  input      = %[1]q

  provisioner "local-exec" {
    command = "curl -fsS -X POST -H 'Content-Type: application/json' -d '{\"kind\":\"ecs\",\"region\":\"cn-hangzhou\",\"ip\":\"%[1]s\",\"id\":\"i-bp1createdinapply01\"}' %[2]s/_emulator/servers"
  }
}

resource "beian_dns_record" "second" {
  domain = "example.com"
  rr     = "second"
  type   = "A"
  value  = terraform_data.server.output
}
`, ip, srv.URL))
	code, out := run.run("apply", "-auto-approve", "-no-color", "-input=false")
	flat := strings.Join(strings.Fields(out), " ")
	if code == 0 || !strings.Contains(flat, "ICP filing (备案) required: second.example.com → "+ip) ||
		!strings.Contains(flat, "i-bp1createdinapply01 in cn-hangzhou") {
		t.Fatalf("apply: exit %d, want the second record blocked by the server created in the same apply\n%s", code, lastLines(out, 50))
	}
	recs := zoneRecords(t, srv, "example.com")
	if countRecords(recs, "first", "A", ip) != 1 || countRecords(recs, "second", "A", ip) != 0 {
		t.Errorf("records after the apply: %+v; want first written, second not", recs)
	}
}
