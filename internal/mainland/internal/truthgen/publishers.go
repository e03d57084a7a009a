package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go4.org/netipx"
	"io"
	"math/big"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland/internal/pkgdata"
)

// The publishers' region lists: the independent part of the truth set (publishers.csv).
//
// AWS publishes ip-ranges.json (https://ip-ranges.amazonaws.com/ip-ranges.json; syntax:
// https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-syntax.html): prefixes, each with a
// region ("cn-north-1", … or "GLOBAL", traffic of several regions) and a service. Microsoft
// publishes its service tags weekly per cloud (Download Center 56519 Public, 57062 China;
// https://learn.microsoft.com/azure/virtual-network/service-tags-overview): the tag
// AzureCloud.<region> holds the region's whole address space. Neither file is in a package
// registry: the script passes them as files pinned by SHA-256.

// What the publishers write about the files' use, quoted in publishers.csv (the pages were
// read through the search index of the build machine). Neither names a licence.
const (
	awsTerms = `AWS's page on the file (https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html) says: "AWS ` +
		`publishes its current IP address ranges in JSON format. With this information, you can identify traffic from AWS. You ` +
		`can also use this information to allow or deny traffic to or from some AWS services." and "To maintain history, save ` +
		`successive versions of the JSON file on your own computer." It names no licence.`
	azureTerms = `Microsoft's page on service tags (https://learn.microsoft.com/azure/virtual-network/service-tags-overview, ` +
		`its section on the downloadable JSON files, as copies of it read): "You can obtain the current service tag and range ` +
		`information to include as part of your on-premises firewall configurations. This information is the current ` +
		`point-in-time list of the IP ranges that correspond to each service tag." It names no licence; the Download Center ` +
		`pages themselves (56519, 57062) could not be read from the build machine.`
)

// Samples per publisher group and family (the same as the networks' groups).
const (
	pubSamples4 = samples4
	pubSamples6 = samples6
)

// pubFile is one publisher file given on the command line.
type pubFile struct {
	name             string // flag name: aws, azure-public, azure-china
	path, sum, from  string
	data             []byte
	version          string // the publisher's own version: syncToken and createDate, or changeNumber
	pfx              []pubPrefix
	publisher, cloud string
}

type pubFlags []*pubFile

func publisherFlags(fs *flag.FlagSet) pubFlags {
	var ps pubFlags
	for _, n := range []string{"aws", "azure-public", "azure-china"} {
		p := &pubFile{name: n}
		fs.StringVar(&p.path, n, "", "the publisher's file ("+n+")")
		fs.StringVar(&p.sum, n+"-sha256", "", "its pinned SHA-256 (hex)")
		fs.StringVar(&p.from, n+"-from", "", "where it was read from (repository, commit, path)")
		ps = append(ps, p)
	}
	return ps
}

func (ps pubFlags) none() bool {
	for _, p := range ps {
		if p.path != "" || p.sum != "" || p.from != "" {
			return false
		}
	}
	return true
}

// pubPrefix is a prefix of a publisher's list with its region ("" for AWS's GLOBAL).
type pubPrefix struct {
	prefix    netip.Prefix
	region    string
	mainland  bool
	publisher string // aws, azure
}

