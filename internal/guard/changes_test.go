package guard

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// filedCom is an ICP source under which filed.com is filed and nothing else is.
var filedCom = fakeFilings{"filed.com": {Domain: "filed.com", Status: icp.Approved, ICPNumber: "浙ICP备2026000009号"}}

// planned is a record of a change.
func planned(name, typ, value, id string) *PlannedRecord {
	return &PlannedRecord{Record: rec(name, typ, value), ID: id}
}

// blocking returns the summaries of the findings of js that block, sorted and distinct.
func blocking(js ...Judgement) []string {
	var out []string
	for _, j := range js {
		for _, f := range j.Findings {
			if f.Blocks && !slices.Contains(out, f.Summary) {
				out = append(out, f.Summary)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Re-pointing a shared origin: a name of the account that CNAMEs into the changed name
// is judged for its own registrable domain; the error names the chain, on the change.
func TestJudgeChangeJudgesNamesThatReachTheRecord(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{
		"example.com": {{"x3", "CNAME", "origin3.filed.com"}, {"deep", "CNAME", "x3.example.com"}},
		"filed.com":   {{"origin3", "A", hkIP}},
	}}
	g, _ := newTestGuard(t, EnforceError, zones, filedCom)
	ctx := context.Background()
	j := g.JudgeChange(ctx, Change{Old: planned("origin3.filed.com", "A", hkIP, "filed.com/0"), New: planned("origin3.filed.com", "A", hzIP, "filed.com/0")}, Plan)
	want := []string{
		"ICP filing (备案) required: deep.example.com → x3.example.com → origin3.filed.com → 47.96.10.20 is a mainland-China server",
		"ICP filing (备案) required: x3.example.com → origin3.filed.com → 47.96.10.20 is a mainland-China server",
	}
	if got := blocking(j); !slices.Equal(got, want) {
		t.Fatalf("re-pointing origin3: blocking %q, want %q", got, want)
	}
	for _, f := range j.Findings {
		if f.Severity != Error || !strings.Contains(f.Detail, "This change turns origin3.filed.com (A 47.242.10.20) into origin3.filed.com (A 47.96.10.20)") ||
			!strings.Contains(f.Detail, "The registrable domain example.com has no approved ICP filing") {
			t.Errorf("finding: %+v", f)
		}
	}
	// Judged alone (Judge), the origin itself is allowed: its own domain is filed.
	if j := g.Judge(ctx, rec("origin3.filed.com", "A", hzIP), Plan); !j.Allowed() {
		t.Errorf("origin3 judged alone: %+v", j.Findings)
	}
	// Already live on a mainland server before the change: not caused by it.
	g2, _ := newTestGuard(t, EnforceError, &fakeZones{zones: map[string][][3]string{
		"example.com": {{"x3", "CNAME", "origin3.filed.com"}},
		"filed.com":   {{"origin3", "A", hzIP}},
	}}, filedCom)
	if j := g2.JudgeChange(ctx, Change{Old: planned("origin3.filed.com", "A", hzIP, "filed.com/0"), New: planned("origin3.filed.com", "A", hzIP, "filed.com/0")}, Plan); !j.Allowed() {
		t.Errorf("a chain already on the mainland is not new: %+v", j.Findings)
	}
}

// The verdict does not depend on the order of the calls: a CNAME and its target, both
// created in the run, judged in either order (and concurrently) give the same errors.
func TestJudgeChangeOrderIndependence(t *testing.T) {
	ctx := context.Background()
	cname := Change{New: planned("x3.example.com", "CNAME", "target3.filed.com", "")}
	target := Change{New: planned("target3.filed.com", "A", hzIP, "")}
	want := []string{"ICP filing (备案) required: x3.example.com → target3.filed.com → 47.96.10.20 is a mainland-China server"}
	for _, order := range [][]Change{{cname, target}, {target, cname}} {
		zones := &fakeZones{zones: map[string][][3]string{"example.com": nil, "filed.com": nil}}
		g, _ := newTestGuard(t, EnforceError, zones, filedCom)
		var js []Judgement
		for _, ch := range order {
			js = append(js, g.JudgeChange(ctx, ch, Plan))
		}
		if got := blocking(js...); !slices.Equal(got, want) {
			t.Errorf("order %s first: blocking %q, want %q", order[0].New.Name, got, want)
		}
		if calls := zones.calls; calls["names"] != 1 || calls["example.com"] != 1 || calls["filed.com"] != 1 {
			t.Errorf("zone calls %v: want each zone listed once a run", calls)
		}
	}
	for range 20 {
		g, _ := newTestGuard(t, EnforceError, &fakeZones{zones: map[string][][3]string{"example.com": nil, "filed.com": nil}}, filedCom)
		js := make([]Judgement, 2)
		var wg sync.WaitGroup
		for i, ch := range []Change{cname, target} {
			wg.Add(1)
			go func() { defer wg.Done(); js[i] = g.JudgeChange(ctx, ch, Apply) }()
		}
		wg.Wait()
		if got := blocking(js...); !slices.Equal(got, want) {
			t.Fatalf("concurrently: blocking %q, want %q", got, want)
		}
	}
	// The batch form registers all first: both records carry the chain.
	g, _ := newTestGuard(t, EnforceError, &fakeZones{zones: map[string][][3]string{"example.com": nil, "filed.com": nil}}, filedCom)
	js := g.JudgeChanges(ctx, []Change{cname, target}, Plan)
	if js[0].Allowed() || js[1].Allowed() || !slices.Equal(blocking(js...), want) {
		t.Errorf("JudgeChanges: %+v", js)
	}
	// Judge does not see the run's changes: an unchanged record's warnings are about the
	// account as it is, whatever was planned before it.
	if j := g.Judge(ctx, rec("x3.example.com", "CNAME", "target3.filed.com"), Unchanged); len(j.Findings) != 1 || j.Findings[0].Kind != KindUnfollowed {
		t.Errorf("Judge after the changes: %+v", j.Findings)
	}
}

// A record deleted in the run: a name that reached it is answered by the zone's
// wildcard, on a mainland server.
func TestJudgeChangeDeleteLetsAWildcardAnswer(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{
		"example.com": {{"x", "CNAME", "t.filed.com"}},
		"filed.com":   {{"*", "A", hzIP}, {"t", "A", hkIP}},
	}}
	g, _ := newTestGuard(t, EnforceError, zones, filedCom)
	j := g.JudgeChange(context.Background(), Change{Old: planned("t.filed.com", "A", hkIP, "filed.com/1")}, Apply)
	if got := blocking(j); !slices.Equal(got, []string{"ICP filing (备案) required: x.example.com → t.filed.com → 47.96.10.20 is a mainland-China server"}) {
		t.Errorf("deleting t.filed.com: blocking %q", got)
	}
	// Changing the wildcard reaches every name it answers.
	g, _ = newTestGuard(t, EnforceError, &fakeZones{zones: map[string][][3]string{
		"example.com": {{"x", "CNAME", "any.filed.com"}},
		"filed.com":   {{"*", "A", hkIP}},
	}}, filedCom)
	j = g.JudgeChange(context.Background(), Change{Old: planned("*.filed.com", "A", hkIP, "filed.com/0"), New: planned("*.filed.com", "A", hzIP, "filed.com/0")}, Plan)
	if got := blocking(j); !slices.Equal(got, []string{"ICP filing (备案) required: x.example.com → any.filed.com → 47.96.10.20 is a mainland-China server"}) {
		t.Errorf("re-pointing *.filed.com: blocking %q", got)
	}
}

// A target whose value is known only at apply: a CNAME judged meanwhile is told it is
// judged then, not passed silently and not blocked.
func TestJudgeChangePendingTarget(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, &fakeZones{zones: map[string][][3]string{"example.com": nil, "filed.com": nil}}, filedCom)
	ctx := context.Background()
	g.JudgeChange(ctx, Change{New: &PlannedRecord{Record: Record{Name: "target3.filed.com", Type: "A", Enabled: true}, ValueUnknown: true}}, Plan)
	j := g.JudgeChange(ctx, Change{New: planned("x3.example.com", "CNAME", "target3.filed.com", "")}, Plan)
	one(t, j, Warning, KindUnfollowed, "will judge x3.example.com → target3.filed.com at apply")
	// At apply its value is known: registered again, it replaces the pending entry.
	j = g.JudgeChange(ctx, Change{New: planned("target3.filed.com", "A", hzIP, "")}, Apply)
	one(t, j, Error, KindNoFiling, "x3.example.com → target3.filed.com → 47.96.10.20")
}

// A record live in state, planned DISABLE: the provider registers it as enabled, and the
// old value leaves the view.
func TestJudgeChangeReplacesTheOldRecord(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{
		"example.com": {{"x", "CNAME", "o.filed.com"}},
		"filed.com":   {{"o", "A", hzIP}},
	}}
	// example.com filed: x → o on the mainland is allowed; moving o to Hong Kong is too.
	filings := fakeFilings{"filed.com": filedCom["filed.com"], "example.com": {Domain: "example.com", Status: icp.Approved}}
	g, _ := newTestGuard(t, EnforceError, zones, filings)
	j := g.JudgeChange(context.Background(), Change{Old: planned("o.filed.com", "A", hzIP, "filed.com/0"), New: planned("o.filed.com", "A", hkIP, "filed.com/0")}, Plan)
	if !j.Allowed() {
		t.Fatalf("%+v", j.Findings)
	}
	// The view now has o on hkIP only: a new CNAME to it ends there, not at hzIP too.
	j = g.JudgeChange(context.Background(), Change{New: planned("y.example.com", "CNAME", "o.filed.com", "")}, Plan)
	if len(j.Ends) != 1 || j.Ends[0].Address.String() != hkIP {
		t.Errorf("ends through the changed record: %+v", j.Ends)
	}
}

