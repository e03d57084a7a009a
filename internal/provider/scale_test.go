package provider

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// BenchmarkScale1000Records measures what users feel with 1,000 records in one zone (a
// different count with BEIAN_BENCH_RECORDS): the wall time of apply, of a refreshing plan
// and of destroy, the API calls by action, and the provider's peak RSS, through the real
// CLI and the real provider binary against the emulator. `make bench` runs it once
// (-benchtime=1x) for BENCHMARKS.md; it is an acceptance benchmark, skipped without TF_ACC.
//
// Each step is a sub-benchmark: ns/op is the step's wall time; b.ReportMetric adds the API
// calls of one step (calls/op), of each action (<Product.Action>/op) and the provider's
// peak RSS (peak-RSS-MiB, the largest of the runs); a BENCH log line per run says the same
// in words. The API call counts do not depend on the machine and are asserted: a refresh
// lists the zone once, ceil(N/500) pages, and reads no record on its own. When the
// framework runs a step more than once, the state it needs (applied for plan and destroy,
// empty for apply) is restored between runs off the clock.
func BenchmarkScale1000Records(b *testing.B) {
	requireAcc(b)
	n := 1000
	if v := os.Getenv("BEIAN_BENCH_RECORDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("BEIAN_BENCH_RECORDS=%q: want a positive number", v)
		}
	}
	srv := startEmulator(b, "scale.example.com")
	r := newCLIRun(b, srv, cliProvider()+testConfig(b, "records_in_one_zone", vars{"Domain": "scale.example.com", "N": n}))
	apply := []string{"apply", "-auto-approve", "-parallelism=10"}
	destroy := []string{"destroy", "-auto-approve", "-parallelism=10"}
	applied := false
	// need brings the state to applied (true) or empty (false), off the clock.
	need := func(b *testing.B, want bool) {
		b.Helper()
		if applied == want {
			return
		}
		b.StopTimer()
		if want {
			mustRun(b, r, apply...)
		} else {
			mustRun(b, r, destroy...)
		}
		applied = want
		b.StartTimer()
	}

	b.Run("apply", func(b *testing.B) {
		var m scaleMetrics
		for range b.N {
			need(b, false)
			m.add(measureStep(b, srv, r, "apply (create)", n, apply...))
			applied = true
		}
		m.report(b)
	})
	b.Run("plan_refresh", func(b *testing.B) {
		var m scaleMetrics
		for range b.N {
			need(b, true)
			step := measureStep(b, srv, r, "plan (refresh)", n, "plan", "-detailed-exitcode")
			m.add(step)
			pages := (n + 499) / 500
			if got := step.calls["Alidns.DescribeDomainRecords"]; got != pages {
				b.Errorf("refresh listed the zone with %d calls, want %d (one listing of %d pages)", got, pages, pages)
			}
			if step.calls["Alidns.DescribeDomainRecordInfo"]+step.calls["Alidns.DescribeSubDomainRecords"] != 0 {
				b.Errorf("refresh made per-record reads")
			}
		}
		m.report(b)
	})
	b.Run("destroy", func(b *testing.B) {
		var m scaleMetrics
		for range b.N {
			need(b, true)
			m.add(measureStep(b, srv, r, "destroy", n, destroy...))
			applied = false
		}
		m.report(b)
	})
}

// scaleStep is what one CLI command of the scale benchmark cost.
type scaleStep struct {
	calls map[string]int // API calls by "Product.Action"
	peak  int64          // the provider's peak RSS, bytes
}

// scaleMetrics sums the steps of one sub-benchmark for b.ReportMetric.
type scaleMetrics struct {
	runs  int
	calls map[string]int
	peak  int64
}

// add counts one run of the step.
func (m *scaleMetrics) add(s scaleStep) {
	if m.calls == nil {
		m.calls = map[string]int{}
	}
	m.runs++
	for k, v := range s.calls {
		m.calls[k] += v
	}
	m.peak = max(m.peak, s.peak)
}

// report reports the calls per run, by action and in all, and the largest peak RSS.
func (m *scaleMetrics) report(b *testing.B) {
	if m.runs == 0 {
		return
	}
	total := 0
	for k, v := range m.calls {
		b.ReportMetric(float64(v)/float64(m.runs), k+"/op")
		total += v
	}
	b.ReportMetric(float64(total)/float64(m.runs), "calls/op")
	b.ReportMetric(float64(m.peak)/(1<<20), "peak-RSS-MiB")
}

// measureStep runs one CLI command of the scale benchmark on the clock, with the API call
// counts reset and the provider's RSS watched off it, and logs its BENCH line. Every step
// must exit 0: plan -detailed-exitcode exits 2 when there are changes, and after the apply
// there must be none.
func measureStep(b *testing.B, srv *emulatortest.Server, r *cliRun, name string, n int, args ...string) scaleStep {
	b.Helper()
	b.StopTimer()
	if err := srv.Control.ResetStats(); err != nil {
		b.Fatal(err)
	}
	rss := watchProviderRSS()
	b.StartTimer()
	start := time.Now()
	code, out := r.run(args...)
	wall := time.Since(start)
	b.StopTimer()
	defer b.StartTimer()
	peak := rss()
	if code != 0 {
		b.Fatalf("%s: exit %d\n%s", name, code, lastLines(out, 40))
	}
	calls := stats(b, srv)
	keys := make([]string, 0, len(calls))
	total := 0
	for k, v := range calls {
		keys = append(keys, fmt.Sprintf("%s=%d", k, v))
		total += v
	}
	sort.Strings(keys)
	b.Logf("BENCH %s (%d records): wall %.1fs, provider peak RSS %.1f MiB, %d API calls: %s",
		name, n, wall.Seconds(), float64(peak)/(1<<20), total, strings.Join(keys, " "))
	return scaleStep{calls: calls, peak: peak}
}

