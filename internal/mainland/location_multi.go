package mainland

import (
	"bufio"
	"container/heap"
	"fmt"
	"go4.org/netipx"
	"hash/fnv"
	"io"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
)

// Location data from several sources (the embedded table since the location-truth work):
// each range of the table carries a code saying what every source says about it, and the
// verdict is decided from the code by Decide — a rule in code, measured against the truth
// set in testdata/truth (location_truth_test.go), not baked into the data.
//
// Code layout (uint16):
//
//	bits 0-2   where the first geolocation source places the range (a Location)
//	bits 3-5   where the second geolocation source places it (a Location)
//	bits 6-12  the origin network: 0 no announcement in the routing data, OtherNetwork
//	           a network not listed, i = LocationMeta.Networks[i-1] a listed one
//	bit  13    the range lies in a mixed block: within an IPv4 /8 (IPv6 /32) where one
//	           company has both mainland and other networks, between the first and the
//	           last address its networks announce there, when they announce at least half
//	           of that span (Alibaba's 8.128.0.0-8.223.255.255, say)
//	bits 14-15 the range lies in a block the network list settles from its operator's own
//	           documentation (LocationMeta.SettledBlocks): 0 none, 1 mainland, 2 offshore
const (
	codeGeoShift     = 0
	codeGeo2Shift    = 3
	codeNetShift     = 6
	codeNetMask      = 0x7f
	codeMixedBlock   = 1 << 13
	codeSettledShift = 14
	codeSettledMask  = 3
	// OtherNetwork is the code's network field for a block announced by a network that is
	// not listed.
	OtherNetwork = codeNetMask
	// MaxNetworks is how many origin networks a table can name.
	MaxNetworks = codeNetMask - 1
)

// Code returns the code of a range: where the two geolocation sources place it, its origin
// network (0 for none, else 1 + an index of LocationMeta.Networks) and whether it lies in a
// mixed block.
func Code(geo, geo2 Location, network int, mixedBlock bool) uint16 {
	c := uint16(geo)<<codeGeoShift | uint16(geo2)<<codeGeo2Shift | uint16(network&codeNetMask)<<codeNetShift //nolint:gosec // G115: masked
	if mixedBlock {
		c |= codeMixedBlock
	}
	return c
}

// WithSettled returns the code c of a range that lies in a block the network list settles
// as mainland or offshore (SettledBlock); any other class clears the mark.
func WithSettled(c uint16, class NetworkClass) uint16 {
	c &^= codeSettledMask << codeSettledShift
	switch class {
	case NetworkMainland:
		c |= 1 << codeSettledShift
	case NetworkOffshore:
		c |= 2 << codeSettledShift
	}
	return c
}

func codeGeo(c uint16) Location  { return Location(c >> codeGeoShift & 7) }
func codeGeo2(c uint16) Location { return Location(c >> codeGeo2Shift & 7) }
func codeNet(c uint16) int       { return int(c >> codeNetShift & codeNetMask) }
func codeMixed(c uint16) bool    { return c&codeMixedBlock != 0 }

// codeSettled is the class of the settled block a range lies in, "" for none.
func codeSettled(c uint16) NetworkClass {
	switch c >> codeSettledShift & codeSettledMask {
	case 1:
		return NetworkMainland
	case 2:
		return NetworkOffshore
	}
	return ""
}

// NetworkClass says where an origin network's servers are.
type NetworkClass string

// Network classes.
const (
	// NetworkMainland: a network whose every announced block serves mainland China (an
	// operator's mainland network: Alibaba Cloud AS37963, China Telecom AS4134, …).
	NetworkMainland NetworkClass = "mainland"
	// NetworkOffshore: a network that serves only outside mainland China (Alibaba Cloud
	// international AS45102, Amazon AS16509 — AWS's China regions are run under other
	// networks —, Hong Kong, Macau and Taiwan carriers, …).
	NetworkOffshore NetworkClass = "offshore"
	// NetworkMixed: a network known to announce both (Tencent AS132203): it decides
	// nothing, and an offshore answer inside it rests on geolocation alone.
	NetworkMixed NetworkClass = "mixed"
)

