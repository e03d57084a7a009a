// Command testprogress turns the event stream of `go test -json` (on stdin) into a short
// report for a person watching `make test`: one line per finished package with its counts,
// a progress line every 30 s while a package runs long (the acceptance suite takes
// minutes), the reason of every skipped test, and the complete output of every failed test
// and of every failed build. Passing tests print nothing else. It exits 1 when a test or a
// build failed, so a pipeline under `set -o pipefail` fails with it.
//
//	go test -json ./... | go run ./scripts/testprogress
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// event is one line of `go test -json`: a test event (go doc cmd/test2json) or, since
// Go 1.24, a build event (go help buildjson: ImportPath, Action build-output/build-fail).
type event struct {
	Time        time.Time
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
	ImportPath  string
}

// pkgState is what the report keeps about one package while its tests run.
type pkgState struct {
	start                   time.Time
	passed, skipped, failed int
	running                 map[string]time.Time // top-level tests started and not finished
	output                  map[string][]string  // buffered output per top-level test
	pkgOutput               []string             // output outside any test (panics, timeouts)
	skips                   map[string][]string  // skipped top-level tests by reason
}

type reporter struct {
	mu       sync.Mutex
	out      io.Writer
	now      func() time.Time
	pkgs     map[string]*pkgState
	builds   map[string][]string // build output per import path
	failed   bool
	totals   [3]int // passed, skipped, failed
	packages int
	begin    time.Time
}

func newReporter(out io.Writer, now func() time.Time) *reporter {
	return &reporter{out: out, now: now, pkgs: map[string]*pkgState{}, builds: map[string][]string{}, begin: now()}
}

func (r *reporter) pkg(name string) *pkgState {
	p := r.pkgs[name]
	if p == nil {
		p = &pkgState{start: r.now(), running: map[string]time.Time{}, output: map[string][]string{}, skips: map[string][]string{}}
		r.pkgs[name] = p
	}
	return p
}

// topLevel is the top-level test a (sub)test belongs to: "TestX/case" → "TestX".
func topLevel(test string) string {
	top, _, _ := strings.Cut(test, "/")
	return top
}

// shortPkg drops the module path so lines stay short.
func shortPkg(p string) string {
	const module = "github.com/beian-dev/terraform-provider-beian"
	if p == module {
		return "."
	}
	return strings.TrimPrefix(p, module+"/")
}

func (r *reporter) line(text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if strings.TrimSpace(text) == "" {
		return
	}
	var e event
	if !strings.HasPrefix(text, "{") || json.Unmarshal([]byte(text), &e) != nil {
		fmt.Fprintln(r.out, text) // not an event (e.g. a message of the go command): pass it on
		return
	}
	switch e.Action {
	case "build-output":
		r.builds[e.ImportPath] = append(r.builds[e.ImportPath], e.Output)
		return
	case "build-fail":
		r.failed = true
		fmt.Fprintf(r.out, "FAIL build of %s\n%s", e.ImportPath, strings.Join(r.builds[e.ImportPath], ""))
		delete(r.builds, e.ImportPath)
		return
	}
	if e.Package == "" {
		return
	}
	p := r.pkg(e.Package)
	if e.Test == "" {
		r.packageEvent(e, p)
		return
	}
	top := topLevel(e.Test)
	switch e.Action {
	case "run":
		if e.Test == top {
			p.running[top] = r.now()
		}
	case "output":
		p.output[top] = append(p.output[top], e.Output)
	case "pass", "skip", "fail":
		if e.Test != top {
			return // a subtest: its parent's result reports it
		}
		delete(p.running, top)
		out := p.output[top]
		delete(p.output, top)
		switch e.Action {
		case "pass":
			p.passed++
		case "skip":
			p.skipped++
			reason := skipReason(out)
			p.skips[reason] = append(p.skips[reason], top)
		case "fail":
			p.failed++
			r.failed = true
			fmt.Fprintf(r.out, "--- FAIL %s %s (%.1fs)\n%s", shortPkg(e.Package), top, e.Elapsed, strings.Join(out, ""))
		}
	}
}

