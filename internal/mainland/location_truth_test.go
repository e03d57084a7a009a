package mainland

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The truth set against the embedded location data. Two files, built by
// scripts/build-location-truth.sh from data nobody here wrote; their headers name the
// source, version, date and terms of every group:
//
//   - testdata/truth/truth.csv: the clouds' and carriers' networks, each address labelled by
//     where its origin network serves (routing data). Part "tune" (the rules were chosen on
//     it) or "held" (held back, never tuned on); each network's part is fixed in
//     networks.txt, never derived from the rules.
//   - testdata/truth/publishers.csv: the publishers' own region lists (AWS's ip-ranges.json,
//     Azure's service tags), each address labelled by its region. Part "independent": no rule
//     was written or tuned on it — the outside check.
//
// The goals of the location-truth issue:
//
//   - the publishers' region lists: 0 errors both ways, none placed nowhere;
//   - the clouds' and carriers' networks: at most 1 % of mainland addresses placed abroad and
//     at most 2 % of offshore addresses placed in the mainland — on the held-back part and on
//     the whole set.
//
// "Abroad" is an offshore answer; an address placed nowhere is counted apart (the guard warns
// about it, it is not silent). Run with -v to see the tables BENCHMARKS.md carries.

const (
	truthFile      = "testdata/truth/truth.csv"
	publishersFile = "testdata/truth/publishers.csv"
	networksFile   = "internal/locgen/networks.txt"
	partIndep      = "independent"
	partHeldNoRule = "held, networks without a rule"
)

type truthRow struct {
	group, part string
	addr        netip.Addr
	mainland    bool
	asn         uint32       // truth.csv: the origin network
	region      string       // publishers.csv: the publisher's region
	prefix      netip.Prefix // publishers.csv: the prefix of that region listing the address
	publisher   bool
}

