package provider

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestScale1000Records measures what users feel with 1,000 records in one zone: wall time
// of apply and of a refreshing plan, the API calls by action, and the provider's peak
// RSS, through the real CLI and the real provider binary against the emulator. It runs
// only under `make bench` (BEIAN_BENCH=1): the figures go to BENCHMARKS.md, they are not
// asserted against a clock. The API call counts are asserted: they do not depend on the
// machine.
func TestScale1000Records(t *testing.T) {
	if os.Getenv("BEIAN_BENCH") == "" {
		t.Skip("scale measurement: run with make bench (BEIAN_BENCH=1)")
	}
	n := 1000
	if v := os.Getenv("BEIAN_BENCH_RECORDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("BEIAN_BENCH_RECORDS=%q: want a positive number", v)
		}
	}
	srv := startEmulator(t, "scale.example.com")
	cfg := fmt.Sprintf(`
provider "beian" {
  requests_per_second = 0
}
resource "beian_dns_record" "r" {
  count  = %d
  domain = "scale.example.com"
  rr     = "node-${count.index}"
  type   = "A"
  value  = "203.0.113.${count.index %% 250 + 1}"
}
`, n)
	r := newCLIRun(t, srv, cfg)

	measure := func(name string, args ...string) {
		t.Helper()
		if err := srv.Control.ResetStats(); err != nil {
			t.Fatal(err)
		}
		rss := watchProviderRSS()
		start := time.Now()
		code, out := r.run(args...)
		wall := time.Since(start)
		peak := rss()
		// plan -detailed-exitcode exits 2 when there are changes: after the apply there
		// must be none, so every step has to exit 0.
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", name, code, out)
		}
		calls := stats(t, srv)
		keys := make([]string, 0, len(calls))
		total := 0
		for k, v := range calls {
			keys = append(keys, fmt.Sprintf("%s=%d", k, v))
			total += v
		}
		sort.Strings(keys)
		t.Logf("BENCH %s (%d records): wall %.1fs, provider peak RSS %.1f MiB, %d API calls: %s",
			name, n, wall.Seconds(), float64(peak)/(1<<20), total, strings.Join(keys, " "))
		if name == "plan (refresh)" {
			pages := (n + 499) / 500
			if got := calls["Alidns.DescribeDomainRecords"]; got != pages {
				t.Errorf("refresh listed the zone with %d calls, want %d (one listing of %d pages)", got, pages, pages)
			}
			if calls["Alidns.DescribeDomainRecordInfo"]+calls["Alidns.DescribeSubDomainRecords"] != 0 {
				t.Errorf("refresh made per-record reads")
			}
		}
	}
	measure("apply (create)", "apply", "-auto-approve", "-parallelism=10")
	measure("plan (refresh)", "plan", "-detailed-exitcode")
	measure("destroy", "destroy", "-auto-approve", "-parallelism=10")
}

// watchProviderRSS samples the peak resident set (VmHWM) of running provider processes
// until the returned func is called, and returns the largest value seen, in bytes.
func watchProviderRSS() func() int64 {
	var mu sync.Mutex
	var peak int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			matches, _ := filepath.Glob("/proc/[0-9]*/cmdline")
			for _, m := range matches {
				b, err := os.ReadFile(m)
				if err != nil || !strings.Contains(string(b), "terraform-provider-beian") {
					continue
				}
				if v := vmHWM(filepath.Join(filepath.Dir(m), "status")); v > 0 {
					mu.Lock()
					if v > peak {
						peak = v
					}
					mu.Unlock()
				}
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	}()
	return func() int64 {
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

func vmHWM(status string) int64 {
	f, err := os.Open(status)
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := s.Text(); strings.HasPrefix(line, "VmHWM:") {
			fields := strings.Fields(line)
			if len(fields) >= 2 {
				kb, _ := strconv.ParseInt(fields[1], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}