func (r *reporter) packageEvent(e event, p *pkgState) {
	switch e.Action {
	case "output":
		p.pkgOutput = append(p.pkgOutput, e.Output)
	case "pass", "fail", "skip":
		delete(r.pkgs, e.Package)
		if e.Action != "fail" && p.passed+p.failed+p.skipped == 0 {
			return // no test files, or no test matched -run
		}
		r.packages++
		r.totals[0] += p.passed
		r.totals[1] += p.skipped
		r.totals[2] += p.failed
		status := "ok  "
		if e.Action == "fail" {
			status = "FAIL"
			r.failed = true
		}
		fmt.Fprintf(r.out, "%s %-28s %6.1fs  %s\n", status, shortPkg(e.Package), e.Elapsed, counts(p.passed, p.skipped, p.failed))
		// Skips grouped by reason: under TF_ACC unset, or a CLI without provider
		// functions, dozens of tests skip for one reason.
		for _, reason := range slices.Sorted(maps.Keys(p.skips)) {
			tests := p.skips[reason]
			names := strings.Join(tests, ", ")
			if len(tests) > 3 {
				names = fmt.Sprintf("%s and %d more", strings.Join(tests[:3], ", "), len(tests)-3)
			}
			fmt.Fprintf(r.out, "       skip %d: %s (%s)\n", len(tests), reason, names)
		}
		if e.Action == "fail" {
			// Output outside any test: a panic, a timeout, a TestMain failure, and the
			// output of tests that never finished (a timeout stops them mid-run).
			var rest []string
			for _, l := range p.pkgOutput {
				if t := strings.TrimSpace(l); t != "FAIL" && !strings.HasPrefix(t, "FAIL\t") && !strings.HasPrefix(t, "ok ") {
					rest = append(rest, l)
				}
			}
			for _, name := range slices.Sorted(maps.Keys(p.output)) {
				rest = append(rest, fmt.Sprintf("--- %s did not finish:\n", name))
				rest = append(rest, p.output[name]...)
			}
			fmt.Fprint(r.out, strings.Join(rest, ""))
			if e.FailedBuild != "" && len(r.builds[e.FailedBuild]) > 0 {
				fmt.Fprint(r.out, strings.Join(r.builds[e.FailedBuild], ""))
			}
		}
	}
}

func counts(passed, skipped, failed int) string {
	s := fmt.Sprintf("%d passed", passed)
	if skipped > 0 {
		s += fmt.Sprintf(", %d skipped", skipped)
	}
	if failed > 0 {
		s += fmt.Sprintf(", %d FAILED", failed)
	}
	return s
}

// skipReason is the message of t.Skip: the last output line before "--- SKIP", without
// its file:line prefix.
func skipReason(out []string) string {
	for i := len(out) - 1; i >= 0; i-- {
		l := strings.TrimSpace(out[i])
		if l == "" || strings.HasPrefix(l, "--- SKIP") || strings.HasPrefix(l, "=== ") {
			continue
		}
		if _, msg, ok := strings.Cut(l, ": "); ok && strings.Contains(l[:strings.Index(l, ": ")], ".go:") {
			l = msg
		}
		if len(l) > 140 {
			l = l[:137] + "..."
		}
		return l
	}
	return "(no reason given)"
}

// heartbeat prints, for each package that has run longer than every, how far it got and
// which top-level tests are running (longest first).
func (r *reporter) heartbeat(every time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for _, name := range slices.Sorted(maps.Keys(r.pkgs)) {
		p := r.pkgs[name]
		if now.Sub(p.start) < every || len(p.running) == 0 {
			continue
		}
		tests := slices.SortedFunc(maps.Keys(p.running), func(a, b string) int { return p.running[a].Compare(p.running[b]) })
		shown := tests
		if len(shown) > 3 {
			shown = shown[:3]
		}
		more := ""
		if len(tests) > len(shown) {
			more = fmt.Sprintf(" and %d more", len(tests)-len(shown))
		}
		fmt.Fprintf(r.out, "...  %-28s %6.0fs  %s so far; running %s%s\n", shortPkg(name), now.Sub(p.start).Seconds(),
			counts(p.passed, p.skipped, p.failed), strings.Join(shown, ", "), more)
	}
}

func (r *reporter) summary() {
	r.mu.Lock()
	defer r.mu.Unlock()
	verdict := "PASS"
	if r.failed {
		verdict = "FAIL"
	}
	fmt.Fprintf(r.out, "%s: %d packages, %s in %s\n", verdict, r.packages, counts(r.totals[0], r.totals[1], r.totals[2]),
		r.now().Sub(r.begin).Round(time.Second))
}

func run(in io.Reader, out io.Writer, every time.Duration) bool {
	r := newReporter(out, time.Now)
	done := make(chan struct{})
	if every > 0 {
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					r.heartbeat(every)
				case <-done:
					return
				}
			}
		}()
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		r.line(sc.Text())
	}
	close(done)
	if err := sc.Err(); err != nil {
		fmt.Fprintf(out, "testprogress: reading the test events: %v\n", err)
		r.failed = true
	}
	r.summary()
	return !r.failed
}

func main() {
	if !run(os.Stdin, os.Stdout, 30*time.Second) {
		os.Exit(1)
	}
}