// Network is an origin network (autonomous system) the location data has a rule for.
type Network struct {
	ASN     uint32       `json:"asn"`
	Class   NetworkClass `json:"class"`
	Company string       `json:"company"` // e.g. "Alibaba Cloud": mixed blocks are found per company
	Name    string       `json:"name"`    // e.g. "Alibaba Cloud mainland network"
	// Publisher names the cloud's own region list that confirms the network's class, e.g.
	// "AWS's region list (ip-ranges.json)": the network list's publisher lines, checked by
	// the truth set's generator against the whole list — a mainland network announces none
	// of the publisher's addresses outside mainland China, an offshore one none inside it.
	// "" for the others. An offshore answer such a network decides is not cautioned for a
	// geolocation source's CN (Decide).
	Publisher string `json:"publisher,omitempty"`
}

// DataSource describes one input of a multi-source table.
type DataSource struct {
	// Role: "geo" (the first geolocation source), "geo2" (the second), "asn" (origin AS).
	Role      string `json:"role"`
	Package   string `json:"package"` // e.g. @ip-location-db/dbip-country
	Version   string `json:"version"`
	Date      string `json:"date"` // YYYY-MM-DD
	Integrity string `json:"integrity"`
	License   string `json:"license"`
}

// Label is "@ip-location-db/dbip-country@2.3.2026060120".
func (s DataSource) Label() string { return s.Package + "@" + s.Version }

// Short is the package name without its scope: "dbip-country".
func (s DataSource) Short() string {
	if i := strings.LastIndexByte(s.Package, '/'); i >= 0 {
		return s.Package[i+1:]
	}
	return s.Package
}

// LocationMeta describes the sources and networks of a multi-source table.
type LocationMeta struct {
	Sources  []DataSource `json:"sources"`
	Networks []Network    `json:"networks"`
	// MixedBlocks are blocks named mixed in the network list (MixedBlock), on top of the
	// spans found from the networks' announcements.
	MixedBlocks []MixedBlock `json:"mixed_blocks,omitempty"`
	// SettledBlocks are blocks the network list settles from their operator's own
	// documentation; they rank above the origin network.
	SettledBlocks []SettledBlock `json:"settled_blocks,omitempty"`
}

// MixedBlock is address space where an operator has servers both in mainland China and
// outside it, named in the network list: an offshore answer there that rests on
// geolocation alone is not proof.
type MixedBlock struct {
	Prefix  string `json:"prefix"`
	Company string `json:"company"`
}

// SettledBlock is a block whose place its operator's own documentation settles, named in
// the network list with that source (e.g. 119.29.29.0/24, DNSPod Public DNS, served from
// nodes in mainland China): it decides over the origin network and geolocation.
type SettledBlock struct {
	Prefix  string       `json:"prefix"`
	Class   NetworkClass `json:"class"` // NetworkMainland or NetworkOffshore
	Company string       `json:"company"`
	Why     string       `json:"why"` // what the operator says, and where
}

// settledIn returns the settled blocks that hold part of the range from-to (a range of the
// table lies in one block, or in adjacent blocks of one class that the table merged).
func (m *LocationMeta) settledIn(from, to netip.Addr) []SettledBlock {
	var out []SettledBlock
	for _, b := range m.SettledBlocks {
		if p, err := netip.ParsePrefix(b.Prefix); err == nil && p.Addr().Is6() == from.Is6() &&
			p.Masked().Addr().Compare(to) <= 0 && from.Compare(netipx.PrefixLastIP(p)) <= 0 {
			out = append(out, b)
		}
	}
	return out
}

// Source returns the source of a role ("geo", "geo2", "asn").
func (m *LocationMeta) Source(role string) DataSource {
	for _, s := range m.Sources {
		if s.Role == role {
			return s
		}
	}
	return DataSource{Role: role, Package: role}
}

func (m *LocationMeta) network(c uint16) (Network, bool) {
	i := codeNet(c)
	if i == 0 || i == OtherNetwork || i > len(m.Networks) {
		return Network{}, false
	}
	return m.Networks[i-1], true
}

// Basis says what a multi-source decision rests on.
type Basis int

// Bases of a decision.
const (
	// BasisNone: no source places the range.
	BasisNone Basis = iota
	// BasisNetwork: the origin network's rule (mainland-only or offshore-only network).
	BasisNetwork
	// BasisGeo: geolocation alone (no rule for the origin network, or a mixed one).
	BasisGeo
	// BasisBlock: a block the network list settles from its operator's documentation.
	BasisBlock
)