// open checks the file against its pin and reads its prefixes.
func (p *pubFile) open() error {
	if p.path == "" || p.sum == "" || p.from == "" {
		return fmt.Errorf("-%s, -%s-sha256 and -%s-from are required together with the other publishers' files", p.name, p.name, p.name)
	}
	b, err := os.ReadFile(p.path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != strings.ToLower(p.sum) {
		return fmt.Errorf("%s: SHA-256 %s is not the pinned %s: refusing it", p.path, got, p.sum)
	}
	p.data = b
	if p.name == "aws" {
		return p.readAWS()
	}
	return p.readAzure()
}

func (p *pubFile) readAWS() error {
	var f struct {
		SyncToken  string `json:"syncToken"`
		CreateDate string `json:"createDate"`
		Prefixes   []struct {
			Prefix string `json:"ip_prefix"`
			Region string `json:"region"`
		} `json:"prefixes"`
		IPv6 []struct {
			Prefix string `json:"ipv6_prefix"`
			Region string `json:"region"`
		} `json:"ipv6_prefixes"`
	}
	if err := json.Unmarshal(p.data, &f); err != nil {
		return fmt.Errorf("%s: %w", p.path, err)
	}
	if f.SyncToken == "" || f.CreateDate == "" || len(f.Prefixes) == 0 {
		return fmt.Errorf("%s: not AWS's ip-ranges.json (no syncToken, createDate or prefixes)", p.path)
	}
	p.publisher, p.cloud = "aws", "AWS"
	p.version = "syncToken " + f.SyncToken + ", createDate " + f.CreateDate
	add := func(s, region string) error {
		pf, err := netip.ParsePrefix(s)
		if err != nil {
			return fmt.Errorf("%s: %w", p.path, err)
		}
		if region == "GLOBAL" {
			region = ""
		}
		p.pfx = append(p.pfx, pubPrefix{prefix: pf.Masked(), region: region, mainland: strings.HasPrefix(region, "cn-"), publisher: "aws"})
		return nil
	}
	for _, x := range f.Prefixes {
		if err := add(x.Prefix, x.Region); err != nil {
			return err
		}
	}
	for _, x := range f.IPv6 {
		if err := add(x.Prefix, x.Region); err != nil {
			return err
		}
	}
	return nil
}

func (p *pubFile) readAzure() error {
	var f struct {
		ChangeNumber int    `json:"changeNumber"`
		Cloud        string `json:"cloud"`
		Values       []struct {
			Name       string `json:"name"`
			Properties struct {
				Region          string   `json:"region"`
				AddressPrefixes []string `json:"addressPrefixes"`
			} `json:"properties"`
		} `json:"values"`
	}
	if err := json.Unmarshal(p.data, &f); err != nil {
		return fmt.Errorf("%s: %w", p.path, err)
	}
	want := map[string]string{"azure-public": "Public", "azure-china": "China"}[p.name]
	if f.Cloud != want || f.ChangeNumber == 0 {
		return fmt.Errorf("%s: not Azure's service tags of the %s cloud (cloud %q, changeNumber %d)", p.path, want, f.Cloud, f.ChangeNumber)
	}
	p.publisher, p.cloud = "azure", "Azure "+f.Cloud
	p.version = fmt.Sprintf("cloud %s, changeNumber %d", f.Cloud, f.ChangeNumber)
	for _, v := range f.Values {
		region := v.Properties.Region
		if !strings.HasPrefix(v.Name, "AzureCloud.") || region == "" {
			continue
		}
		// The China cloud's regions are Azure operated by 21Vianet, in mainland China; the
		// Public cloud has none there.
		mainlandRegion := f.Cloud == "China"
		if mainlandRegion != strings.HasPrefix(region, "china") {
			return fmt.Errorf("%s: region %s in the %s cloud", p.path, region, f.Cloud)
		}
		for _, s := range v.Properties.AddressPrefixes {
			pf, err := netip.ParsePrefix(s)
			if err != nil {
				return fmt.Errorf("%s: %s: %w", p.path, v.Name, err)
			}
			p.pfx = append(p.pfx, pubPrefix{prefix: pf.Masked(), region: region, mainland: mainlandRegion, publisher: "azure"})
		}
	}
	return nil
}

// pubGroup is a group of publishers.csv: a publisher's regions.
type pubGroup struct {
	name, publisher, what string
	mainland              bool
	has                   func(region string) bool
}

var pubGroups = []pubGroup{
	{"aws-cn-north-1", "aws", "AWS China (Beijing), operated by Sinnet", true, func(r string) bool { return r == "cn-north-1" }},
	{"aws-cn-northwest-1", "aws", "AWS China (Ningxia), operated by NWCD", true, func(r string) bool { return r == "cn-northwest-1" }},
	{"aws-ap-east-1", "aws", "Asia Pacific (Hong Kong)", false, func(r string) bool { return r == "ap-east-1" }},
	{"aws-ap-east-2", "aws", "Asia Pacific (Taipei)", false, func(r string) bool { return r == "ap-east-2" }},
	{"aws-other-regions", "aws", "every other region (GLOBAL excluded)", false, func(r string) bool {
		return r != "" && !strings.HasPrefix(r, "cn-") && r != "ap-east-1" && r != "ap-east-2"
	}},
	{"azure-china", "azure", "the China cloud's regions, Azure operated by 21Vianet", true, func(r string) bool { return strings.HasPrefix(r, "china") }},
	{"azure-eastasia", "azure", "East Asia (Hong Kong)", false, func(r string) bool { return r == "eastasia" }},
	{"azure-taiwan", "azure", "Taiwan North and Taiwan Northwest", false, func(r string) bool { return r == "taiwannorth" || r == "taiwannorthwest" }},
	{"azure-other-regions", "azure", "every other region of the Public cloud", false, func(r string) bool {
		return r != "" && !strings.HasPrefix(r, "china") && r != "eastasia" && r != "taiwannorth" && r != "taiwannorthwest"
	}},
}

// narrowest cuts a publisher's prefixes of one family into disjoint spans, each labelled
// with the index (in pfx) of the narrowest prefix listing it. Prefixes nest or are
// disjoint; the same prefix listed twice (AWS lists one per service) must name one region.
func narrowest(pfx []pubPrefix, v6 bool) ([]span, error) {
	var idx []int
	for i, p := range pfx {
		if p.prefix.Addr().Is6() == v6 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := pfx[a].prefix.Addr().Compare(pfx[b].prefix.Addr()); c != 0 {
			return c
		}
		return pfx[a].prefix.Bits() - pfx[b].prefix.Bits()
	})
	// Drop repeats of a prefix (one region), refuse two regions for one prefix.
	var uniq []int
	for _, i := range idx {
		if n := len(uniq); n > 0 && pfx[uniq[n-1]].prefix == pfx[i].prefix {
			if pfx[uniq[n-1]].region != pfx[i].region {
				return nil, fmt.Errorf("%s is listed in two regions, %q and %q", pfx[i].prefix, pfx[uniq[n-1]].region, pfx[i].region)
			}
			continue
		}
		uniq = append(uniq, i)
	}
	var out []span
	var stack []int
	var cur netip.Addr // the next address not yet given to a span
	emit := func(from, to netip.Addr, label int) {
		if from.IsValid() && from.Compare(to) <= 0 {
			out = append(out, span{from: from, to: to, label: uint32(label)}) //nolint:gosec // G115: an index
		}
	}
	closeTop := func() {
		top := stack[len(stack)-1]
		last := netipx.PrefixLastIP(pfx[top].prefix)
		emit(cur, last, top)
		cur = last.Next()
		stack = stack[:len(stack)-1]
	}
	for _, i := range uniq {
		start := pfx[i].prefix.Addr()
		for len(stack) > 0 && !pfx[stack[len(stack)-1]].prefix.Contains(start) {
			closeTop()
		}
		if len(stack) > 0 {
			emit(cur, start.Prev(), stack[len(stack)-1])
		}
		cur = start
		stack = append(stack, i)
	}
	for len(stack) > 0 {
		closeTop()
	}
	return out, nil
}

