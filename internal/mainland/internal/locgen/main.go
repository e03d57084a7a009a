// Command locgen composes the location table embedded in the provider
// (internal/mainland/locationdata/location.bin) and its description (locationdata/VERSION)
// from three npm packages and the network list networks.txt.
// scripts/update-location-data.sh fetches the pinned tarballs with `npm pack` and runs it:
//
//	go run ./internal/mainland/internal/locgen \
//	  -geo '@ip-location-db/geo-whois-asn-country@2.3.2026061719=sha512-…' -geo-tgz a.tgz \
//	  -geo2 '@ip-location-db/dbip-country@2.3.2026060120=sha512-…' -geo2-tgz b.tgz \
//	  -asn '@ip-location-db/asn@2.3.2026061719=sha512-…' -asn-tgz c.tgz \
//	  -networks internal/mainland/internal/locgen/networks.txt -out internal/mainland/locationdata
//
// It refuses a tarball whose SHA-512 is not the pinned integrity or whose package.json names
// another package or version. The two geolocation packages' numeric CSVs are folded by
// mainland.LocationBuilder (narrowest row wins; the same code that reads a location_sources
// file); the origin-AS rows of the networks with a rule in networks.txt become a third layer;
// mainland.ComposeLocation cuts the address space into ranges where all three (and the
// mixed-block and settled-block marks of networks.txt) are constant, and stores what each
// says, so that the decision rule (mainland.LocationMeta.Decide) stays in code. The
// publishers' region lists are not an input: networks.txt names which networks they confirm
// (checked by internal/truthgen), and only that statement is embedded. The output is a function of the inputs only:
// two runs on the same tarballs write the same bytes.
package main

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland/internal/pkgdata"
)

// BinName is the embedded table's file name in the output directory.
const BinName = "location.bin"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "locgen:", err)
		os.Exit(1)
	}
}

// input is one package: its pin, tarball and the files read from it.
type input struct {
	role, csv4, csv6 string
	license          []string // licence files, quoted one line each in VERSION
	pin              pkgdata.Pin
	pkg              *pkgdata.Package
	date             string
}