// Decision is what Decide makes of a code.
type Decision struct {
	Location Location
	Basis    Basis
	// Caution is set when the answer is offshore but could hide a mainland server: a
	// source places the range in mainland China, or the answer rests on geolocation alone
	// inside a mixed network or block. The ICP guard warns.
	Caution string
}

// Decide is the rule that combines the sources of a range (measured in
// location_truth_test.go against the truth set; BENCHMARKS.md has the figures):
//
//  0. a block the network list settles from its operator's own documentation decides
//     (DNSPod's public resolver 119.29.29.0/24: mainland);
//  1. an origin network known to serve only mainland China decides mainland;
//  2. an origin network known to serve only outside it decides offshore (the geolocation
//     sources' non-CN answer names where: HK, MO, TW or another country);
//  3. otherwise (no rule, or a mixed network) geolocation: the second source
//     (dbip-country) where it places the range, else the first — measured better on the
//     tuning part than the first source alone and than "CN in either source"
//     (location_truth_test.go prints all three).
//
// An offshore answer gets a Caution when any source says CN, or when it rests on
// geolocation inside a mixed network or block — except where a settled block or an
// offshore network whose class its cloud's own region list confirms (Network.Publisher:
// Amazon's and Microsoft's networks carry none of AWS's or Azure's China regions) decides:
// a geolocation CN there cannot be one of that cloud's mainland servers, and the evidence
// still names the source that disagrees.
func (m *LocationMeta) Decide(c uint16) Decision {
	geo, geo2 := codeGeo(c), codeGeo2(c)
	offshoreHere := func() Location {
		switch {
		case geo2.Class() == Offshore:
			return geo2
		case geo.Class() == Offshore:
			return geo
		}
		return LocationOffshore
	}
	switch codeSettled(c) {
	case NetworkMainland:
		return Decision{Location: LocationMainland, Basis: BasisBlock}
	case NetworkOffshore:
		return Decision{Location: offshoreHere(), Basis: BasisBlock}
	}
	n, hasNet := m.network(c)
	var d Decision
	switch {
	case hasNet && n.Class == NetworkMainland:
		return Decision{Location: LocationMainland, Basis: BasisNetwork}
	case hasNet && n.Class == NetworkOffshore:
		d.Basis, d.Location = BasisNetwork, offshoreHere()
		if n.Publisher != "" {
			return d
		}
	default:
		d.Basis, d.Location = BasisGeo, geo2
		if d.Location == LocationUnknown {
			d.Location = geo
		}
		if d.Location == LocationUnknown {
			d.Basis = BasisNone
		}
	}
	if d.Location.Class() != Offshore {
		return d
	}
	var why []string
	if geo == LocationMainland || geo2 == LocationMainland {
		why = append(why, "a source places it in mainland China")
	}
	if d.Basis == BasisGeo && hasNet && n.Class == NetworkMixed {
		why = append(why, fmt.Sprintf("its origin network AS%d, %s, serves both mainland China and elsewhere, and only geolocation places it offshore", n.ASN, n.Name))
	} else if d.Basis == BasisGeo && codeMixed(c) {
		// Space inside a mixed span that no listed network announces: unannounced, or
		// covered by another network's aggregate (Level 3's 8.0.0.0/8 around Alibaba's
		// blocks).
		why = append(why, "it lies in address space where one operator's mainland and international networks interleave, and only geolocation places it offshore")
	}
	d.Caution = strings.Join(why, "; ")
	return d
}

// ---- reading origin-AS data and the network list (for the generator) ----------------

// ASRow is one row of prefix → origin AS data: an inclusive range and its AS number.
type ASRow struct {
	Start, End u128
	ASN        uint32
	V6         bool
}