// writePublishers reads the publishers' files, checks the network list's publisher lines
// against them, samples the publisher groups and writes publishers.csv.
func writePublishers(files pubFlags, list *mainland.NetworkList, rows []mainland.ASRow, asnPin pkgdata.Pin, asnDate, out string, stdout io.Writer) error {
	var all []pubPrefix
	byPublisher := map[string][]*pubFile{}
	for _, f := range files {
		if err := f.open(); err != nil {
			return err
		}
		all = append(all, f.pfx...)
		byPublisher[f.publisher] = append(byPublisher[f.publisher], f)
	}
	var b strings.Builder
	b.WriteString("# The publishers' own region lists: the independent part of the location truth set. Generated by\n")
	b.WriteString("# internal/mainland/internal/truthgen (scripts/build-location-truth.sh, given the publishers' files); do not edit.\n")
	b.WriteString("# No rule of the embedded table was written or tuned on these addresses (part: independent).\n#\n")
	for _, f := range files {
		fmt.Fprintf(&b, "# %s: %s (%s), read from %s, sha256 %s\n", f.name, f.cloud, f.version, f.from, strings.ToLower(f.sum))
	}
	fmt.Fprintf(&b, "# Terms, AWS: %s\n", awsTerms)
	fmt.Fprintf(&b, "# Terms, Azure: %s\n", azureTerms)
	b.WriteString("# The provider embeds none of these lists: only what internal/locgen/networks.txt states from them, each line\n")
	b.WriteString("# citing the list (which networks they confirm, checked below; the blocks they settle). This file keeps the\n")
	b.WriteString("# sampled addresses and the prefixes they came from, so that the test needs neither the lists nor the network.\n#\n")
	b.WriteString("# Read: AWS's prefixes with their region (GLOBAL — traffic of several regions — is never sampled, but a\n")
	b.WriteString("# narrower GLOBAL prefix hides the regional one around it); Azure's AzureCloud.<region> tags. A region's\n")
	b.WriteString("# truth: AWS cn-* and every region of Azure's China cloud (operated in mainland China by Sinnet, NWCD and\n")
	b.WriteString("# 21Vianet) are mainland; every other region is offshore.\n")
	fmt.Fprintf(&b, "# Sampled %d IPv4 and %d IPv6 addresses per group, uniformly by address (deterministic); each row names\n", pubSamples4, pubSamples6)
	b.WriteString("# the narrowest prefix of its region that lists it.\n#\n")
	for _, g := range pubGroups {
		truth := "offshore"
		if g.mainland {
			truth = "mainland"
		}
		fmt.Fprintf(&b, "# group %s: %s; %s\n", g.name, truth, g.what)
	}
	checked, err := checkPublisherNetworks(list, byPublisher, all, rows, asnPin, asnDate, &b)
	if err != nil {
		return err
	}
	fmt.Fprintf(&b, "# checked: %s\n", strings.Join(checked, " "))
	b.WriteString("group,part,address,truth,publisher,region,prefix\n")
	total := 0
	for _, v6 := range []bool{false, true} {
		spans, err := narrowest(all, v6)
		if err != nil {
			return err
		}
		n := pubSamples4
		if v6 {
			n = pubSamples6
		}
		for _, g := range pubGroups {
			var rs []span
			for _, s := range spans {
				if p := all[s.label]; p.publisher == g.publisher && g.has(p.region) {
					rs = append(rs, s)
				}
			}
			truth := "offshore"
			if g.mainland {
				truth = "mainland"
			}
			for _, s := range sampleSpans(g.name, rs, n, v6) {
				p := all[s.label]
				fmt.Fprintf(&b, "%s,independent,%s,%s,%s,%s,%s\n", g.name, s.addr, truth, p.publisher, p.region, p.prefix)
				total++
			}
		}
	}
	if err := os.WriteFile(filepath.Join(out, "publishers.csv"), []byte(b.String()), 0o644); err != nil { //nolint:gosec // G306: a committed test file
		return err
	}
	fmt.Fprintf(stdout, "publishers: %d addresses in %d groups; checked %s\n", total, len(pubGroups), strings.Join(checked, " "))
	return nil
}

