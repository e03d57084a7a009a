package mainland

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strings"
	"testing"
)

// The truth set (testdata/truth/truth.csv, built by scripts/build-location-truth.sh from
// routing data nobody here wrote; its header names the source, version, date and licence of
// every group) against the embedded location data. The goals of the location-truth issue:
//
//   - the publishers' groups (AWS and Azure, inside and outside China): 0 errors both ways;
//   - the clouds' and carriers' networks: at most 1 % of mainland addresses placed abroad and
//     at most 2 % of offshore addresses placed in the mainland — on the held-back part (never
//     tuned on) and on the whole set.
//
// "Abroad" is an offshore answer; an address placed nowhere is counted apart (the guard warns
// about it, it is not silent). Run with -v to see the per-group table BENCHMARKS.md carries.

type truthRow struct {
	group, part string
	addr        netip.Addr
	mainland    bool
	asn         string
}

func readTruth(t *testing.T) []truthRow {
	t.Helper()
	f, err := os.Open("testdata/truth/truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []truthRow
	sc := bufio.NewScanner(f)
	header := false
	for sc.Scan() {
		s := sc.Text()
		if s == "" || s[0] == '#' {
			continue
		}
		if !header {
			header = true
			if s != "group,part,address,truth,asn" {
				t.Fatalf("truth.csv header %q", s)
			}
			continue
		}
		fs := strings.Split(s, ",")
		if len(fs) != 5 || (fs[1] != "tune" && fs[1] != "held") || (fs[3] != "mainland" && fs[3] != "offshore") {
			t.Fatalf("truth.csv row %q", s)
		}
		rows = append(rows, truthRow{group: fs[0], part: fs[1], addr: netip.MustParseAddr(fs[2]), mainland: fs[3] == "mainland", asn: fs[4]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 5000 {
		t.Fatalf("only %d rows in the truth set", len(rows))
	}
	return rows
}

// publisherGroups are the AWS and Azure groups: 0 errors.
var publisherGroups = map[string]bool{"aws-china": true, "aws-global": true, "azure-china": true, "azure-global": true}

// truthTally counts one group (or part) under one rule.
type truthTally struct {
	mainland, abroad, mainlandNowhere int // mainland addresses; placed offshore; placed nowhere
	offshore, inMainland, offNowhere  int // offshore addresses; placed in the mainland; nowhere
	cautions                          int // offshore answers the guard warns about
}

func (c *truthTally) add(r truthRow, l Location, caution bool) {
	if r.mainland {
		c.mainland++
		switch l.Class() {
		case Offshore:
			c.abroad++
		case Unknown:
			c.mainlandNowhere++
		}
	} else {
		c.offshore++
		switch l.Class() {
		case Mainland:
			c.inMainland++
		case Unknown:
			c.offNowhere++
		}
	}
	if caution && l.Class() == Offshore {
		c.cautions++
	}
}

func pct(n, d int) string {
	if d == 0 {
		return "–"
	}
	return fmt.Sprintf("%d/%d (%.1f %%)", n, d, 100*float64(n)/float64(d))
}

func (c truthTally) abroadRate() float64 {
	if c.mainland == 0 {
		return 0
	}
	return float64(c.abroad) / float64(c.mainland)
}

func (c truthTally) inMainlandRate() float64 {
	if c.offshore == 0 {
		return 0
	}
	return float64(c.inMainland) / float64(c.offshore)
}

// truthRules are the rules measured: "before" is the single-source table this data replaced
// (geo-whois-asn-country alone); the geolocation rules without origin networks are the
// candidates the final rule's third step was chosen from (on the tune part); "final" is Decide.
func truthRules(m *LocationMeta) []struct {
	name string
	f    func(code uint16) (Location, bool)
} {
	geoOnly := func(c uint16) uint16 { return c &^ (codeNetMask<<codeNetShift | codeMixedBlock) }
	return []struct {
		name string
		f    func(code uint16) (Location, bool)
	}{
		{"before: geo-whois-asn-country alone", func(c uint16) (Location, bool) { return codeGeo(c), false }},
		{"dbip-country alone", func(c uint16) (Location, bool) { return codeGeo2(c), false }},
		{"CN in either unless the other says HK/MO/TW", func(c uint16) (Location, bool) {
			g, g2 := codeGeo(c), codeGeo2(c)
			hmt := func(l Location) bool { return l == LocationHongKong || l == LocationMacau || l == LocationTaiwan }
			if (g == LocationMainland && !hmt(g2)) || (g2 == LocationMainland && !hmt(g)) {
				return LocationMainland, false
			}
			if g2 != LocationUnknown {
				return g2, false
			}
			return g, false
		}},
		{"geolocation step of Decide alone (dbip-country, else geo-whois-asn-country)", func(c uint16) (Location, bool) {
			d := m.Decide(geoOnly(c))
			return d.Location, d.Caution != ""
		}},
		{"final: Decide (origin networks, then geolocation)", func(c uint16) (Location, bool) {
			d := m.Decide(c)
			return d.Location, d.Caution != ""
		}},
	}
}

func TestLocationTruth(t *testing.T) {
	tab := embedded(t)
	m := tab.Meta()
	if m == nil {
		t.Fatal("the embedded table has no sources")
	}
	rows := readTruth(t)
	codes := make([]uint16, len(rows))
	for i, r := range rows {
		c, ok := tab.CodeOf(r.addr)
		if !ok {
			t.Fatalf("%s: no code", r.addr)
		}
		codes[i] = c
		// The table's answer is Decide's: what the guard and classify_address use.
		if got, want := tab.Locate(r.addr), m.Decide(c).Location; got != want {
			t.Fatalf("%s: Locate %v, Decide %v", r.addr, got, want)
		}
	}
	var groups []string
	for _, r := range rows {
		if !slices.Contains(groups, r.group) {
			groups = append(groups, r.group)
		}
	}
	rules := truthRules(m)
	type key struct{ rule, group, part string }
	tally := map[key]*truthTally{}
	get := func(k key) *truthTally {
		if tally[k] == nil {
			tally[k] = &truthTally{}
		}
		return tally[k]
	}
	for _, rule := range rules {
		for i, r := range rows {
			l, caution := rule.f(codes[i])
			for _, g := range []string{r.group, kind(r.group)} {
				for _, p := range []string{r.part, "all"} {
					get(key{rule.name, g, p}).add(r, l, caution)
				}
			}
		}
	}
	before, final := rules[0].name, rules[len(rules)-1].name
	var b strings.Builder
	b.WriteString("\n| group | truth | addresses (held back) | before: mainland abroad | before: offshore in mainland | after: mainland abroad | after: offshore in mainland | after: warned offshore |\n|---|---|---|---|---|---|---|---|\n")
	for _, g := range groups {
		a, bf := get(key{final, g, "all"}), get(key{before, g, "all"})
		held := get(key{final, g, "held"})
		truth := "mainland"
		if a.mainland == 0 {
			truth = "offshore"
		}
		fmt.Fprintf(&b, "| %s | %s | %d (%d) | %s | %s | %s | %s | %d |\n", g, truth, a.mainland+a.offshore, held.mainland+held.offshore,
			pct(bf.abroad, bf.mainland), pct(bf.inMainland, bf.offshore), pct(a.abroad, a.mainland), pct(a.inMainland, a.offshore), a.cautions)
	}
	b.WriteString("\nBy rule (publishers = AWS + Azure groups; networks = the clouds' and carriers' groups), mainland abroad / offshore in mainland / placed nowhere:\n\n| rule | part | publishers | networks |\n|---|---|---|---|\n")
	for _, rule := range rules {
		for _, p := range []string{"tune", "held", "all"} {
			cell := func(g string) string {
				c := get(key{rule.name, g, p})
				return fmt.Sprintf("%s / %s / %d", pct(c.abroad, c.mainland), pct(c.inMainland, c.offshore), c.mainlandNowhere+c.offNowhere)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", rule.name, p, cell("publishers"), cell("networks"))
		}
	}
	t.Log(b.String())

	for _, p := range []string{"held", "all"} {
		pub, nets := get(key{final, "publishers", p}), get(key{final, "networks", p})
		if pub.abroad != 0 || pub.inMainland != 0 || pub.mainlandNowhere != 0 || pub.offNowhere != 0 {
			t.Errorf("%s part: the publishers' groups are placed with errors (goal 0): %+v", p, *pub)
		}
		if r := nets.abroadRate(); r > 0.01 {
			t.Errorf("%s part: %.2f %% of the networks' mainland addresses are placed abroad (goal ≤ 1 %%)", p, 100*r)
		}
		if r := nets.inMainlandRate(); r > 0.02 {
			t.Errorf("%s part: %.2f %% of the networks' offshore addresses are placed in the mainland (goal ≤ 2 %%)", p, 100*r)
		}
	}
	// Every group has both parts or is wholly held back, and the held-back part is not empty.
	if h := get(key{final, "networks", "held"}); h.mainland < 500 || h.offshore < 300 {
		t.Errorf("held-back part too small: %+v", *h)
	}
}

func kind(group string) string {
	if publisherGroups[group] {
		return "publishers"
	}
	return "networks"
}