func (in *input) open(tgz string) error {
	names := append([]string{in.csv4, in.csv6}, in.license...)
	p, err := pkgdata.Open(tgz, in.pin, names...)
	if err != nil {
		return err
	}
	in.pkg = p
	in.date, err = in.pin.Date()
	return err
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("locgen", flag.ContinueOnError)
	var pins, tgzs [3]string
	roles := []string{"geo", "geo2", "asn"}
	for i, r := range roles {
		fs.StringVar(&pins[i], r, "", "the pinned package of role "+r+": name@version=sha512-…")
		fs.StringVar(&tgzs[i], r+"-tgz", "", "its tarball (npm pack)")
	}
	networks := fs.String("networks", "", "the network list (internal/mainland/internal/locgen/networks.txt)")
	out := fs.String("out", "", "output directory (internal/mainland/locationdata)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for i := range roles {
		if pins[i] == "" || tgzs[i] == "" {
			return errors.New("-geo, -geo2, -asn, their -…-tgz, -networks and -out are required")
		}
	}
	if *networks == "" || *out == "" {
		return errors.New("-geo, -geo2, -asn, their -…-tgz, -networks and -out are required")
	}
	ins := []*input{
		{role: "geo", csv4: "geo-whois-asn-country-ipv4-num.csv", csv6: "geo-whois-asn-country-ipv6-num.csv", license: []string{"NRO_LICENSE"}},
		{role: "geo2", csv4: "dbip-country-ipv4-num.csv", csv6: "dbip-country-ipv6-num.csv", license: []string{"DBIP-LICENSE"}},
		{role: "asn", csv4: "asn-ipv4-num.csv", csv6: "asn-ipv6-num.csv", license: []string{"ROUTEVIEWS-LICENSE", "DBIP-LICENSE", "NRO_LICENSE"}},
	}
	for i, in := range ins {
		pin, err := pkgdata.ParsePin(pins[i])
		if err != nil {
			return fmt.Errorf("-%s: %w", in.role, err)
		}
		in.pin = pin
		if err := in.open(tgzs[i]); err != nil {
			return err
		}
	}
	nf, err := os.ReadFile(*networks)
	if err != nil {
		return err
	}
	list, err := mainland.ParseNetworkList(bytes.NewReader(nf), filepath.Base(*networks))
	if err != nil {
		return err
	}
	meta := mainland.LocationMeta{MixedBlocks: list.MixedBlocks, SettledBlocks: list.SettledBlocks}
	for _, e := range list.Networks {
		if e.Rule {
			meta.Networks = append(meta.Networks, e.Network)
		}
	}
	var tabs [2]*mainland.LocationTable
	var stats [2]mainland.LocationStats
	for i, in := range ins[:2] {
		var b mainland.LocationBuilder
		for _, name := range []string{in.csv4, in.csv6} {
			if err := b.ReadCSV(bytes.NewReader(in.pkg.Files[name]), name); err != nil {
				return err
			}
		}
		tabs[i] = b.Build(mainland.LocationInfo{Source: in.pin.Package + "@" + in.pin.Version, Date: in.date})
		stats[i] = b.Stats()
	}
	// Every origin-AS row counts, not only the listed networks': a more specific
	// announcement by another network inside a listed one's block is not the listed one's.
	asIn := ins[2]
	var asRows []mainland.ASRow
	for fam, name := range []string{asIn.csv4, asIn.csv6} {
		rows, err := mainland.ReadASNumCSV(bytes.NewReader(asIn.pkg.Files[name]), name, fam == 1, nil)
		if err != nil {
			return err
		}
		asRows = append(asRows, rows...)
	}
	for _, in := range ins {
		meta.Sources = append(meta.Sources, mainland.DataSource{Role: in.role, Package: in.pin.Package, Version: in.pin.Version,
			Date: in.date, Integrity: in.pin.Integrity, License: in.pkg.License})
	}
	// The table's date is its newest source's: the age a user reads in the evidence.
	date := ""
	for _, in := range ins {
		date = max(date, in.date)
	}
	labels := make([]string, len(ins))
	for i, in := range ins {
		labels[i] = in.pin.Package + "@" + in.pin.Version
	}
	info := mainland.LocationInfo{Source: strings.Join(labels, " + "), Date: date}
	t, err := mainland.ComposeLocation(info, tabs[0], tabs[1], asRows, meta)
	if err != nil {
		return err
	}
	enc, err := t.MarshalBinary()
	if err != nil {
		return err
	}
	// Round trip before writing: the provider must be able to read what it embeds.
	if _, err := mainland.DecodeLocationTable(enc); err != nil {
		return fmt.Errorf("the encoded table does not decode: %w", err)
	}
	v4, v6 := t.Ranges()
	binSum := sha512.Sum512(enc)
	var desc strings.Builder
	desc.WriteString("# The embedded location data. Generated by internal/mainland/internal/locgen\n# (make update-location-data); do not edit. See NOTICE for the data's licences.\n")
	for i, in := range ins {
		fmt.Fprintf(&desc, "source.%s: %s@%s\n", in.role, in.pin.Package, in.pin.Version)
		fmt.Fprintf(&desc, "source.%s.date: %s\n", in.role, in.date)
		fmt.Fprintf(&desc, "source.%s.integrity: %s\n", in.role, in.pin.Integrity)
		fmt.Fprintf(&desc, "source.%s.tarball: %s\n", in.role, in.pin.TarballURL())
		fmt.Fprintf(&desc, "source.%s.license: %s\n", in.role, in.pkg.License)
		for _, l := range in.license {
			fmt.Fprintf(&desc, "source.%s.%s: %s\n", in.role, l, pkgdata.OneLine(in.pkg.Files[l]))
		}
		if i < 2 {
			s := stats[i]
			fmt.Fprintf(&desc, "source.%s.rows: %d IPv4, %d IPv6 (%d without a country; %d IPv4 and %d IPv6 ranges where the narrowest rows conflict: unallocated)\n",
				in.role, s.Rows4, s.Rows6, s.NoCountry, s.Conflicts4, s.Conflicts6)
		}
	}
	fmt.Fprintf(&desc, "source.asn.rows: %d\n", len(asRows))
	fmt.Fprintf(&desc, "networks: %d with a rule (%s)\n", len(meta.Networks), networkList(meta.Networks))
	var bs, ss, ps []string
	for _, b := range list.MixedBlocks {
		bs = append(bs, b.Prefix+" "+b.Company)
	}
	fmt.Fprintf(&desc, "mixed_blocks: %s\n", strings.Join(bs, ", "))
	for _, b := range list.SettledBlocks {
		ss = append(ss, fmt.Sprintf("%s %s %s (%s)", b.Prefix, b.Class, b.Company, b.Why))
	}
	fmt.Fprintf(&desc, "settled_blocks: %s\n", strings.Join(ss, ", "))
	for _, p := range list.Publishers {
		as := make([]string, len(p.ASNs))
		for i, a := range p.ASNs {
			as[i] = fmt.Sprintf("AS%d", a)
		}
		ps = append(ps, fmt.Sprintf("%s confirms %s", p.Name, strings.Join(as, " ")))
	}
	fmt.Fprintf(&desc, "publishers: %s (checked by the truth set's generator; no publisher's list is embedded)\n", strings.Join(ps, "; "))
	fmt.Fprintf(&desc, "date: %s\n", date)
	fmt.Fprintf(&desc, "ranges: %d IPv4, %d IPv6 (each with what every source says; adjacent ranges of one code merged)\n", v4, v6)
	fmt.Fprintf(&desc, "file: %s, %d bytes, sha512-%s\n", BinName, len(enc), base64.StdEncoding.EncodeToString(binSum[:]))
	// Committed source files: world-readable like the rest of the repository.
	if err := os.WriteFile(filepath.Join(*out, BinName), enc, 0o644); err != nil { //nolint:gosec // G306: see above
		return err
	}
	if err := os.WriteFile(filepath.Join(*out, "VERSION"), []byte(desc.String()), 0o644); err != nil { //nolint:gosec // G306: a committed source file
		return err
	}
	fmt.Fprint(stdout, desc.String())
	return nil
}

func networkList(ns []mainland.Network) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprintf("AS%d %s", n.ASN, n.Class)
	}
	return strings.Join(parts, ", ")
}