// readTruthFile reads one file of the truth set: its rows and its "# key: value" comments.
func readTruthFile(t *testing.T, name, header string) ([]truthRow, map[string]string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []truthRow
	notes := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	seenHeader := false
	for sc.Scan() {
		s := sc.Text()
		if s == "" {
			continue
		}
		if s[0] == '#' {
			if k, v, ok := strings.Cut(strings.TrimPrefix(s, "# "), ": "); ok {
				notes[k] = v
			}
			continue
		}
		if !seenHeader {
			seenHeader = true
			if s != header {
				t.Fatalf("%s: header %q, want %q", name, s, header)
			}
			continue
		}
		fs := strings.Split(s, ",")
		if len(fs) != strings.Count(header, ",")+1 || (fs[3] != "mainland" && fs[3] != "offshore") {
			t.Fatalf("%s: row %q", name, s)
		}
		r := truthRow{group: fs[0], part: fs[1], addr: netip.MustParseAddr(fs[2]), mainland: fs[3] == "mainland"}
		if len(fs) == 5 {
			a, err := strconv.ParseUint(fs[4], 10, 32)
			if err != nil || (r.part != TruthTune && r.part != TruthHeld) {
				t.Fatalf("%s: row %q", name, s)
			}
			r.asn = uint32(a)
		} else {
			r.publisher, r.region, r.prefix = true, fs[5], netip.MustParsePrefix(fs[6])
			if r.part != partIndep || !r.prefix.Contains(r.addr) {
				t.Fatalf("%s: row %q", name, s)
			}
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows, notes
}

func readTruth(t *testing.T) (rows []truthRow, publisherNotes map[string]string) {
	t.Helper()
	nets, _ := readTruthFile(t, truthFile, "group,part,address,truth,asn")
	pubs, notes := readTruthFile(t, publishersFile, "group,part,address,truth,publisher,region,prefix")
	if len(nets) < 5000 || len(pubs) < 2000 {
		t.Fatalf("only %d network and %d publisher rows in the truth set", len(nets), len(pubs))
	}
	return append(nets, pubs...), notes
}

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
	geoOnly := func(c uint16) uint16 {
		return c &^ (codeNetMask<<codeNetShift | codeMixedBlock | codeSettledMask<<codeSettledShift)
	}
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
		{"final: Decide (settled blocks, origin networks, then geolocation)", func(c uint16) (Location, bool) {
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
	rows, notes := readTruth(t)
	withRule := map[uint32]bool{}
	for _, n := range m.Networks {
		withRule[n.ASN] = true
	}
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
			parts := []string{r.part, "all"}
			if r.part == TruthHeld && !withRule[r.asn] {
				parts = append(parts, partHeldNoRule)
			}
			for _, g := range []string{r.group, kind(r)} {
				for _, p := range parts {
					get(key{rule.name, g, p}).add(r, l, caution)
				}
			}
		}
	}
	before, final := rules[0].name, rules[len(rules)-1].name
	var b strings.Builder
	b.WriteString("\n| group | truth | part | addresses (held back) | before: mainland abroad | before: offshore in mainland | after: mainland abroad | after: offshore in mainland | after: warned offshore |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, g := range groups {
		a, bf := get(key{final, g, "all"}), get(key{before, g, "all"})
		held := get(key{final, g, TruthHeld})
		truth := "mainland"
		if a.mainland == 0 {
			truth = "offshore"
		}
		part, n := "tune/held", fmt.Sprintf("%d (%d)", a.mainland+a.offshore, held.mainland+held.offshore)
		if ind := get(key{final, g, partIndep}); ind.mainland+ind.offshore > 0 {
			part, n = partIndep, strconv.Itoa(ind.mainland+ind.offshore)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s | %d |\n", g, truth, part, n,
			pct(bf.abroad, bf.mainland), pct(bf.inMainland, bf.offshore), pct(a.abroad, a.mainland), pct(a.inMainland, a.offshore), a.cautions)
	}
	b.WriteString("\nBy rule and part (publishers = the publishers' region lists, publishers.csv; networks = the clouds' and carriers' networks, truth.csv): mainland abroad / offshore in mainland / placed nowhere / warned offshore:\n\n| rule | part | publishers | networks |\n|---|---|---|---|\n")
	for _, rule := range rules {
		for _, p := range []string{TruthTune, TruthHeld, partHeldNoRule, partIndep, "all"} {
			cell := func(g string) string {
				c := get(key{rule.name, g, p})
				if c.mainland+c.offshore == 0 {
					return "–"
				}
				return fmt.Sprintf("%s / %s / %d / %d", pct(c.abroad, c.mainland), pct(c.inMainland, c.offshore), c.mainlandNowhere+c.offNowhere, c.cautions)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", rule.name, p, cell("publishers"), cell("networks"))
		}
	}
	t.Log(b.String())

	// The publishers' region lists: no error either way, nothing placed nowhere.
	if pub := get(key{final, "publishers", partIndep}); pub.mainland == 0 || pub.offshore == 0 ||
		pub.abroad != 0 || pub.inMainland != 0 || pub.mainlandNowhere != 0 || pub.offNowhere != 0 {
		t.Errorf("the publishers' region lists are placed with errors (goal 0): %+v", *pub)
	}
	// The goals hold on every part that is not tune: held back (blocks of networks with a
	// rule, and whole networks without one), held back without a rule alone — the one part
	// no rule decides, so the only one that measures the geolocation step — and all.
	for _, p := range []string{TruthHeld, partHeldNoRule, "all"} {
		nets := get(key{final, "networks", p})
		if r := nets.abroadRate(); r > 0.01 {
			t.Errorf("%s part: %.2f %% of the networks' mainland addresses are placed abroad (goal ≤ 1 %%)", p, 100*r)
		}
		if r := nets.inMainlandRate(); r > 0.02 {
			t.Errorf("%s part: %.2f %% of the networks' offshore addresses are placed in the mainland (goal ≤ 2 %%)", p, 100*r)
		}
	}
	// The held-back part measures geolocation on networks without a rule: not empty.
	if h := get(key{final, "networks", partHeldNoRule}); h.mainland < 500 || h.offshore < 300 {
		t.Errorf("held-back part of networks without a rule too small: %+v", *h)
	}

	// Every network the table says a publisher confirms was checked against that publisher's
	// whole list when publishers.csv was built (truthgen fails on a contradiction).
	var confirmed []string
	for _, n := range m.Networks {
		if n.Publisher != "" {
			confirmed = append(confirmed, fmt.Sprintf("AS%d", n.ASN))
		}
	}
	if checked := strings.Fields(notes["checked"]); len(confirmed) == 0 || !slices.Equal(confirmed, checked) {
		t.Errorf("networks the table says a publisher confirms %v; publishers.csv checked %v", confirmed, checked)
	}
}

// Each prefix the publishers' sample came from is placed whole: every range of the table
// inside it is on the publisher's side — a sample of a prefix, not of single addresses.
func TestLocationTruthPublisherPrefixes(t *testing.T) {
	tab := embedded(t)
	rows, _ := readTruth(t)
	seen := map[netip.Prefix]bool{}
	checked := 0
	for _, r := range rows {
		if !r.publisher || seen[r.prefix] {
			continue
		}
		seen[r.prefix] = true
		want := Offshore
		if r.mainland {
			want = Mainland
		}
		for a := r.prefix.Addr(); a.IsValid() && r.prefix.Contains(a); {
			ans := tab.Lookup(a)
			if ans.Location.Class() != want {
				t.Errorf("%s (%s, %s): %s-%s is %v", r.prefix, r.group, r.region, ans.From, ans.To, ans.Location)
				break
			}
			a = ans.To.Next()
		}
		checked++
	}
	t.Logf("%d prefixes of the publishers' lists placed whole", checked)
}

// The parts written in truth.csv are the ones networks.txt gives each network (held, tune,
// or split by the address's block): they cannot drift with the rules.
func TestLocationTruthPartsAreStable(t *testing.T) {
	f, err := os.Open(networksFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	list, err := ParseNetworkList(f, networksFile)
	if err != nil {
		t.Fatal(err)
	}
	part := map[uint32]string{}
	for _, e := range list.Networks {
		part[e.ASN] = e.Part
	}
	rows, _ := readTruthFile(t, truthFile, "group,part,address,truth,asn")
	for _, r := range rows {
		want, ok := part[r.asn]
		if want == TruthSplit {
			want = PartOf(r.addr)
		}
		if !ok || r.part != want {
			t.Errorf("%s (AS%d, %s): part %s, networks.txt gives %q", r.addr, r.asn, r.group, r.part, want)
		}
	}
}

func kind(r truthRow) string {
	if r.publisher {
		return "publishers"
	}
	return "networks"
}