// checkPublisherNetworks checks each publisher line of the network list against the
// publisher's whole list and the routing data: a mainland network may originate no address
// the publisher places in a region outside mainland China, an offshore network none it
// places in a mainland region — except inside a settled block of the network list, which
// decides before the network and must then agree with the publisher. It writes what it
// checked to b and returns the networks.
func checkPublisherNetworks(list *mainland.NetworkList, byPublisher map[string][]*pubFile, all []pubPrefix, rows []mainland.ASRow,
	asnPin pkgdata.Pin, asnDate string, b *strings.Builder) ([]string, error) {
	class := map[uint32]mainland.NetworkClass{}
	for _, e := range list.Networks {
		class[e.ASN] = e.Class
	}
	var settled []settledPrefix
	for _, sb := range list.SettledBlocks {
		pf, err := netip.ParsePrefix(sb.Prefix)
		if err != nil {
			return nil, err
		}
		settled = append(settled, settledPrefix{prefix: pf.Masked(), class: sb.Class, mainland: sb.Class == mainland.NetworkMainland})
	}
	var checked []string
	for _, p := range list.Publishers {
		if len(byPublisher[p.ID]) == 0 {
			return nil, fmt.Errorf("networks.txt names publisher %s, whose files were not given", p.ID)
		}
		type tally struct{ own4, own6 *big.Int } // IPv4 addresses, IPv6 /64s
		counts := map[uint32]*tally{}
		var bad []string
		for _, v6 := range []bool{false, true} {
			var mine []pubPrefix
			for _, x := range all {
				if x.publisher == p.ID {
					mine = append(mine, x)
				}
			}
			spans, err := narrowest(mine, v6)
			if err != nil {
				return nil, err
			}
			origins := mainland.FoldOrigins(rows, v6, p.ASNs)
			// Both lists are sorted and disjoint: walk them together.
			oi := 0
			for _, s := range spans {
				x := mine[s.label]
				if x.region == "" {
					continue // GLOBAL: no region
				}
				for oi < len(origins) && origins[oi].To.Compare(s.from) < 0 {
					oi++
				}
				for _, sb := range settled {
					if sb.prefix.Addr().Is6() == v6 && sb.prefix.Addr().Compare(s.to) <= 0 && s.from.Compare(netipx.PrefixLastIP(sb.prefix)) <= 0 {
						if sb.mainland != x.mainland && len(bad) < 5 {
							bad = append(bad, fmt.Sprintf("settled block %s (%s) holds %s, which %s lists in %s", sb.prefix, sb.class, x.prefix, p.ID, x.region))
						}
					}
				}
				for k := oi; k < len(origins) && origins[k].From.Compare(s.to) <= 0; k++ {
					o := origins[k]
					if o.ASN == 0 {
						continue
					}
					for _, piece := range outside(maxAddr(o.From, s.from), minAddr(o.To, s.to), settled) {
						from, to := piece[0], piece[1]
						size := new(big.Int).Sub(addrInt(to), addrInt(from))
						size.Add(size, big.NewInt(1))
						t := counts[o.ASN]
						if t == nil {
							t = &tally{new(big.Int), new(big.Int)}
							counts[o.ASN] = t
						}
						if (class[o.ASN] == mainland.NetworkMainland) == x.mainland {
							if v6 {
								t.own6.Add(t.own6, size.Rsh(size, 64))
							} else {
								t.own4.Add(t.own4, size)
							}
							continue
						}
						if len(bad) < 5 {
							bad = append(bad, fmt.Sprintf("AS%d (%s) originates %s-%s, which %s lists in %s", o.ASN, class[o.ASN], from, to, p.ID, x.region))
						}
					}
				}
			}
		}
		if len(bad) > 0 {
			return nil, fmt.Errorf("networks.txt: %s does not confirm its networks: %s", p.Name, strings.Join(bad, "; "))
		}
		var parts []string
		for _, a := range p.ASNs {
			side := "outside mainland China"
			if class[a] == mainland.NetworkMainland {
				side = "in mainland China"
			}
			own := "none of its addresses (nothing to contradict)"
			if t := counts[a]; t != nil {
				own = fmt.Sprintf("%s IPv4 addresses and %s IPv6 /64s, all in regions %s", t.own4, t.own6, side)
			}
			parts = append(parts, fmt.Sprintf("AS%d %s", a, own))
			checked = append(checked, fmt.Sprintf("AS%d", a))
		}
		fmt.Fprintf(b, "# check %s: of the addresses it lists outside the settled blocks of networks.txt (which decide first and agree\n"+
			"#   with it), each network's announcements (routing data %s@%s, %s) cover: %s\n",
			p.Name, asnPin.Package, asnPin.Version, asnDate, strings.Join(parts, "; "))
	}
	if len(checked) == 0 {
		return nil, errors.New("networks.txt has no publisher lines to check")
	}
	return checked, nil
}

