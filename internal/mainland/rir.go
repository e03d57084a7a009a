package mainland

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"go4.org/netipx"
)

// ParseError reports a malformed line of a delegated statistics file.
type ParseError struct {
	// Name is the file name or URL given to ParseDelegated.
	Name string
	// Line is the 1-based line number, 0 if the error is not about one line.
	Line int
	// Msg says what is wrong.
	Msg string
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.Name, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
}

// delegation is one ipv4 or ipv6 record of a delegated file.
type delegation struct {
	from, to netip.Addr
	class    Class
	evidence string // "APNIC delegation 1.0.1.0/24 (CN) from delegated-apnic-latest (2026-11-24)"
	date     string // the file's data date, YYYY-MM-DD, "" when its version line has none
}

// RIRData is the parsed content of one or more RIR delegated statistics files.
// It is immutable after construction and safe for concurrent use.
type RIRData struct {
	mainland, offshore, conflict *netipx.IPSet
	dels                         []delegation // sorted by from, then by to descending
	maxTo                        []netip.Addr // maxTo[i] = max(dels[:i+1].to)
	sources                      []string
	skipped                      int
	// When no two delegations overlap (the normal case) Classify uses these
	// flat tables: one binary search over integers gives class and evidence.
	disjoint bool
	v4from   []uint32
	v4to     []uint32
	v4idx    []int32 // index into dels
	v6from   []u128
	v6to     []u128
	v6idx    []int32
}

// maxLineLen bounds the length of a line of a delegated file.
const maxLineLen = 4096

// ParseDelegated parses an RIR statistics exchange file ("delegated-apnic-
// latest", "delegated-apnic-extended-latest" or the same format from the other
// RIRs). name identifies the source in evidence and errors.
//
// The format is one record per line, fields separated by "|":
//
//	registry|cc|type|start|value|date|status[|extensions...]
//
// Blank lines, comments (#), the version line (first field a version number
// such as "2" or "2.3") and summary lines (registry|*|type|*|count|summary)
// are skipped. Records of type ipv4 give the first address and a count of
// addresses, which need not be a power of two (1.0.1.0 with 768 covers
// 1.0.1.0–1.0.3.255); records of type ipv6 give the first address and a prefix
// length. Only records with status allocated or assigned are used. Records of
// other types (asn, or any future type), other statuses (available, reserved)
// or without a country (empty or ZZ) are skipped and counted (Skipped). CN is
// mainland; every other country code, including HK, MO and TW, is offshore.
//
// A line that does not have this form — too few fields, an address or count
// that does not parse, a range past the end of the address space, a country
// code that is not two letters — is an error (*ParseError) naming the line:
// a damaged file is rejected rather than half used.
func ParseDelegated(r io.Reader, name string) (*RIRData, error) {
	dels, skipped, err := parseDelegations(r, name)
	if err != nil {
		return nil, err
	}
	return build(dels, []string{name}, skipped)
}

func parseDelegations(r io.Reader, name string) ([]delegation, int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, maxLineLen), maxLineLen)
	var dels []delegation
	skipped, line := 0, 0
	date := ""
	for sc.Scan() {
		line++
		if d, ok := versionDate(sc.Text()); ok {
			date = d
		}
		d, use, err := parseLine(sc.Text(), name, date)
		if err != "" {
			return nil, 0, &ParseError{Name: name, Line: line, Msg: err}
		}
		switch use {
		case lineRecord:
			dels = append(dels, d)
		case lineSkipped:
			skipped++
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, 0, &ParseError{Name: name, Line: line + 1, Msg: fmt.Sprintf("line longer than %d bytes", maxLineLen)}
		}
		return nil, 0, &ParseError{Name: name, Line: line, Msg: "reading: " + err.Error()}
	}
	return dels, skipped, nil
}

type lineUse int

const (
	lineIgnored lineUse = iota // comment, blank, version, summary
	lineSkipped                // a record this package does not use
	lineRecord
)