// mustRun runs a CLI command that must succeed (off the clock: the caller stops it).
func mustRun(b *testing.B, r *cliRun, args ...string) {
	b.Helper()
	if code, out := r.run(args...); code != 0 {
		b.Fatalf("%v: exit %d\n%s", args, code, lastLines(out, 40))
	}
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

// vmHWM reads the peak resident set (VmHWM) from a /proc/<pid>/status file, in bytes; 0
// when it cannot.
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

// BenchmarkPlanUnchanged compares what users wait for in the most common command — a
// plan that changes nothing — with the CLI's floor: a refreshing plan of N (default
// 1,000, BEIAN_BENCH_RECORDS) applied beian_dns_record resources against one of N
// terraform_data resources (built into the CLI, no provider), through the same CLI
// (TF_ACC_TERRAFORM_PATH), in the same run, interleaved so that the machine's load hits
// both alike. Each iteration plans both once. The metrics are the median wall times
// (records-s, terraform_data-s) and their ratio (ratio, the figure BENCHMARKS.md gives;
// target ≤ 1.1), and the median CPU time of each command — the CLI and the provider
// process it starts, user + system — and their ratio (cpu-ratio), which a loaded machine
// disturbs less than the wall time. `-benchtime=5x` gives five pairs. An acceptance
// benchmark: skipped without TF_ACC, never a timed test.
//
// Two sets of records: on documentation addresses (203.0.113.0/24), which the guard
// cannot place and re-judges at every plan as one "cannot classify" warning each — 1,000
// warnings the CLI renders —, and on addresses of AWS Hong Kong (16.162.1.0/24), which the
// location data places offshore: no finding, the plan a user with a clean configuration sees.
func BenchmarkPlanUnchanged(b *testing.B) {
	b.Run("documentation_addresses", func(b *testing.B) { benchPlanUnchanged(b, "203.0.113") })
	b.Run("offshore_addresses", func(b *testing.B) { benchPlanUnchanged(b, "16.162.1") })
}

// benchPlanUnchanged is BenchmarkPlanUnchanged for records on prefix.1 … prefix.250.
func benchPlanUnchanged(b *testing.B, prefix string) {
	requireAcc(b)
	n := 1000
	if v := os.Getenv("BEIAN_BENCH_RECORDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("BEIAN_BENCH_RECORDS=%q: want a positive number", v)
		}
	}
	srv := startEmulator(b, "scale.example.com")
	recs := newCLIRun(b, srv, cliProvider()+testConfig(b, "records_on_prefix", vars{"Domain": "scale.example.com", "N": n, "Prefix": prefix}))
	// The baseline needs no provider: a directory of its own, without the beian provider
	// (whose schema the CLI would otherwise load).
	data := &cliRun{t: b, cli: recs.cli, dir: b.TempDir(), env: recs.env}
	writeTestFile(b, data.dir, "main.tf", testConfig(b, "terraform_data_n", vars{"N": n}))
	b.StopTimer()
	mustRun(b, recs, "apply", "-auto-approve", "-parallelism=10", "-input=false")
	mustRun(b, data, "apply", "-auto-approve", "-parallelism=10", "-input=false")
	var wallRecs, wallData, cpuRecs, cpuData []float64
	plan := func(r *cliRun) (wall, cpu float64) {
		cmd := r.command("plan", "-input=false", "-no-color", "-detailed-exitcode")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		err := cmd.Run() // -detailed-exitcode: 0 only when nothing changes
		wall = time.Since(start).Seconds()
		if err != nil {
			b.Fatalf("plan in %s: %v\n%s", r.dir, err, lastLines(out.String(), 40))
		}
		// The CLI's CPU time includes the provider's: the CLI waits for the process it starts.
		return wall, (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds()
	}
	b.StartTimer()
	for i := range b.N {
		order := []*cliRun{recs, data}
		if i%2 == 1 { // alternate which goes first
			order = []*cliRun{data, recs}
		}
		for _, r := range order {
			w, c := plan(r)
			if r == recs {
				wallRecs, cpuRecs = append(wallRecs, w), append(cpuRecs, c)
			} else {
				wallData, cpuData = append(wallData, w), append(cpuData, c)
			}
		}
	}
	b.StopTimer()
	wr, wd, cr, cd := median(wallRecs), median(wallData), median(cpuRecs), median(cpuData)
	b.ReportMetric(wr, "records-s")
	b.ReportMetric(wd, "terraform_data-s")
	b.ReportMetric(wr/wd, "ratio")
	b.ReportMetric(cr, "records-cpu-s")
	b.ReportMetric(cd, "terraform_data-cpu-s")
	b.ReportMetric(cr/cd, "cpu-ratio")
	b.Logf("BENCH plan of %d unchanged records on %s.x: wall median %.2fs %.2f, CPU median %.2fs %.2f; %d terraform_data: wall median %.2fs %.2f, CPU median %.2fs %.2f; ratio wall %.3f, CPU %.3f",
		n, prefix, wr, wallRecs, cr, cpuRecs, n, wd, wallData, cd, cpuData, wr/wd, cr/cd)
}

// median is the median of xs (not empty).
func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
