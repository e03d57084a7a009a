package mainland

import (
	"net/netip"
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

// short renders a location as a source's answer in evidence: "CN", "HK", "MO", "TW",
// "another country" or "nothing".
func (l Location) short() string {
	switch l {
	case LocationMainland:
		return "CN"
	case LocationHongKong:
		return "HK"
	case LocationMacau:
		return "MO"
	case LocationTaiwan:
		return "TW"
	case LocationOffshore:
		return "another country"
	}
	return "nothing"
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

	// meta, v4code and v6code are set for a table of several sources (the embedded one):
	// each range's code says what every source says (location_multi.go), and its Location
	// is LocationMeta.Decide's answer for the code.
	meta           *LocationMeta
	v4code, v6code []uint16

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
	a, _ := t.lookup(addr)
	return a.Location
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
		return v.(Verdict), true //nolint:forcetypeassert // verdicts holds Verdict values only (stored below)
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
