package mainland

import (
	"bytes"
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// FuzzLocationCSV: a location_sources file is outside input. Whatever it holds, ReadCSV
// either names the bad line or builds a table whose every row's ends are placed where the
// narrowest covering row says, and which survives the binary round trip.
func FuzzLocationCSV(f *testing.F) {
	f.Add("1.0.0.0,1.0.0.255,AU\n1.0.1.0,1.0.3.255,CN\n")
	f.Add("ip_range_start,ip_range_end,country_code\n16777216,16777471,AU\n")
	f.Add("2001:200::,2001:200:ffff:ffff:ffff:ffff:ffff:ffff,JP\n2001:200::,2001:200::ff,HK\n")
	f.Add("0,340282366920938463463374607431768211455,CN\n5,7,TW\n")
	f.Add("44.30.81.128,44.127.255.255,US\n44.31.231.0,44.31.231.255,CN\n")
	f.Add("1.0.0.0,1.0.255.255,US\n1.0.1.0,1.0.1.255,ZZ\n2.0.0.0,2.0.0.255,CN\n2.0.0.0,2.0.0.255,US\n2.0.0.0,2.0.0.255,HK\n")
	f.Fuzz(func(t *testing.T, s string) {
		var b LocationBuilder
		if err := b.ReadCSV(strings.NewReader(s), "fuzz.csv"); err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		tab := b.Build(LocationInfo{Source: "fuzz.csv", Date: "2026-01-01"})
		check := func(rows []locRow, v4 bool) {
			for _, r := range rows {
				for _, u := range []u128{r.start, r.end} {
					a := fromU128(u)
					if v4 {
						a = uintToIPv4(uint32(u.lo))
					}
					if a.Is4In6() {
						continue
					}
					if got, want := tab.Locate(a), narrowest(rows, u); got != want {
						t.Fatalf("%s: table %v, narrowest row %v", a, got, want)
					}
				}
			}
		}
		check(b.rows4, true)
		check(b.rows6, false)
		enc, err := tab.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		dec, err := DecodeLocationTable(enc)
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		for _, r := range append(append([]locRow{}, b.rows4...), b.rows6...) {
			a := fromU128(r.start)
			if r.start.hi == 0 && r.start.lo <= 0xFFFFFFFF && len(b.rows4) > 0 {
				a = uintToIPv4(uint32(r.start.lo))
			}
			if x, y := tab.Lookup(a), dec.Lookup(a); x != y {
				t.Fatalf("%s: %+v before, %+v after the round trip", a, x, y)
			}
		}
	})
}

// narrowest is the reference answer: the narrowest row covering u, the later of equals
// when they agree on the class, LocationUnknown when they do not.
func narrowest(rows []locRow, u u128) Location {
	best := -1
	var bw u128
	for i, r := range rows {
		if r.start.cmp(u) <= 0 && r.end.cmp(u) >= 0 {
			w := r.end.sub(r.start)
			if best < 0 || w.cmp(bw) < 0 || w == bw && r.seq > rows[best].seq {
				best, bw = i, w
			}
		}
	}
	if best < 0 {
		return LocationUnknown
	}
	for _, r := range rows {
		if r.start.cmp(u) <= 0 && r.end.cmp(u) >= 0 && r.end.sub(r.start) == bw && r.loc.Class() != rows[best].loc.Class() {
			return LocationUnknown
		}
	}
	return rows[best].loc
}

// FuzzDecodeLocationTable checks, for any bytes: the decoder never panics; a table it
// accepts keeps the lookup's assumptions (ranges start at 0 and strictly increase, known
// locations, adjacent ranges of one location merged); every range start is looked up as
// its own range with its location, and any address inside the range Lookup reports; and
// the table survives encoding: MarshalBinary's form decodes to a table that answers the
// same and encodes to the same bytes.
func FuzzDecodeLocationTable(f *testing.F) {
	var b LocationBuilder
	_ = b.ReadCSV(strings.NewReader("1.0.0.0,1.0.0.255,AU\n2001:200::,2001:200::ffff,JP\n"), "seed.csv")
	seed, _ := b.Build(LocationInfo{Source: "seed", Date: "2026-01-01"}).MarshalBinary()
	f.Add(seed)
	f.Add(embeddedLocation[:min(len(embeddedLocation), 512)])
	// A table of several sources (codes per range, metadata in the header).
	geo := b.Build(LocationInfo{Source: "geo"})
	composed, err := ComposeLocation(LocationInfo{Source: "seed", Date: "2026-01-01"}, geo, geo,
		[]ASRow{{Start: u128{0, 1 << 24}, End: u128{0, 1<<24 + 255}, ASN: 13335}},
		LocationMeta{Networks: []Network{{ASN: 13335, Class: NetworkOffshore, Company: "C", Name: "C"}}})
	if err != nil {
		f.Fatal(err)
	}
	coded, _ := composed.MarshalBinary()
	f.Add(coded)
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := DecodeLocationTable(data)
		if err != nil {
			return
		}
		for i := range tab.v4start {
			if i == 0 && tab.v4start[0] != 0 || i > 0 && tab.v4start[i] <= tab.v4start[i-1] {
				t.Fatalf("IPv4 starts out of order at %d", i)
			}
			if tab.v4loc[i] >= numLocations || i > 0 && tab.meta == nil && tab.v4loc[i] == tab.v4loc[i-1] || i > 0 && tab.meta != nil && tab.v4code[i] == tab.v4code[i-1] {
				t.Fatalf("IPv4 range %d: location %d after %v", i, tab.v4loc[i], tab.v4loc[max(i-1, 0)])
			}
		}
		for i := range tab.v6start {
			if i == 0 && !tab.v6start[0].isZero() || i > 0 && tab.v6start[i].cmp(tab.v6start[i-1]) <= 0 {
				t.Fatalf("IPv6 starts out of order at %d", i)
			}
			if tab.v6loc[i] >= numLocations || i > 0 && tab.meta == nil && tab.v6loc[i] == tab.v6loc[i-1] || i > 0 && tab.meta != nil && tab.v6code[i] == tab.v6code[i-1] {
				t.Fatalf("IPv6 range %d: location %d after %v", i, tab.v6loc[i], tab.v6loc[max(i-1, 0)])
			}
		}
		// The first ranges of each family (all of a small table) and two fixed addresses.
		probes := []netip.Addr{netip.MustParseAddr("1.2.3.4"), netip.MustParseAddr("2001:db8::1")}
		for i := range min(len(tab.v4start), 64) {
			a := uintToIPv4(tab.v4start[i])
			probes = append(probes, a)
			if got := tab.Lookup(a); got.From != a || got.Location != tab.v4loc[i] {
				t.Fatalf("Lookup(%s), the start of IPv4 range %d (%v) = %+v", a, i, tab.v4loc[i], got)
			}
		}
		for i := range min(len(tab.v6start), 64) {
			a := fromU128(tab.v6start[i])
			probes = append(probes, a)
			if got := tab.Lookup(a); got.From != a || got.Location != tab.v6loc[i] {
				t.Fatalf("Lookup(%s), the start of IPv6 range %d (%v) = %+v", a, i, tab.v6loc[i], got)
			}
		}
		for _, a := range probes {
			got := tab.Lookup(a)
			if got.Location != tab.Locate(a) {
				t.Fatalf("%s: Lookup says %v, Locate %v", a, got.Location, tab.Locate(a))
			}
			if got.From.Compare(a) > 0 || got.To.Compare(a) < 0 {
				t.Fatalf("Lookup(%s) = %+v: the address is outside its range", a, got)
			}
		}
		enc, err := tab.MarshalBinary()
		if err != nil {
			t.Fatalf("a decoded table does not encode: %v", err)
		}
		dec, err := DecodeLocationTable(enc)
		if err != nil {
			t.Fatalf("the encoding of a decoded table does not decode: %v", err)
		}
		if dec.Info() != tab.Info() {
			t.Fatalf("header %+v, after a round trip %+v", tab.Info(), dec.Info())
		}
		if v4, v6 := dec.Ranges(); v4 != len(tab.v4start) || v6 != len(tab.v6start) {
			t.Fatalf("%d/%d ranges, after a round trip %d/%d", len(tab.v4start), len(tab.v6start), v4, v6)
		}
		for _, a := range probes {
			if x, y := tab.Lookup(a), dec.Lookup(a); x != y {
				t.Fatalf("%s: %+v before, %+v after a round trip", a, x, y)
			}
			// A table of several sources builds evidence from every range's code.
			if v, ok := tab.verdict(a); ok && tab.meta != nil && (len(v.Sources) != 3 || v.Evidence == "") {
				t.Fatalf("%s: verdict %+v", a, v)
			}
		}
		if again, err := dec.MarshalBinary(); err != nil || !bytes.Equal(again, enc) {
			t.Fatalf("the encoding is not stable: %v", err)
		}
	})
}