// versionDate returns the data date of a version line
// (version|registry|serial|records|startdate|enddate|UTCoffset): its enddate, the last day
// the file covers, as YYYY-MM-DD.
func versionDate(text string) (string, bool) {
	f := strings.Split(strings.TrimSpace(text), "|")
	if len(f) < 6 || !isVersion(f[0]) || len(f[5]) != 8 {
		return "", false
	}
	for i := 0; i < 8; i++ {
		if f[5][i] < '0' || f[5][i] > '9' {
			return "", false
		}
	}
	return f[5][:4] + "-" + f[5][4:6] + "-" + f[5][6:], true
}

func parseLine(text, name, date string) (delegation, lineUse, string) {
	s := strings.TrimSpace(text)
	if s == "" || s[0] == '#' {
		return delegation{}, lineIgnored, ""
	}
	f := strings.Split(s, "|")
	if isVersion(f[0]) {
		return delegation{}, lineIgnored, ""
	}
	if len(f) >= 6 && f[1] == "*" && f[3] == "*" && f[5] == "summary" {
		return delegation{}, lineIgnored, ""
	}
	if len(f) < 7 {
		return delegation{}, 0, fmt.Sprintf("expected at least 7 fields registry|cc|type|start|value|date|status, got %d", len(f))
	}
	registry, cc, typ, start, value, status := f[0], f[1], f[2], f[3], f[4], f[6]
	if registry == "" {
		return delegation{}, 0, "the registry field is empty"
	}
	if typ != "ipv4" && typ != "ipv6" {
		return delegation{}, lineSkipped, "" // asn or a future type
	}
	if status != "allocated" && status != "assigned" {
		return delegation{}, lineSkipped, "" // available, reserved, ...
	}
	if cc == "" || cc == "ZZ" {
		return delegation{}, lineSkipped, ""
	}
	if len(cc) != 2 || !isUpperLetter(cc[0]) || !isUpperLetter(cc[1]) {
		return delegation{}, 0, fmt.Sprintf("country code %q is not two capital letters", trunc(cc))
	}
	from, err := netip.ParseAddr(start)
	if err != nil || from.Zone() != "" {
		return delegation{}, 0, fmt.Sprintf("start address %q does not parse", trunc(start))
	}
	var to netip.Addr
	var rng string
	switch typ {
	case "ipv4":
		if !from.Is4() {
			return delegation{}, 0, fmt.Sprintf("start address %q of an ipv4 record is not IPv4", trunc(start))
		}
		count, err := strconv.ParseUint(value, 10, 64)
		if err != nil || count == 0 {
			return delegation{}, 0, fmt.Sprintf("address count %q is not a positive whole number", trunc(value))
		}
		first := uint64(ipv4ToUint(from))
		last := first + count - 1 // wraps only for count > 1<<32, which is refused first
		if count > 1<<32 || last > math.MaxUint32 {
			return delegation{}, 0, fmt.Sprintf("%s + %d addresses runs past 255.255.255.255", start, count)
		}
		to = uintToIPv4(uint32(last))
		if p, ok := netipx.IPRangeFrom(from, to).Prefix(); ok {
			rng = p.String()
		} else {
			rng = from.String() + "-" + to.String()
		}
	case "ipv6":
		if !from.Is6() {
			return delegation{}, 0, fmt.Sprintf("start address %q of an ipv6 record is not IPv6", trunc(start))
		}
		bits, err := strconv.Atoi(value)
		if err != nil || bits < 0 || bits > 128 {
			return delegation{}, 0, fmt.Sprintf("prefix length %q is not a number from 0 to 128", trunc(value))
		}
		p := netip.PrefixFrom(from, bits)
		if p.Masked().Addr() != from {
			return delegation{}, 0, fmt.Sprintf("%s/%d has bits set after the prefix length", start, bits)
		}
		to = netipx.PrefixLastIP(p)
		rng = p.String()
	}
	class := Offshore
	if cc == "CN" {
		class = Mainland
	}
	ev := strings.ToUpper(registry) + " delegation " + rng + " (" + cc + ") from " + name
	if date != "" {
		ev += " (" + date + ")"
	}
	return delegation{from: from, to: to, class: class, evidence: ev, date: date}, lineRecord, ""
}