func maxAddr(a, b netip.Addr) netip.Addr {
	if a.Compare(b) > 0 {
		return a
	}
	return b
}

func minAddr(a, b netip.Addr) netip.Addr {
	if a.Compare(b) < 0 {
		return a
	}
	return b
}

type settledPrefix struct {
	prefix   netip.Prefix
	class    mainland.NetworkClass
	mainland bool
}

// outside returns the parts of [from, to] that no settled block covers.
func outside(from, to netip.Addr, blocks []settledPrefix) [][2]netip.Addr {
	parts := [][2]netip.Addr{{from, to}}
	for _, b := range blocks {
		bf, bt := b.prefix.Addr(), netipx.PrefixLastIP(b.prefix)
		if bf.Is6() != from.Is6() {
			continue
		}
		var next [][2]netip.Addr
		for _, p := range parts {
			if bt.Compare(p[0]) < 0 || bf.Compare(p[1]) > 0 {
				next = append(next, p)
				continue
			}
			if bf.Compare(p[0]) > 0 {
				next = append(next, [2]netip.Addr{p[0], bf.Prev()})
			}
			if bt.Compare(p[1]) < 0 {
				next = append(next, [2]netip.Addr{bt.Next(), p[1]})
			}
		}
		parts = next
	}
	return parts
}
