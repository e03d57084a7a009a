package mainland

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"go4.org/netipx"
)

// Location is where location data places an address: finer than Class, since a website in
// Hong Kong, Macau or Taiwan needs no ICP filing but a user may want to know which.
type Location uint8

// Locations. The numeric values are part of the embedded file's format: do not reorder.
const (
	// LocationUnknown: the data places the address nowhere (unallocated or reserved space,
	// or no data).
	LocationUnknown Location = iota
	// LocationMainland: country code CN, mainland China (中国内地).
	LocationMainland
	// LocationHongKong: country code HK.
	LocationHongKong
	// LocationMacau: country code MO.
	LocationMacau
	// LocationTaiwan: country code TW.
	LocationTaiwan
	// LocationOffshore: any other country.
	LocationOffshore

	numLocations
)

// String returns the name used by the classify_address function: "unknown", "mainland",
// "hong_kong", "macau", "taiwan" or "offshore".
func (l Location) String() string {
	switch l {
	case LocationMainland:
		return "mainland"
	case LocationHongKong:
		return "hong_kong"
	case LocationMacau:
		return "macau"
	case LocationTaiwan:
		return "taiwan"
	case LocationOffshore:
		return "offshore"
	}
	return "unknown"
}

// describe renders a location for evidence: "CN (mainland China)".
func (l Location) describe() string {
	switch l {
	case LocationMainland:
		return "CN (mainland China)"
	case LocationHongKong:
		return "HK (Hong Kong)"
	case LocationMacau:
		return "MO (Macau)"
	case LocationTaiwan:
		return "TW (Taiwan)"
	case LocationOffshore:
		return "a country other than CN, HK, MO and TW"
	}
	return "no location (unallocated or reserved space in this data)"
}

// Class maps a location to the ICP guard's question: mainland, offshore (Hong Kong, Macau,
// Taiwan and every other country) or unknown.
func (l Location) Class() Class {
	switch l {
	case LocationMainland:
		return Mainland
	case LocationHongKong, LocationMacau, LocationTaiwan, LocationOffshore:
		return Offshore
	}
	return Unknown
}

// LocationOfCountry maps an ISO 3166-1 alpha-2 country code to a Location. "ZZ" (unknown)
// and the pseudo-codes "EU" and "AP" (a continent, not a country) are LocationUnknown.
func LocationOfCountry(cc string) Location {
	switch cc {
	case "CN":
		return LocationMainland
	case "HK":
		return LocationHongKong
	case "MO":
		return LocationMacau
	case "TW":
		return LocationTaiwan
	case "ZZ", "EU", "AP", "":
		return LocationUnknown
	}
	return LocationOffshore
}

// LocationTable is location data in the form lookups use: for each address family the
// whole address space cut into ranges, each with its Location (adjacent ranges of the same
// Location merged, gaps LocationUnknown). It is immutable and safe for concurrent use.
type LocationTable struct {
	info    LocationInfo
	v4start []uint32 // v4start[0] == 0 when the table has IPv4 data
	v4loc   []Location
	v4index []int32 // v4index[h]: the number of IPv4 starts below h<<16 (65,537 entries)
	v6start []u128
	v6loc   []Location
	v6hi    []uint64 // v6hi[i] = v6start[i].hi: the search reads 8 bytes per step, not 16
	v6index []int32  // v6index[h]: the number of IPv6 starts whose top 16 bits are below h

	// verdicts caches the Verdict of each range a classification has used (key: the range
	// index, IPv6 ranges as ^index), so that classifying the many records on one server
	// builds its evidence once. Bounded by maxCachedVerdicts.
	verdicts sync.Map
	cached   atomic.Int32
}

// maxCachedVerdicts bounds LocationTable.verdicts: a run classifies the servers of its
// records, a few thousand distinct ranges at most; past the bound evidence is built per
// call.
const maxCachedVerdicts = 1 << 14