// beian_record_guard: a name of the account's zones that CNAMEs into a record given to
// the data source is judged for it.
func TestJudgeAllJudgesNamesOfTheAccountThatReachTheRecords(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{"example.com": {{"x", "CNAME", "cdn.other.example"}}}}
	g, _ := newTestGuard(t, EnforceError, zones, nil)
	js := g.JudgeAll(context.Background(), []Record{rec("cdn.other.example", "A", hzIP)}, Plan)
	want := []string{
		"ICP filing (备案) required: cdn.other.example → 47.96.10.20 is a mainland-China server",
		"ICP filing (备案) required: x.example.com → cdn.other.example → 47.96.10.20 is a mainland-China server",
	}
	if got := blocking(js...); !slices.Equal(got, want) {
		t.Errorf("blocking %q, want %q", got, want)
	}
}

// Judging the names that reach a record needs every zone of the account; when they
// cannot be listed, the change is not allowed (fail closed), cause first.
func TestJudgeChangeFailsClosedWhenZonesCannotBeListed(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{}, err: &aliyun.Error{Product: aliyun.ProductAlidns, Action: "DescribeDomains", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}}
	g, _ := newTestGuard(t, EnforceError, zones, nil)
	j := g.JudgeChange(context.Background(), Change{New: planned("www.example.com", "A", hkIP, "")}, Plan)
	f := one(t, j, Error, KindCannotJudge, "could not judge the names that reach www.example.com", "Forbidden.RAM")
	if !strings.HasPrefix(f.Detail, "Cause: ") {
		t.Errorf("cause first: %s", f.Detail)
	}
}

