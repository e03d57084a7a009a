package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
)

// chaosZones are the zones the chaos test spreads its records over.
var chaosZones = []string{"chaos-a.com", "chaos-b.com", "chaos-c.net", "chaos-d.cn", "chaos-e.com.cn"}

// chaosRecords is the number of records the chaos test applies: 200 under
// `make test-chaos`, fewer in the short form that `make test` runs.
func chaosRecords(t *testing.T) int {
	if v := os.Getenv("BEIAN_CHAOS_RECORDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < len(chaosZones) {
			t.Fatalf("BEIAN_CHAOS_RECORDS=%q: want a number ≥ %d", v, len(chaosZones))
		}
		return n
	}
	return 40
}

// TestAccChaos applies records across five zones while the emulator throttles 20% of the
// calls, fails 5% with 503 and adds 20 ms to each (seeded, so runs repeat). Every record
// must exist exactly once, state must match the cloud, and the next plan must be empty.
func TestAccChaos(t *testing.T) {
	n := chaosRecords(t)
	srv := startEmulator(t, chaosZones...)
	if err := srv.Control.SetFaults(emulator.Faults{ThrottleRate: 0.20, ErrorRate: 0.05, LatencyMs: 20, Seed: 20261126}); err != nil {
		t.Fatal(err)
	}
	cfg := emuProvider(srv, "max_retries = 10", "requests_per_second = 50") + testConfig(t, "records_across_zones", vars{"Zones": chaosZones, "N": n})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(s *terraform.State) error {
				inState := map[string]bool{}
				for addr, rs := range s.RootModule().Resources {
					if strings.HasPrefix(addr, "beian_dns_record.r") {
						inState[rs.Primary.ID] = true
					}
				}
				if len(inState) != n {
					return fmt.Errorf("state has %d records, want %d", len(inState), n)
				}
				seen := map[string]int{}
				total := 0
				for _, z := range chaosZones {
					for _, r := range zoneRecords(t, srv, z) {
						total++
						seen[z+"/"+r.RR]++
						if !inState[r.RecordID] {
							return fmt.Errorf("record %s %s.%s exists in the cloud but not in state (orphan)", r.RecordID, r.RR, z)
						}
					}
				}
				if total != n {
					return fmt.Errorf("the emulator has %d records, want exactly %d", total, n)
				}
				for k, c := range seen {
					if c != 1 {
						return fmt.Errorf("%s exists %d times", k, c)
					}
				}
				st, err := srv.Control.Stats()
				if err != nil {
					return err
				}
				if st.Faults["throttled"] == 0 || st.Faults["errors"] == 0 {
					return fmt.Errorf("no faults were injected (%v): the test proves nothing", st.Faults)
				}
				t.Logf("chaos apply of %d records: faults %v, calls %v", n, st.Faults, st.Calls)
				return nil
			},
		}},
		// resource.Test then plans again and fails if the plan is not empty, and destroys
		// everything under the same faults.
		CheckDestroy: func(*terraform.State) error {
			for _, z := range chaosZones {
				if recs := zoneRecords(t, srv, z); len(recs) != 0 {
					return fmt.Errorf("%d records left in %s after destroy", len(recs), z)
				}
			}
			return nil
		},
	})
}