// index builds the lookup aids: first-level indexes of the IPv4 and IPv6 starts by their
// top 16 bits (v4index, v6index: 65,537 entries each), and v6hi. Measured on the embedded
// table (BenchmarkEmbeddedLocationLookup*): IPv4 ≈ 75 → 30 ns, IPv6 ≈ 106 → 84 ns.
func (t *LocationTable) index() {
	if len(t.v4start) > 0 {
		t.v4index = make([]int32, 1<<16+1)
		j := 0
		for h := 0; h <= 1<<16; h++ {
			for j < len(t.v4start) && uint64(t.v4start[j]) < uint64(h)<<16 {
				j++
			}
			t.v4index[h] = int32(j)
		}
	}
	t.v6hi = make([]uint64, len(t.v6start))
	for i, s := range t.v6start {
		t.v6hi[i] = s.hi
	}
	if len(t.v6start) > 0 {
		t.v6index = make([]int32, 1<<16+1)
		j := 0
		for h := 0; h <= 1<<16; h++ {
			for j < len(t.v6hi) && (h == 1<<16 || t.v6hi[j]>>48 < uint64(h)) {
				j++
			}
			t.v6index[h] = int32(j)
		}
	}
}

// LocationInfo describes where a table's data comes from.
type LocationInfo struct {
	// Source names the data: for the embedded table the npm package and version
	// ("@ip-location-db/geo-whois-asn-country@2.3.2026061719"), for a file its name.
	Source string
	// Date is the data's date, YYYY-MM-DD: the package's build date, a file's modification
	// date, or the day a URL was downloaded.
	Date string
	// Integrity is the npm integrity hash of the package the embedded table was made from
	// ("" for other tables).
	Integrity string
	// Embedded is true for the table compiled into the provider.
	Embedded bool
}

// Info returns where the table's data comes from.
func (t *LocationTable) Info() LocationInfo { return t.info }

// Label names the table in evidence: "location data 2026-06-17 (embedded
// @ip-location-db/geo-whois-asn-country@2.3.2026061719)".
func (t *LocationTable) Label() string {
	what := t.info.Source
	if t.info.Embedded {
		what = "embedded " + what
	}
	if t.info.Date == "" {
		return "location data (" + what + ")"
	}
	return "location data " + t.info.Date + " (" + what + ")"
}

// Ranges returns the number of IPv4 and IPv6 ranges.
func (t *LocationTable) Ranges() (v4, v6 int) { return len(t.v4start), len(t.v6start) }

// LocationAnswer is a table's answer for one address.
type LocationAnswer struct {
	// Location is where the data places the address.
	Location Location
	// From and To bound the table's range holding the address (inclusive; adjacent
	// ranges of the same Location are merged, so this is the extent of the answer).
	From, To netip.Addr
}

// Locate returns the Location of addr: IPv4-mapped IPv6 addresses are looked up as IPv4;
// an invalid address, or a family the table has no data for, is LocationUnknown. It does
// not allocate.
func (t *LocationTable) Locate(addr netip.Addr) Location {
	if addr.Is4In6() {
		addr = addr.Unmap()
	}
	if addr.Is4() {
		if i := t.find4(ipv4ToUint(addr)); i >= 0 {
			return t.v4loc[i]
		}
		return LocationUnknown
	}
	if addr.Is6() {
		if i := t.find6(toU128(addr)); i >= 0 {
			return t.v6loc[i]
		}
	}
	return LocationUnknown
}

// Lookup is Locate with the range that holds the address.
func (t *LocationTable) Lookup(addr netip.Addr) LocationAnswer {
	a, _ := t.lookup(addr)
	return a
}