// ReadASNumCSV reads the numeric CSV of @ip-location-db/asn
// (start,end,autonomous_system_number,autonomous_system_organization; the ends are numbers),
// keeping the rows whose AS is in keep.
func ReadASNumCSV(r io.Reader, name string, v6 bool, keep map[uint32]bool) ([]ASRow, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 4096)
	var out []ASRow
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		f := strings.SplitN(s, ",", 4)
		if len(f) < 3 {
			return nil, &ParseError{Name: name, Line: line, Msg: "expected start,end,asn,organization"}
		}
		a, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			return nil, &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("AS number %q", trunc(f[2]))}
		}
		from, ok1 := parseDec128(f[0])
		to, ok2 := parseDec128(f[1])
		if !ok1 || !ok2 || to.cmp(from) < 0 || !v6 && to.lo > math.MaxUint32 {
			return nil, &ParseError{Name: name, Line: line, Msg: fmt.Sprintf("%q-%q is not a range", trunc(f[0]), trunc(f[1]))}
		}
		if keep == nil || keep[uint32(a)] {
			out = append(out, ASRow{Start: from, End: to, ASN: uint32(a), V6: v6})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &ParseError{Name: name, Line: line, Msg: "reading: " + err.Error()}
	}
	return out, nil
}

// ---- composing a multi-source table --------------------------------------------------

// partition is one layer: starts (the first is 0) and a value per range.
type partition struct {
	starts []u128
	vals   []uint16
}

func tablePartition(t *LocationTable, v6 bool) partition {
	var p partition
	if v6 {
		p.starts = slices.Clone(t.v6start)
		for _, l := range t.v6loc {
			p.vals = append(p.vals, uint16(l))
		}
	} else {
		for i, s := range t.v4start {
			p.starts = append(p.starts, u128{0, uint64(s)})
			p.vals = append(p.vals, uint16(t.v4loc[i]))
		}
	}
	if len(p.starts) == 0 {
		p.starts, p.vals = []u128{{}}, []uint16{0}
	}
	return p
}

type valRow struct {
	start, end u128
	val        uint16
	seq        int
}

type valHeap []valRow