// isVersion reports whether a first field is a format version ("2", "2.3").
func isVersion(s string) bool {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

func isUpperLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

func trunc(s string) string {
	if len(s) > 48 {
		return s[:48] + "…"
	}
	return s
}

func ipv4ToUint(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func uintToIPv4(u uint32) netip.Addr {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], u)
	return netip.AddrFrom4(b)
}

// build makes RIRData from parsed delegations. Addresses covered by both a
// CN and a non-CN delegation (possible when files disagree) are put in a
// conflict set and classified as Unknown.
func build(dels []delegation, sources []string, skipped int) (*RIRData, error) {
	var mb, ob netipx.IPSetBuilder
	for _, d := range dels {
		r := netipx.IPRangeFrom(d.from, d.to)
		if d.class == Mainland {
			mb.AddRange(r)
		} else {
			ob.AddRange(r)
		}
	}
	m, err := mb.IPSet()
	if err != nil {
		return nil, fmt.Errorf("building mainland address set: %w", err)
	}
	o, err := ob.IPSet()
	if err != nil {
		return nil, fmt.Errorf("building offshore address set: %w", err)
	}
	var cb netipx.IPSetBuilder
	cb.AddSet(m)
	cb.Intersect(o)
	c, err := cb.IPSet()
	if err != nil {
		return nil, err
	}
	if len(c.Ranges()) > 0 {
		mb.RemoveSet(c)
		ob.RemoveSet(c)
		if m, err = mb.IPSet(); err != nil {
			return nil, err
		}
		if o, err = ob.IPSet(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(dels, func(a, b delegation) int {
		if c := a.from.Compare(b.from); c != 0 {
			return c
		}
		return b.to.Compare(a.to)
	})
	maxTo := make([]netip.Addr, len(dels))
	for i, d := range dels {
		maxTo[i] = d.to
		if i > 0 && maxTo[i-1].Compare(d.to) > 0 {
			maxTo[i] = maxTo[i-1]
		}
	}
	d := &RIRData{
		mainland: m, offshore: o, conflict: c,
		dels: dels, maxTo: maxTo,
		sources: slices.Clone(sources), skipped: skipped,
		disjoint: true,
	}
	for i := 1; i < len(dels); i++ {
		if dels[i].from.Compare(maxTo[i-1]) <= 0 {
			d.disjoint = false
			break
		}
	}
	if d.disjoint {
		for i, del := range dels {
			if del.from.Is4() {
				d.v4from = append(d.v4from, ipv4ToUint(del.from))
				d.v4to = append(d.v4to, ipv4ToUint(del.to))
				d.v4idx = append(d.v4idx, int32(i))
			} else {
				d.v6from = append(d.v6from, toU128(del.from))
				d.v6to = append(d.v6to, toU128(del.to))
				d.v6idx = append(d.v6idx, int32(i))
			}
		}
	}
	return d, nil
}

// classifyDisjoint looks addr up in the flat tables of disjoint data.
func (d *RIRData) classifyDisjoint(addr netip.Addr) (delegation, bool) {
	if addr.Is4() {
		u := ipv4ToUint(addr)
		lo, hi := 0, len(d.v4from) // find the first start > u
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if d.v4from[m] <= u {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo > 0 && d.v4to[lo-1] >= u {
			return d.dels[d.v4idx[lo-1]], true
		}
		return delegation{}, false
	}
	u := toU128(addr)
	lo, hi := 0, len(d.v6from)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if u.cmp(d.v6from[m]) >= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo > 0 && d.v6to[lo-1].cmp(u) >= 0 {
		return d.dels[d.v6idx[lo-1]], true
	}
	return delegation{}, false
}

// Merge combines several RIRData (e.g. the files of several registries) into
// one. Nil entries are ignored.
func Merge(parts ...*RIRData) (*RIRData, error) {
	var dels []delegation
	var sources []string
	skipped := 0
	for _, p := range parts {
		if p == nil {
			continue
		}
		dels = append(dels, p.dels...)
		sources = append(sources, p.sources...)
		skipped += p.skipped
	}
	return build(dels, sources, skipped)
}

// Sources returns the names of the files the data was parsed from.
func (d *RIRData) Sources() []string {
	if d == nil {
		return nil
	}
	return slices.Clone(d.sources)
}

// Len returns the number of delegations (ipv4 and ipv6 records) used.
func (d *RIRData) Len() int {
	if d == nil {
		return 0
	}
	return len(d.dels)
}

// Skipped returns the number of records not used: other types (asn), other
// statuses (available, reserved), no country.
func (d *RIRData) Skipped() int {
	if d == nil {
		return 0
	}
	return d.skipped
}

// MainlandSet returns the addresses delegated to CN (less conflicts).
func (d *RIRData) MainlandSet() *netipx.IPSet {
	if d == nil || d.mainland == nil {
		return &netipx.IPSet{}
	}
	return d.mainland
}

// OffshoreSet returns the addresses delegated to other countries (less
// conflicts).
func (d *RIRData) OffshoreSet() *netipx.IPSet {
	if d == nil || d.offshore == nil {
		return &netipx.IPSet{}
	}
	return d.offshore
}

// Classify classifies addr by the delegation covering it: Mainland for CN,
// Offshore for any other country, Unknown when no delegation covers it or
// delegations of CN and another country both do. IPv4-mapped IPv6 addresses
// are classified as IPv4, so ipv6 records covering ::ffff:0:0/96 never
// decide. It does not allocate for covered addresses.
func (d *RIRData) Classify(addr netip.Addr) Verdict {
	addr = addr.Unmap().WithZone("")
	if d == nil || d.mainland == nil || !addr.IsValid() {
		return Verdict{Class: Unknown, Evidence: "no registry data (" + SettingRIRSources + ")"}
	}
	if d.disjoint {
		if del, ok := d.classifyDisjoint(addr); ok {
			return Verdict{Class: del.class, Source: SourceRIR, Evidence: del.evidence, DataDate: del.date}
		}
		return d.notCovered(addr)
	}
	switch {
	case d.mainland.Contains(addr):
		ev, date := d.evidence(addr)
		return Verdict{Class: Mainland, Source: SourceRIR, Evidence: ev, DataDate: date}
	case d.offshore.Contains(addr):
		ev, date := d.evidence(addr)
		return Verdict{Class: Offshore, Source: SourceRIR, Evidence: ev, DataDate: date}
	case d.conflict.Contains(addr):
		return Verdict{Class: Unknown, Source: SourceRIR, Evidence: "registry data disagrees about " + addr.String() + ": " + strings.Join(d.covering(addr, 4), "; ")}
	}
	return d.notCovered(addr)
}

func (d *RIRData) notCovered(addr netip.Addr) Verdict {
	return Verdict{Class: Unknown, Evidence: "no delegation in " + SettingRIRSources + " (" + strings.Join(d.sources, ", ") + ") covers " + addr.String()}
}

// evidence returns the evidence and data date of the narrowest delegation covering addr.
func (d *RIRData) evidence(addr netip.Addr) (string, string) {
	if i := d.find(addr); i >= 0 {
		return d.dels[i].evidence, d.dels[i].date
	}
	return "", ""
}

// upper returns the number of delegations starting at or before addr.
func (d *RIRData) upper(addr netip.Addr) int {
	i, _ := slices.BinarySearchFunc(d.dels, addr, func(x delegation, a netip.Addr) int {
		if x.from.Compare(a) <= 0 {
			return -1
		}
		return 1
	})
	return i
}

// find returns the index of the last-starting (hence narrowest, in
// well-formed data) delegation covering addr, or -1. maxTo lets the walk back
// stop as soon as no earlier delegation can reach addr.
func (d *RIRData) find(addr netip.Addr) int {
	for j := d.upper(addr) - 1; j >= 0 && d.maxTo[j].Compare(addr) >= 0; j-- {
		if d.dels[j].to.Compare(addr) >= 0 {
			return j
		}
	}
	return -1
}

// covering returns the evidence of up to limit delegations covering addr.
func (d *RIRData) covering(addr netip.Addr, limit int) []string {
	var out []string
	for j := d.upper(addr) - 1; j >= 0 && d.maxTo[j].Compare(addr) >= 0 && len(out) < limit; j-- {
		if d.dels[j].to.Compare(addr) >= 0 {
			out = append(out, d.dels[j].evidence)
		}
	}
	return out
}