// lookup is Lookup with a key naming the range (see verdicts), -1 without data.
func (t *LocationTable) lookup(addr netip.Addr) (LocationAnswer, int) {
	addr = addr.Unmap().WithZone("")
	switch {
	case addr.Is4():
		i := t.find4(ipv4ToUint(addr))
		if i < 0 {
			return LocationAnswer{From: netip.IPv4Unspecified(), To: netip.AddrFrom4([4]byte{255, 255, 255, 255})}, -1
		}
		to := netip.AddrFrom4([4]byte{255, 255, 255, 255})
		if i+1 < len(t.v4start) {
			to = uintToIPv4(t.v4start[i+1] - 1)
		}
		return LocationAnswer{Location: t.v4loc[i], From: uintToIPv4(t.v4start[i]), To: to}, i
	case addr.Is6():
		i := t.find6(toU128(addr))
		if i < 0 {
			return LocationAnswer{From: netip.IPv6Unspecified(), To: fromU128(maxU128)}, -1
		}
		to := fromU128(maxU128)
		if i+1 < len(t.v6start) {
			to = fromU128(t.v6start[i+1].sub1())
		}
		return LocationAnswer{Location: t.v6loc[i], From: fromU128(t.v6start[i]), To: to}, ^i
	}
	return LocationAnswer{}, -1
}

// verdict returns the classification of addr by this table and whether the table places
// it, reusing the evidence of its range when a previous call built it.
func (t *LocationTable) verdict(addr netip.Addr) (Verdict, bool) {
	a, key := t.lookup(addr)
	if a.Location == LocationUnknown {
		return Verdict{}, false
	}
	if v, ok := t.verdicts.Load(key); ok {
		return v.(Verdict), true
	}
	v := locationVerdict(t, a)
	if t.cached.Load() < maxCachedVerdicts {
		if _, loaded := t.verdicts.LoadOrStore(key, v); !loaded {
			t.cached.Add(1)
		}
	}
	return v, true
}

// find4 returns the index of the range holding u, -1 without IPv4 data. The /16 index
// narrows the search to the starts inside u's /16 (usually a handful).
func (t *LocationTable) find4(u uint32) int {
	s := t.v4start
	lo, hi := 0, len(s) // the first start > u
	if t.v4index != nil {
		h := u >> 16
		lo, hi = int(t.v4index[h]), int(t.v4index[h+1])
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m] <= u {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

func (t *LocationTable) find6(u u128) int {
	s := t.v6hi
	lo, hi := 0, len(s) // the first start whose high half is > u.hi
	if t.v6index != nil {
		h := u.hi >> 48
		lo, hi = int(t.v6index[h]), int(t.v6index[h+1])
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m] <= u.hi {
			lo = m + 1
		} else {
			hi = m
		}
	}
	// Starts inside u's /64 (rare: most boundaries are /64-aligned) may lie above u.
	for lo > 0 && s[lo-1] == u.hi && t.v6start[lo-1].lo > u.lo {
		lo--
	}
	return lo - 1
}

// rangeString renders an answer's range as a prefix when it is one: "52.80.0.0/14" or
// "1.0.1.0-1.0.3.255".
func (a LocationAnswer) rangeString() string { return string(a.appendRange(nil)) }

func (a LocationAnswer) appendRange(b []byte) []byte {
	if p, ok := netipx.IPRangeFrom(a.From, a.To).Prefix(); ok {
		return p.AppendTo(b)
	}
	b = a.From.AppendTo(b)
	b = append(b, '-')
	return a.To.AppendTo(b)
}

// ---- 128-bit arithmetic -------------------------------------------------------------

var maxU128 = u128{math.MaxUint64, math.MaxUint64}

func fromU128(u u128) netip.Addr {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], u.hi)
	binary.BigEndian.PutUint64(b[8:], u.lo)
	return netip.AddrFrom16(b)
}

func (a u128) add1() u128 {
	lo, c := bits.Add64(a.lo, 1, 0)
	return u128{a.hi + c, lo}
}

func (a u128) sub1() u128 {
	lo, b := bits.Sub64(a.lo, 1, 0)
	return u128{a.hi - b, lo}
}

func (a u128) sub(b u128) u128 {
	lo, br := bits.Sub64(a.lo, b.lo, 0)
	return u128{a.hi - b.hi - br, lo}
}

func (a u128) add(b u128) (u128, bool) {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, c2 := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}, c2 != 0
}

func (a u128) cmp(b u128) int {
	switch {
	case a.hi < b.hi || a.hi == b.hi && a.lo < b.lo:
		return -1
	case a == b:
		return 0
	}
	return 1
}

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

