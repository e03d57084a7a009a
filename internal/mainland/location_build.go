package mainland

import (
	"bufio"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Building a location table from CSV rows (start,end,country): the generator and location_sources use it.

// locRow is one row of location data: an inclusive range of one family.
type locRow struct {
	start, end u128
	loc        Location
	seq        int // position in the input: a later row wins a tie
}

// LocationBuilder collects rows of location data (ReadCSV) and folds them into a
// LocationTable (Build).
type LocationBuilder struct {
	rows4, rows6 []locRow
	seq          int
	stats        LocationStats
}

// LocationStats counts what a build saw.
type LocationStats struct {
	// Rows4 and Rows6 are the rows read per family; NoCountry the rows among them without
	// a country (ZZ, EU, AP), kept as rows of LocationUnknown.
	Rows4, Rows6, NoCountry int
	// Overlaps4 and Overlaps6 are rows that overlap an earlier row (nested geofeed entries
	// inside a registry block, mostly); the narrowest row covering an address decides.
	Overlaps4, Overlaps6 int
	// Conflicts4 and Conflicts6 are the ranges where the narrowest rows covering them are
	// of the same width but disagree on the class (mainland China or not, or no country):
	// nothing decides between them, so the table says LocationUnknown there.
	Conflicts4, Conflicts6 int
	// Ranges4 and Ranges6 are the ranges of the table (after merging; gaps included).
	Ranges4, Ranges6 int
}

// Stats returns the counts of the rows read so far and, after Build, of the table.
func (b *LocationBuilder) Stats() LocationStats { return b.stats }

// maxLocationLine bounds the length of a line of a location CSV file.
const maxLocationLine = 1024

// ReadCSV reads location data in the CSV form of ip-location-db
// (https://github.com/sapics/ip-location-db, "CSV Format"): one inclusive range per line,
//
//	ip_range_start,ip_range_end,country_code
//
// where the two ends are either addresses (1.0.0.0,1.0.0.255,AU) or numbers (the
// "-num.csv" files: 16777216,16777471,AU). A file of numbers is IPv6 when its name
// contains "ipv6" or a number exceeds 2^32-1, IPv4 otherwise. The country code is two
// capital letters; CN is mainland China, HK, MO and TW are kept apart, every other code is
// another country, and ZZ, EU and AP (no country) are rows of LocationUnknown: a narrow
// such row inside a wider one says its space has no country, and Build keeps it so.
// Blank lines, lines starting
// with "#", and a first line that is a header (its first field neither a number nor an
// address) are ignored. Anything else that does not parse is an error naming the line.
func (b *LocationBuilder) ReadCSV(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, maxLocationLine), maxLocationLine)
	var nums []locRow // rows of numbers: the family is known at the end
	var numMax u128
	line, data := 0, 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		data++
		f := strings.Split(s, ",")
		if len(f) < 3 {
			if data == 1 && !startsLikeData(f[0]) {
				continue
			}
			return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("expected start,end,country_code, got %d field(s)", len(f))}
		}
		a, z, cc := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
		if data == 1 && !startsLikeData(a) {
			continue // a header
		}
		if len(cc) != 2 || !isUpperLetter(cc[0]) || !isUpperLetter(cc[1]) {
			return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("country code %q is not two capital letters", trunc(cc))}
		}
		loc := LocationOfCountry(cc)
		if strings.ContainsAny(a, ".:") {
			from, err1 := netip.ParseAddr(a)
			to, err2 := netip.ParseAddr(z)
			if err1 != nil || err2 != nil || from.Zone() != "" || to.Zone() != "" {
				return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("%q-%q is not a range of two IP addresses", trunc(a), trunc(z))}
			}
			from, to = from.Unmap(), to.Unmap()
			if from.Is4() != to.Is4() {
				return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("%s and %s are not of the same address family", from, to)}
			}
			if to.Less(from) {
				return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("the range %s-%s ends before it starts", from, to)}
			}
			if loc == LocationUnknown {
				b.stats.NoCountry++
			}
			row := locRow{start: toU128(from), end: toU128(to), loc: loc, seq: b.seq}
			b.seq++
			if from.Is4() {
				row.start, row.end = u128{0, uint64(ipv4ToUint(from))}, u128{0, uint64(ipv4ToUint(to))}
				b.rows4 = append(b.rows4, row)
			} else {
				b.rows6 = append(b.rows6, row)
			}
			continue
		}
		from, ok1 := parseDec128(a)
		to, ok2 := parseDec128(z)
		if !ok1 || !ok2 {
			return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("%q-%q is not a range of two addresses or two whole numbers below 2^128", trunc(a), trunc(z))}
		}
		if to.cmp(from) < 0 {
			return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("the range %s-%s ends before it starts", a, z)}
		}
		if loc == LocationUnknown {
			b.stats.NoCountry++
		}
		if to.cmp(numMax) > 0 {
			numMax = to
		}
		nums = append(nums, locRow{start: from, end: to, loc: loc, seq: b.seq})
		b.seq++
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &ParseError{Name: name, Line: line + 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLocationLine)}
		}
		return &ParseError{Name: name, Line: line, Msg: "reading: " + err.Error()}
	}
	if len(nums) > 0 {
		if strings.Contains(strings.ToLower(name), "ipv6") || numMax.hi != 0 || numMax.lo > math.MaxUint32 {
			b.rows6 = append(b.rows6, nums...)
		} else {
			b.rows4 = append(b.rows4, nums...)
		}
	}
	b.stats.Rows4, b.stats.Rows6 = len(b.rows4), len(b.rows6)
	return nil
}

