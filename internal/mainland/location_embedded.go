package mainland

import (
	_ "embed"
	"fmt"
	"net/netip"
	"sync"
	"sync/atomic"

	"github.com/beian-dev/terraform-provider-beian/internal/netspecial"
)

//go:generate ../../scripts/update-location-data.sh

// embeddedLocation is the location table compiled into the provider, of several sources
// (locationdata/VERSION names them: two geolocation packages and origin-AS routing data,
// with the network rules of internal/locgen/networks.txt), composed by internal/locgen.
// `make update-location-data` refreshes it.
//
//go:embed locationdata/location.bin
var embeddedLocation []byte

// embeddedTable decodes the embedded table on first use only: a run that never classifies
// an address does not pay for it (see BenchmarkEmbeddedLocationLoad).
var embeddedTable = sync.OnceValues(func() (*LocationTable, error) {
	embeddedDecoded.Store(true)
	t, err := DecodeLocationTable(embeddedLocation)
	if err != nil {
		return nil, err
	}
	t.info.Embedded = true
	return t, nil
})

var embeddedDecoded atomic.Bool

// EmbeddedLocationDecoded reports whether the embedded table has been decoded in this
// process: tests use it to check that a run that classifies nothing does not pay for it.
func EmbeddedLocationDecoded() bool { return embeddedDecoded.Load() }

// EmbeddedLocation returns the location table compiled into the provider, decoding it on
// the first call (a few milliseconds; later calls return the same table). The error is
// only for a damaged build.
func EmbeddedLocation() (*LocationTable, error) { return embeddedTable() }

// EmbeddedLocationMeta returns the sources and networks of the embedded table without
// decoding its ranges (nil for a damaged build).
func EmbeddedLocationMeta() *LocationMeta {
	_, meta, _, err := decodeLocationHeader(embeddedLocation)
	if err != nil {
		return nil
	}
	return meta
}

// EmbeddedLocationInfo describes the embedded table without decoding it.
func EmbeddedLocationInfo() LocationInfo {
	info, _, _, err := decodeLocationHeader(embeddedLocation)
	if err != nil {
		return LocationInfo{Embedded: true}
	}
	info.Embedded = true
	return info
}

// OfflineAnswer is where the provider's built-in data alone places an address.
type OfflineAnswer struct {
	// Location is the answer; LocationUnknown for special-purpose addresses and for
	// space the embedded data places nowhere.
	Location Location
	// Source says what decided: "embedded location data
	// @ip-location-db/geo-whois-asn-country@<version>", or "special-purpose range
	// <prefix>, <name>, <RFC>" — with the carrier named for a NAT64, 6to4 or Teredo
	// address.
	Source string
	// DataDate is the embedded data's date (YYYY-MM-DD); "" when a special-purpose
	// range decided.
	DataDate string
	// Evidence is the full account of the answer, as the ICP guard writes it.
	Evidence string
	// Sources are the sources consulted, each with its answer, the deciding ones first
	// (Verdict.Sources); empty when a special-purpose range decided.
	Sources []string
	// Decided names the sources the answer rests on.
	Decided []string
	// Agreed: every source that places the address places it in the same class.
	Agreed bool
	// Caution is set on an offshore answer that could hide a mainland server
	// (Verdict.Caution).
	Caution string
}

// ClassifyOffline places addr using only what is compiled into the provider: the
// special-purpose ranges (internal/netspecial, with NAT64 / 6to4 / Teredo addresses judged
// by the IPv4 address they carry) and the embedded location table. No declaration, no
// account, no file, no network. The error is for an invalid address (or a damaged build).
func ClassifyOffline(addr netip.Addr) (OfflineAnswer, error) {
	if !addr.IsValid() {
		return OfflineAnswer{}, fmt.Errorf("not an IP address")
	}
	addr = addr.Unmap().WithZone("")
	if v4, emb, ok := netspecial.EmbeddedIPv4(addr); ok {
		a, err := ClassifyOffline(v4)
		if err != nil {
			return a, err
		}
		if a.DataDate != "" { // the table decided: say for which address
			a.Source += fmt.Sprintf(", for %s, carried in %s (%s)", v4, addr, emb)
		} else {
			a.Source = "special-purpose range " + NonPublic(addr)
		}
		a.Evidence = fmt.Sprintf("%s carries the IPv4 address %s (%s), which is judged: %s", addr, v4, emb, a.Evidence)
		return a, nil
	}
	if why := NonPublic(addr); why != "" {
		// No source places it, so none disagrees: Agreed.
		return OfflineAnswer{Location: LocationUnknown, Source: "special-purpose range " + why, Agreed: true,
			Evidence: fmt.Sprintf("%s is not a public address (%s)", addr, why)}, nil
	}
	t, err := EmbeddedLocation()
	if err != nil {
		return OfflineAnswer{}, err
	}
	info := t.Info()
	src := "embedded location data " + info.Source
	a := t.Lookup(addr)
	if a.Location == LocationUnknown {
		ans := OfflineAnswer{Location: LocationUnknown, Source: src, DataDate: info.Date, Agreed: true,
			Evidence: fmt.Sprintf("%s places %s nowhere (unallocated or reserved space in this data)", t.Label(), addr)}
		if c, ok := t.CodeOf(addr); ok {
			v := multiVerdict(t, a, c)
			ans.Sources, ans.Agreed = v.Sources, v.Agreed
		}
		return ans, nil
	}
	v := locationVerdict(t, a)
	return OfflineAnswer{Location: a.Location, Source: src, DataDate: info.Date, Evidence: v.Evidence,
		Sources: v.Sources, Decided: v.Decided, Agreed: v.Agreed, Caution: v.Caution}, nil
}
