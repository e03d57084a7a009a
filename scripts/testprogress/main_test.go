package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A stream as `go test -json` writes it for two packages: one passes with a skipped test,
// the other fails in a subtest.
const stream = `{"Action":"start","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp"}
{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestParse"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestParse","Output":"=== RUN   TestParse\n"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestParse","Output":"    parse_test.go:12: a chatty log line nobody needs\n"}
{"Action":"pass","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestParse","Elapsed":0.01}
{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestAccNeedsCLI"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestAccNeedsCLI","Output":"    acc_test.go:40: acceptance test: set TF_ACC=1\n"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestAccNeedsCLI","Output":"--- SKIP: TestAccNeedsCLI (0.00s)\n"}
{"Action":"skip","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Test":"TestAccNeedsCLI","Elapsed":0}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Output":"ok  \tgithub.com/beian-dev/terraform-provider-beian/internal/icp\t0.02s\n"}
{"Action":"pass","Package":"github.com/beian-dev/terraform-provider-beian/internal/icp","Elapsed":0.02}
{"Action":"start","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider"}
{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestGuard"}
{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestGuard/mainland"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestGuard/mainland","Output":"    guard_test.go:77: want an error for 47.96.10.20, got none\n"}
{"Action":"fail","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestGuard/mainland","Elapsed":0.5}
{"Action":"fail","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestGuard","Elapsed":0.6}
{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestHangs"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestHangs","Output":"    hangs_test.go:9: waiting for the emulator\n"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Output":"panic: test timed out after 45m0s\n"}
{"Action":"output","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Output":"FAIL\tgithub.com/beian-dev/terraform-provider-beian/internal/provider\t2700.1s\n"}
{"Action":"fail","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Elapsed":2700.1}
{"Action":"skip","Package":"github.com/beian-dev/terraform-provider-beian/cmd/nothing","Output":"?   \tgithub.com/beian-dev/terraform-provider-beian/cmd/nothing\t[no test files]\n"}
`

func TestReportShowsFailuresAndSkipsOnly(t *testing.T) {
	var out bytes.Buffer
	ok := run(strings.NewReader(stream), &out, 0)
	got := out.String()
	if ok {
		t.Errorf("a failed test must make the run fail; report:\n%s", got)
	}
	for _, want := range []string{
		"ok   internal/icp",
		"1 passed, 1 skipped",
		"skip 1: acceptance test: set TF_ACC=1 (TestAccNeedsCLI)",
		"--- FAIL internal/provider TestGuard (0.6s)",
		"guard_test.go:77: want an error for 47.96.10.20, got none", // the failed subtest's output
		"FAIL internal/provider",
		"panic: test timed out after 45m0s", // package-level output of a failed package
		"--- TestHangs did not finish:",
		"hangs_test.go:9: waiting for the emulator",
		"FAIL: 2 packages, 1 passed, 1 skipped, 1 FAILED",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"a chatty log line", "no test files", "cmd/nothing"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("report shows %q, which only a failure should show:\n%s", unwanted, got)
		}
	}
}

func TestReportPassesAndBuildFailures(t *testing.T) {
	pass := `{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0.1}
{"Action":"pass","Package":"p","Elapsed":0.1}
`
	var out bytes.Buffer
	if !run(strings.NewReader(pass), &out, 0) {
		t.Errorf("all tests passed, the run must pass:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "PASS: 1 packages, 1 passed") {
		t.Errorf("summary missing:\n%s", out.String())
	}

	build := `{"ImportPath":"example.com/m/p [example.com/m/p.test]","Action":"build-output","Output":"# example.com/m/p\n"}
{"ImportPath":"example.com/m/p [example.com/m/p.test]","Action":"build-output","Output":"p/x.go:3:1: syntax error: non-declaration statement outside function body\n"}
{"ImportPath":"example.com/m/p [example.com/m/p.test]","Action":"build-fail"}
{"Action":"start","Package":"example.com/m/p"}
{"Action":"output","Package":"example.com/m/p","Output":"FAIL\texample.com/m/p [build failed]\n"}
{"Action":"fail","Package":"example.com/m/p","Elapsed":0,"FailedBuild":"example.com/m/p [example.com/m/p.test]"}
not json: a line of the go command
`
	out.Reset()
	if run(strings.NewReader(build), &out, 0) {
		t.Errorf("a build failure must fail the run:\n%s", out.String())
	}
	for _, want := range []string{"syntax error: non-declaration statement", "FAIL example.com/m/p", "not json: a line of the go command"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestHeartbeatNamesLongRunningTests(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := newReporter(&out, func() time.Time { return clock })
	r.line(`{"Action":"start","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider"}`)
	r.line(`{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestAccChaos"}`)
	r.line(`{"Action":"run","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestA"}`)
	r.line(`{"Action":"pass","Package":"github.com/beian-dev/terraform-provider-beian/internal/provider","Test":"TestA","Elapsed":1}`)
	r.heartbeat(30 * time.Second)
	if out.Len() != 0 {
		t.Errorf("no progress line before the package has run 30 s: %q", out.String())
	}
	clock = clock.Add(95 * time.Second)
	r.heartbeat(30 * time.Second)
	if got := out.String(); !strings.Contains(got, "internal/provider") || !strings.Contains(got, "95s") ||
		!strings.Contains(got, "1 passed so far; running TestAccChaos") {
		t.Errorf("progress line = %q", got)
	}
}