// startsLikeData reports whether a first field is a number or an address (not a header).
func startsLikeData(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	if strings.ContainsAny(s, ".:") {
		_, err := netip.ParseAddr(s)
		return err == nil
	}
	_, err := strconv.ParseUint(s[:min(len(s), 18)], 10, 64)
	return err == nil
}

// parseDec128 parses a decimal number below 2^128.
func parseDec128(s string) (u128, bool) {
	if s == "" || len(s) > 39 {
		return u128{}, false
	}
	var v u128
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return u128{}, false
		}
		var ok bool
		if v, ok = v.mul10add(uint64(c - '0')); !ok {
			return u128{}, false
		}
	}
	return v, true
}

// Build folds the rows read into a table described by info. Where rows overlap, the
// narrowest row covering an address decides (a geofeed entry inside a registry block is
// the more specific statement), a row without a country (ZZ, EU, AP) included. Of rows of
// the same width the later one decides when they agree on the class (Location.Class:
// HK then TW is TW); when they do not (CN and another country, or a country and none) the
// data contradicts itself and the space is LocationUnknown, as the RIR builder answers
// Unknown where a CN and a non-CN delegation overlap; Stats counts such ranges. Adjacent
// ranges of the same Location are merged and uncovered space is LocationUnknown. A family
// with no rows has no data (every address of it is LocationUnknown).
func (b *LocationBuilder) Build(info LocationInfo) *LocationTable {
	t := &LocationTable{info: info}
	if len(b.rows4) > 0 {
		starts, locs, ov, cf := fold(b.rows4, u128{0, math.MaxUint32})
		t.v4start = make([]uint32, len(starts))
		for i, s := range starts {
			t.v4start[i] = uint32(s.lo) //nolint:gosec // G115: IPv4 rows are at most 2^32-1 (ReadCSV)
		}
		t.v4loc = locs
		b.stats.Overlaps4, b.stats.Conflicts4 = ov, cf
	}
	if len(b.rows6) > 0 {
		t.v6start, t.v6loc, b.stats.Overlaps6, b.stats.Conflicts6 = fold(b.rows6, maxU128)
	}
	t.index()
	b.stats.Ranges4, b.stats.Ranges6 = len(t.v4start), len(t.v6start)
	return t
}

// fold sweeps rows (of one family, ends at most top) into range starts and locations,
// starting at 0, merged, and counts the rows that overlap an earlier one and the ranges
// where the narrowest rows conflict (see Build).
func fold(rows []locRow, top u128) ([]u128, []Location, int, int) {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b locRow) int { return a.start.cmp(b.start) })
	points := make([]u128, 0, 2*len(rows)+1)
	points = append(points, u128{})
	overlaps := 0
	var reach u128 // the largest end so far
	for i, r := range rows {
		if i > 0 && r.start.cmp(reach) <= 0 {
			overlaps++
		}
		if i == 0 || r.end.cmp(reach) > 0 {
			reach = r.end
		}
		points = append(points, r.start)
		if r.end.cmp(top) < 0 {
			points = append(points, r.end.add1())
		}
	}
	slices.SortFunc(points, u128.cmp)
	points = slices.Compact(points)
	var starts []u128
	var locs []Location
	var h rowHeap
	ri := 0
	conflicts, inConflict := 0, false
	for _, p := range points {
		for ri < len(rows) && rows[ri].start == p {
			heap.Push(&h, rows[ri])
			ri++
		}
		for h.Len() > 0 && h[0].end.cmp(p) < 0 {
			heap.Pop(&h)
		}
		loc := LocationUnknown
		conflict := false
		if h.Len() > 0 {
			loc = h[0].loc
			if h.disagrees(0, p, h[0].end.sub(h[0].start), loc.Class()) {
				loc, conflict = LocationUnknown, true
			}
		}
		if conflict && !inConflict {
			conflicts++
		}
		inConflict = conflict
		if len(locs) == 0 || locs[len(locs)-1] != loc {
			starts = append(starts, p)
			locs = append(locs, loc)
		}
	}
	return starts, locs, overlaps, conflicts
}

// disagrees reports whether the subtree of the heap at i holds a row that covers p, is of
// width w (the narrowest, h[0]'s) and of another class than c. The rows of width w form a
// subtree containing the root (a parent is never wider than its child), so the walk stops
// at the first wider row; rows that ended before p (not yet popped) are passed through.
func (h rowHeap) disagrees(i int, p, w u128, c Class) bool {
	if i >= len(h) || h[i].end.sub(h[i].start) != w {
		return false
	}
	if h[i].end.cmp(p) >= 0 && h[i].loc.Class() != c {
		return true
	}
	return h.disagrees(2*i+1, p, w, c) || h.disagrees(2*i+2, p, w, c)
}

// rowHeap orders active rows by width (narrowest first), then by input order (latest
// first).
type rowHeap []locRow

func (h rowHeap) Len() int { return len(h) }

func (h rowHeap) Less(i, j int) bool {
	wi, wj := h[i].end.sub(h[i].start), h[j].end.sub(h[j].start)
	if c := wi.cmp(wj); c != 0 {
		return c < 0
	}
	return h[i].seq > h[j].seq
}

func (h rowHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

func (h *rowHeap) Push(x any) { *h = append(*h, x.(locRow)) } //nolint:forcetypeassert // container/heap passes what this file pushes

func (h *rowHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