func (h valHeap) Len() int { return len(h) }
func (h valHeap) Less(i, j int) bool {
	wi, wj := h[i].end.sub(h[i].start), h[j].end.sub(h[j].start)
	if c := wi.cmp(wj); c != 0 {
		return c < 0
	}
	return h[i].seq > h[j].seq
}
func (h valHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *valHeap) Push(x any)   { *h = append(*h, x.(valRow)) } //nolint:forcetypeassert // container/heap passes what this file pushes
func (h *valHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// foldValues folds rows into a partition of [0, top]: the narrowest row covering a point
// decides (the later of equal width), uncovered space is 0; adjacent equal values merged.
func foldValues(rows []valRow, top u128) partition {
	rows = slices.Clone(rows)
	slices.SortStableFunc(rows, func(a, b valRow) int { return a.start.cmp(b.start) })
	points := []u128{{}}
	for _, r := range rows {
		points = append(points, r.start)
		if r.end.cmp(top) < 0 {
			points = append(points, r.end.add1())
		}
	}
	slices.SortFunc(points, u128.cmp)
	points = slices.Compact(points)
	var p partition
	var h valHeap
	ri := 0
	for _, pt := range points {
		for ri < len(rows) && rows[ri].start == pt {
			heap.Push(&h, rows[ri])
			ri++
		}
		for h.Len() > 0 && h[0].end.cmp(pt) < 0 {
			heap.Pop(&h)
		}
		v := uint16(0)
		if h.Len() > 0 {
			v = h[0].val
		}
		if len(p.vals) == 0 || p.vals[len(p.vals)-1] != v {
			p.starts = append(p.starts, pt)
			p.vals = append(p.vals, v)
		}
	}
	return p
}

// mixedPartition marks the mixed blocks (1, else 0): within each IPv4 /8 (IPv6 /32), for
// each company with both a mainland network and another one announcing there, the span
// from the first to the last address its networks announce.
func mixedPartition(nets partition, networks []Network, blocks []MixedBlock, v6 bool, top u128) (partition, error) {
	shift := 24 // IPv4: the low 24 bits vary inside a /8
	if v6 {
		shift = 96
	}
	type span struct {
		from, to        u128
		mainland, other bool
		own             float64 // addresses the company's networks announce in the span
	}
	spans := map[[2]any]*span{} // (super-block, company)
	var keys [][2]any
	for i, s := range nets.starts {
		v := nets.vals[i]
		if v == 0 || int(v) > len(networks) {
			continue
		}
		n := networks[v-1]
		end := top
		if i+1 < len(nets.starts) {
			end = nets.starts[i+1].sub1()
		}
		// A range may cross super-blocks: cut it at their edges.
		for from := s; ; {
			blk := from.shr(shift)
			blkEnd, _ := blk.add1().shl(shift)
			blkEnd = blkEnd.sub1()
			if blk.add1().isZero() || blkEnd.cmp(top) > 0 || blkEnd.cmp(from) < 0 {
				blkEnd = top
			}
			to := end
			if blkEnd.cmp(end) < 0 {
				to = blkEnd
			}
			k := [2]any{blk, n.Company}
			sp := spans[k]
			if sp == nil {
				sp = &span{from: from, to: to}
				spans[k] = sp
				keys = append(keys, k)
			}
			if from.cmp(sp.from) < 0 {
				sp.from = from
			}
			if to.cmp(sp.to) > 0 {
				sp.to = to
			}
			if n.Class == NetworkMainland {
				sp.mainland = true
			} else {
				sp.other = true
			}
			sp.own += to.sub(from).float() + 1
			if to == end {
				break
			}
			from = to.add1()
		}
	}
	var rows []valRow
	for _, b := range blocks {
		p, err := netip.ParsePrefix(b.Prefix)
		if err != nil {
			return partition{}, fmt.Errorf("mixed block %q: %w", b.Prefix, err)
		}
		if p.Addr().Is6() != v6 {
			continue
		}
		rows = append(rows, valRow{start: prefixStart(p, v6), end: prefixEnd(p, v6), val: 1})
	}
	for _, k := range keys {
		// Mixed: both kinds of network, and the company's own announcements fill at least
		// half the span (Alibaba's 8.128.0.0-8.223.255.255; not a carrier's blocks scattered
		// over an APNIC /8 among other operators').
		if sp := spans[k]; sp.mainland && sp.other && sp.own >= (sp.to.sub(sp.from).float()+1)/2 {
			rows = append(rows, valRow{start: sp.from, end: sp.to, val: 1})
		}
	}
	return foldValues(rows, top), nil
}

// settledPartition marks the settled blocks of one family: 1 mainland, 2 offshore, else 0
// (the narrowest block decides where two nest).
func settledPartition(blocks []SettledBlock, v6 bool, top u128) (partition, error) {
	var rows []valRow
	for i, b := range blocks {
		p, err := netip.ParsePrefix(b.Prefix)
		if err != nil {
			return partition{}, fmt.Errorf("settled block %q: %w", b.Prefix, err)
		}
		var v uint16
		switch b.Class {
		case NetworkMainland:
			v = 1
		case NetworkOffshore:
			v = 2
		default:
			return partition{}, fmt.Errorf("settled block %s: class %q is not mainland or offshore", b.Prefix, b.Class)
		}
		if p.Addr().Is6() != v6 {
			continue
		}
		rows = append(rows, valRow{start: prefixStart(p, v6), end: prefixEnd(p, v6), val: v, seq: i})
	}
	return foldValues(rows, top), nil
}

// prefixStart and prefixEnd are a prefix's first and last address as table numbers (IPv4
// in the low 32 bits).
func prefixStart(p netip.Prefix, v6 bool) u128 {
	if !v6 {
		return u128{0, uint64(ipv4ToUint(p.Masked().Addr()))}
	}
	return toU128(p.Masked().Addr())
}

func prefixEnd(p netip.Prefix, v6 bool) u128 {
	if !v6 {
		return u128{0, uint64(ipv4ToUint(netipx.PrefixLastIP(p)))}
	}
	return toU128(netipx.PrefixLastIP(p))
}

// ComposeLocation builds the multi-source table from the two geolocation tables (built by
// LocationBuilder from their CSVs), the origin-AS rows of the listed networks, and meta (its
// Networks in the order the codes name them). Adjacent ranges of one code are merged.
func ComposeLocation(info LocationInfo, geo, geo2 *LocationTable, asRows []ASRow, meta LocationMeta) (*LocationTable, error) {
	if len(meta.Networks) > MaxNetworks {
		return nil, fmt.Errorf("%d networks: at most %d fit the table's codes", len(meta.Networks), MaxNetworks)
	}
	idx := map[uint32]uint16{}
	for i, n := range meta.Networks {
		if _, dup := idx[n.ASN]; dup {
			return nil, fmt.Errorf("AS%d is listed twice", n.ASN)
		}
		switch n.Class {
		case NetworkMainland, NetworkOffshore, NetworkMixed:
		default:
			return nil, fmt.Errorf("AS%d: class %q is not mainland, offshore or mixed", n.ASN, n.Class)
		}
		idx[n.ASN] = uint16(i + 1) //nolint:gosec // G115: at most MaxNetworks
	}
	t := &LocationTable{info: info, meta: &meta}
	for _, v6 := range []bool{false, true} {
		top := u128{0, math.MaxUint32}
		if v6 {
			top = maxU128
		}
		var rows []valRow
		for i, r := range asRows {
			if r.V6 != v6 {
				continue
			}
			// Rows of networks not listed count too: a more specific announcement by
			// another network inside a listed one's block is not the listed network's.
			v, listed := idx[r.ASN]
			if !listed {
				v = OtherNetwork
			}
			rows = append(rows, valRow{start: r.Start, end: r.End, val: v, seq: i})
		}
		nets := foldValues(rows, top)
		mixed, err := mixedPartition(nets, meta.Networks, meta.MixedBlocks, v6, top)
		if err != nil {
			return nil, err
		}
		settled, err := settledPartition(meta.SettledBlocks, v6, top)
		if err != nil {
			return nil, err
		}
		layers := []partition{tablePartition(geo, v6), tablePartition(geo2, v6), nets, mixed, settled}
		starts, codes := compose(layers, func(v []uint16) uint16 {
			c := Code(Location(v[0]), Location(v[1]), int(v[2]), v[3] != 0) //nolint:gosec // G115: the first two layers hold Location values (tablePartition), below 256
			switch v[4] {
			case 1:
				c = WithSettled(c, NetworkMainland)
			case 2:
				c = WithSettled(c, NetworkOffshore)
			}
			return c
		})
		if v6 {
			t.v6start, t.v6code = starts, codes
		} else {
			for _, s := range starts {
				t.v4start = append(t.v4start, uint32(s.lo)) //nolint:gosec // G115: IPv4 starts
			}
			t.v4code = codes
		}
	}
	t.decideAll()
	t.index()
	return t, nil
}

// compose walks the union of the layers' boundaries.
func compose(layers []partition, code func([]uint16) uint16) ([]u128, []uint16) {
	pos := make([]int, len(layers))
	vals := make([]uint16, len(layers))
	var starts []u128
	var codes []uint16
	cur := u128{}
	for {
		for i, l := range layers {
			for pos[i]+1 < len(l.starts) && l.starts[pos[i]+1].cmp(cur) <= 0 {
				pos[i]++
			}
			vals[i] = l.vals[pos[i]]
		}
		c := code(vals)
		if len(codes) == 0 || codes[len(codes)-1] != c {
			starts, codes = append(starts, cur), append(codes, c)
		}
		next, found := u128{}, false
		for i, l := range layers {
			if pos[i]+1 < len(l.starts) {
				if s := l.starts[pos[i]+1]; !found || s.cmp(next) < 0 {
					next, found = s, true
				}
			}
		}
		if !found {
			return starts, codes
		}
		cur = next
	}
}

// decideAll sets each range's Location from its code (multi-source tables).
func (t *LocationTable) decideAll() {
	var memo codeLocations
	t.v4loc = make([]Location, len(t.v4code))
	for i, c := range t.v4code {
		t.v4loc[i] = memo.location(t.meta, c)
	}
	t.v6loc = make([]Location, len(t.v6code))
	for i, c := range t.v6code {
		t.v6loc[i] = memo.location(t.meta, c)
	}
}

// codeLocations memoizes Decide's Location per code while a table is built or decoded: a
// table has a few hundred distinct codes and hundreds of thousands of ranges.
type codeLocations struct {
	known [1 << 16]bool
	loc   [1 << 16]Location
}

func (m *codeLocations) location(meta *LocationMeta, c uint16) Location {
	if int(c) >= len(m.known) {
		return meta.Decide(c).Location
	}
	if !m.known[c] {
		m.known[c], m.loc[c] = true, meta.Decide(c).Location
	}
	return m.loc[c]
}

// Meta returns the sources and networks of a multi-source table, nil for a table of one
// source (a location_sources file).
func (t *LocationTable) Meta() *LocationMeta { return t.meta }

// CodeOf returns the code of the range holding addr in a multi-source table (ok false for
// a table of one source or an address of a family without data).
func (t *LocationTable) CodeOf(addr netip.Addr) (uint16, bool) {
	if t.meta == nil {
		return 0, false
	}
	addr = addr.Unmap().WithZone("")
	switch {
	case addr.Is4():
		if i := t.find4(ipv4ToUint(addr)); i >= 0 {
			return t.v4code[i], true
		}
	case addr.Is6():
		if i := t.find6(toU128(addr)); i >= 0 {
			return t.v6code[i], true
		}
	}
	return 0, false
}

// NetworkEntry is a line of the network list (internal/locgen/networks.txt): an origin
// network, where it serves, whether the embedded table has a rule for it ("rule") or it is
// held out of the rules to measure geolocation on it ("held-out"), its part of the truth set
// and its truth-set group.
type NetworkEntry struct {
	Network
	Rule bool
	// Part is where the network's addresses go in the truth set: TruthHeld (all held back),
	// TruthTune (all on the tuning side) or TruthSplit (by block, PartOf).
	Part  string
	Group string // "" when the network has no truth (a mixed network)
}

// Truth-set parts of a network (NetworkEntry.Part).
const (
	TruthHeld  = "held"
	TruthTune  = "tune"
	TruthSplit = "split"
)

// PublisherList is a publisher line of the network list: a cloud's own region list and the
// networks whose class it confirms.
type PublisherList struct {
	ID   string   // "aws", "azure"
	Name string   // "AWS's region list (ip-ranges.json)"
	ASNs []uint32 // the networks it confirms
}

// NetworkList is the parsed network list.
type NetworkList struct {
	Networks      []NetworkEntry
	MixedBlocks   []MixedBlock
	SettledBlocks []SettledBlock
	Publishers    []PublisherList
}

// ParseNetworkList reads the network list, "#" comments and blank lines ignored:
//
//	asn | class | rule | part | group | company | name
//	block | prefix | class | company | why
//	publisher | id | name | asn asn …
//
// A network's class is mainland, offshore or mixed; rule "rule" or "held-out"; part held,
// tune or split (a network with a rule is never wholly held back: a rule written after its
// held-back figure was seen moves it to tune, said beside it); group "-" for none. A block's
// class is mixed (MixedBlock) or mainland / offshore (SettledBlock). A publisher line names
// networks with a rule whose class the publisher's region list confirms.
func ParseNetworkList(r io.Reader, name string) (*NetworkList, error) {
	sc := bufio.NewScanner(r)
	out := &NetworkList{}
	seen := map[uint32]int{}
	line := 0
	bad := func(msg string, a ...any) error {
		return &ParseError{Name: name, Line: line, Msg: fmt.Sprintf(msg, a...)}
	}
	var pubLines []int
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || s[0] == '#' {
			continue
		}
		f := strings.Split(s, "|")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		switch f[0] {
		case "block":
			if len(f) != 5 {
				return nil, bad("expected block|prefix|class|company|why")
			}
			if _, err := netip.ParsePrefix(f[1]); err != nil {
				return nil, bad("block %q: %v", f[1], err)
			}
			switch NetworkClass(f[2]) {
			case NetworkMixed:
				out.MixedBlocks = append(out.MixedBlocks, MixedBlock{Prefix: f[1], Company: f[3]})
			case NetworkMainland, NetworkOffshore:
				if f[4] == "" {
					return nil, bad("settled block %s: say which source settles it", f[1])
				}
				out.SettledBlocks = append(out.SettledBlocks, SettledBlock{Prefix: f[1], Class: NetworkClass(f[2]), Company: f[3], Why: f[4]})
			default:
				return nil, bad("block class %q is not mixed, mainland or offshore", f[2])
			}
			continue
		case "publisher":
			if len(f) != 4 || f[1] == "" || f[2] == "" {
				return nil, bad("expected publisher|id|name|asn asn …")
			}
			p := PublisherList{ID: f[1], Name: f[2]}
			for _, a := range strings.Fields(f[3]) {
				n, err := strconv.ParseUint(strings.TrimPrefix(a, "AS"), 10, 32)
				if err != nil {
					return nil, bad("publisher %s: AS number %q", f[1], a)
				}
				p.ASNs = append(p.ASNs, uint32(n))
			}
			out.Publishers = append(out.Publishers, p)
			pubLines = append(pubLines, line)
			continue
		}
		if len(f) != 7 {
			return nil, bad("expected asn|class|rule|part|group|company|name")
		}
		a, err := strconv.ParseUint(strings.TrimPrefix(f[0], "AS"), 10, 32)
		if _, dup := seen[uint32(a)]; err != nil || dup {
			return nil, bad("AS number %q is not a number or is listed twice", f[0])
		}
		e := NetworkEntry{Network: Network{ASN: uint32(a), Class: NetworkClass(f[1]), Company: f[5], Name: f[6]}, Rule: f[2] == "rule", Part: f[3], Group: f[4]}
		switch e.Class {
		case NetworkMainland, NetworkOffshore, NetworkMixed:
		default:
			return nil, bad("class %q is not mainland, offshore or mixed", f[1])
		}
		if f[2] != "rule" && f[2] != "held-out" {
			return nil, bad("rule %q is not rule or held-out", f[2])
		}
		switch e.Part {
		case TruthHeld, TruthTune, TruthSplit:
		default:
			return nil, bad("part %q is not held, tune or split", f[3])
		}
		if e.Rule && e.Part == TruthHeld {
			return nil, bad("AS%d has a rule but is wholly held back: a network whose rule was written after its held-back figure was seen is tune (say so beside it)", e.ASN)
		}
		if e.Group == "-" {
			e.Group = ""
		}
		seen[e.ASN] = len(out.Networks)
		out.Networks = append(out.Networks, e)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for i, p := range out.Publishers {
		line = pubLines[i]
		for _, a := range p.ASNs {
			j, ok := seen[a]
			if !ok || !out.Networks[j].Rule || out.Networks[j].Class == NetworkMixed {
				return nil, bad("publisher %s: AS%d is not a listed mainland or offshore network with a rule", p.ID, a)
			}
			if out.Networks[j].Publisher != "" {
				return nil, bad("AS%d is confirmed by two publishers", a)
			}
			out.Networks[j].Publisher = p.Name
		}
	}
	return out, nil
}

// PartOf returns the truth-set part of an address of a network whose part is TruthSplit:
// held when its block (IPv4 /16, IPv6 /32) has an odd FNV-1a hash, else tune. It depends on
// the address only, never on the rules.
func PartOf(a netip.Addr) string {
	bits := 16
	if a.Is6() {
		bits = 32
	}
	p, _ := a.Prefix(bits)
	h := fnv.New32a()
	h.Write(p.Addr().AsSlice())
	if h.Sum32()%2 == 1 {
		return TruthHeld
	}
	return TruthTune
}

// OriginRange is a range of one origin network (ASN 0: none of those asked about, or none).
type OriginRange struct {
	From, To netip.Addr
	ASN      uint32
}

// FoldOrigins folds origin-AS rows of one family into ranges where the narrowest row
// covering an address decides (as ComposeLocation does), keeping the networks in asns and
// marking every other range ASN 0.
func FoldOrigins(rows []ASRow, v6 bool, asns []uint32) []OriginRange {
	idx := map[uint32]uint16{}
	for i, a := range asns {
		idx[a] = uint16(i + 1) //nolint:gosec // G115: a short list
	}
	top := u128{0, math.MaxUint32}
	if v6 {
		top = maxU128
	}
	var vr []valRow
	for i, r := range rows {
		if r.V6 == v6 {
			vr = append(vr, valRow{start: r.Start, end: r.End, val: idx[r.ASN], seq: i})
		}
	}
	p := foldValues(vr, top)
	out := make([]OriginRange, 0, len(p.starts))
	for i, s := range p.starts {
		end := top
		if i+1 < len(p.starts) {
			end = p.starts[i+1].sub1()
		}
		var asn uint32
		if v := p.vals[i]; v != 0 {
			asn = asns[v-1]
		}
		from, to := fromU128(s), fromU128(end)
		if !v6 {
			from, to = uintToIPv4(uint32(s.lo)), uintToIPv4(uint32(end.lo)) //nolint:gosec // G115: IPv4
		}
		out = append(out, OriginRange{From: from, To: to, ASN: asn})
	}
	return out
}