// An A or AAAA value that is not an address of its family cannot be judged: blocked,
// not passed.
func TestJudgeRefusesUnparseableAddresses(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, nil, nil)
	for _, r := range []Record{rec("www.example.com", "A", "047.096.010.020"), rec("www.example.com", "A", "2001:db8::1"), rec("www.example.com", "AAAA", "203.0.113.1")} {
		j := g.Judge(context.Background(), r, Plan)
		one(t, j, Error, KindCannotJudge, fmt.Sprintf("cannot judge www.example.com: %q is not an address", r.Value))
	}
}

// IDN names are shown as written and in punycode.
func TestFindingsShowIDNNames(t *testing.T) {
	g, _ := newTestGuard(t, EnforceError, nil, nil)
	one(t, g.Judge(context.Background(), rec("www.xn--fsqu00a.xn--fiqs8s", "A", hzIP), Plan), Error, KindNoFiling,
		"www.例子.中国 (www.xn--fsqu00a.xn--fiqs8s) → 47.96.10.20", "registrable domain 例子.中国 (xn--fsqu00a.xn--fiqs8s)")
}

// beian_record_guard's records are often in another provider's DNS: when the account's
// zones cannot be listed, the names that reach them are not judged, and that is a
// warning, not a block.
func TestJudgeAllWarnsWhenZonesCannotBeListed(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{}, err: &aliyun.Error{Product: aliyun.ProductAlidns, Action: "DescribeDomains", Code: "Forbidden.RAM", Class: aliyun.ClassAuth}}
	g, _ := newTestGuard(t, EnforceError, zones, nil)
	j := g.JudgeAll(context.Background(), []Record{rec("www.example.com", "A", hkIP)}, Plan)[0]
	one(t, j, Warning, KindCannotJudge, "could not judge the names that reach www.example.com", "Forbidden.RAM", "were not judged")
}

// A wildcard CNAME answers every name below it without records of its own: a CNAME to
// any of them reaches what the wildcard points at.
func TestJudgeChangeThroughAWildcardCNAME(t *testing.T) {
	zones := &fakeZones{zones: map[string][][3]string{
		"example.com": {{"x", "CNAME", "anything.example.net"}},
		"example.net": {{"*", "CNAME", "origin.filed.com"}},
		"filed.com":   {{"origin", "A", hkIP}},
	}}
	g, _ := newTestGuard(t, EnforceError, zones, filedCom)
	j := g.JudgeChange(context.Background(), Change{Old: planned("origin.filed.com", "A", hkIP, "filed.com/0"), New: planned("origin.filed.com", "A", hzIP, "filed.com/0")}, Plan)
	want := []string{
		"ICP filing (备案) required: *.example.net → origin.filed.com → 47.96.10.20 is a mainland-China server",
		"ICP filing (备案) required: x.example.com → anything.example.net → origin.filed.com → 47.96.10.20 is a mainland-China server",
	}
	if got := blocking(j); !slices.Equal(got, want) {
		t.Errorf("blocking %q, want %q", got, want)
	}
}