func (a u128) trailingZeros() int {
	if a.lo != 0 {
		return bits.TrailingZeros64(a.lo)
	}
	if a.hi != 0 {
		return 64 + bits.TrailingZeros64(a.hi)
	}
	return 128
}

func (a u128) shr(n int) u128 {
	switch {
	case n == 0:
		return a
	case n >= 128:
		return u128{}
	case n >= 64:
		return u128{0, a.hi >> (n - 64)}
	}
	return u128{a.hi >> n, a.lo>>n | a.hi<<(64-n)}
}

func (a u128) shl(n int) (u128, bool) {
	switch {
	case n == 0:
		return a, true
	case n >= 128:
		return u128{}, a.isZero()
	case n >= 64:
		return u128{a.lo << (n - 64), 0}, a.hi == 0 && a.lo>>(128-n) == 0
	}
	return u128{a.hi<<n | a.lo>>(64-n), a.lo << n}, a.hi>>(64-n) == 0
}

// mul10add multiplies by 10 and adds d, reporting overflow.
func (a u128) mul10add(d uint64) (u128, bool) {
	hi1, lo := bits.Mul64(a.lo, 10)
	hi2, hi := bits.Mul64(a.hi, 10)
	if hi2 != 0 {
		return u128{}, false
	}
	hi, c := bits.Add64(hi, hi1, 0)
	if c != 0 {
		return u128{}, false
	}
	lo, c = bits.Add64(lo, d, 0)
	hi, c = bits.Add64(hi, 0, c)
	return u128{hi, lo}, c == 0
}

// ---- building a table from rows ------------------------------------------------------

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
	// Rows4 and Rows6 are the rows read per family; Skipped the rows without a country
	// (ZZ, EU, AP).
	Rows4, Rows6, Skipped int
	// Overlaps4 and Overlaps6 are rows that overlap an earlier row (nested geofeed entries
	// inside a registry block, mostly); the narrowest row covering an address decides.
	Overlaps4, Overlaps6 int
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
// another country, and ZZ, EU and AP (no country) are skipped. Blank lines, lines starting
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
				b.stats.Skipped++
				continue
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
			b.stats.Skipped++
			continue
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
// the more specific statement); of two rows of the same width the later one. Adjacent
// ranges of the same Location are merged and uncovered space is LocationUnknown. A family
// with no rows has no data (every address of it is LocationUnknown).
func (b *LocationBuilder) Build(info LocationInfo) *LocationTable {
	t := &LocationTable{info: info}
	if len(b.rows4) > 0 {
		starts, locs, ov := fold(b.rows4, u128{0, math.MaxUint32})
		t.v4start = make([]uint32, len(starts))
		for i, s := range starts {
			t.v4start[i] = uint32(s.lo) //nolint:gosec // G115: IPv4 rows are at most 2^32-1 (ReadCSV)
		}
		t.v4loc = locs
		b.stats.Overlaps4 = ov
	}
	if len(b.rows6) > 0 {
		t.v6start, t.v6loc, b.stats.Overlaps6 = fold(b.rows6, maxU128)
	}
	t.index()
	b.stats.Ranges4, b.stats.Ranges6 = len(t.v4start), len(t.v6start)
	return t
}

// fold sweeps rows (of one family, ends at most top) into range starts and locations,
// starting at 0, merged, and counts the rows that overlap an earlier one.
func fold(rows []locRow, top u128) ([]u128, []Location, int) {
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
	for _, p := range points {
		for ri < len(rows) && rows[ri].start == p {
			heap.Push(&h, rows[ri])
			ri++
		}
		for h.Len() > 0 && h[0].end.cmp(p) < 0 {
			heap.Pop(&h)
		}
		loc := LocationUnknown
		if h.Len() > 0 {
			loc = h[0].loc
		}
		if len(locs) == 0 || locs[len(locs)-1] != loc {
			starts = append(starts, p)
			locs = append(locs, loc)
		}
	}
	return starts, locs, overlaps
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
func (h *rowHeap) Push(x any)   { *h = append(*h, x.(locRow)) }
func (h *rowHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
