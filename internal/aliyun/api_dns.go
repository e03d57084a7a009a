package aliyun

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/alidns"

	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// DNSRecordPageSize is the largest page DescribeDomainRecords serves.
const DNSRecordPageSize = 500

// DNSRecord is one record of an Alibaba Cloud DNS zone.
type DNSRecord struct {
	RecordID string
	Domain   string
	RR       string
	Type     string
	Value    string
	TTL      int64
	Priority int64
	Line     string
	Status   string // ENABLE or DISABLE
	Remark   string
	Locked   bool
}

// DNSRecordInput is what AddDomainRecord and UpdateDomainRecord take.
type DNSRecordInput struct {
	Domain   string
	RR       string
	Type     string
	Value    string
	TTL      int64
	Priority int64 // MX only; 0 = not sent
	Line     string
}

// Zone is what DescribeDomainInfo tells about a zone.
type Zone struct {
	Domain     string
	MinTTL     int64
	Edition    string // VersionCode, e.g. "mianfei" for the free edition
	DNSServers []string
	// Lines are the resolution lines (解析线路) the zone offers, by LineCode: RecordLines
	// and the keys of RecordLineTreeJson. Empty when the answer names none (then nothing is
	// known about them).
	Lines map[string]bool
}

// OffersLine reports whether the zone offers line; true when its lines are not known.
func (z Zone) OffersLine(line string) bool { return len(z.Lines) == 0 || z.Lines[line] }

// dnsCache holds the per-run zone snapshots and zone infos.
type dnsCache struct {
	snapshots memo.Map[*ZoneSnapshot]
	zones     memo.Map[Zone]
	names     memo.Value[[]string] // the account's zones (DescribeDomains)
}

// ZoneSnapshot is a zone's records as listed once in this provider run.
type ZoneSnapshot struct {
	Domain  string
	Records []DNSRecord
	byID    map[string]int
}

// Lookup returns the record with id.
func (s *ZoneSnapshot) Lookup(id string) (DNSRecord, bool) {
	i, ok := s.byID[id]
	if !ok {
		return DNSRecord{}, false
	}
	return s.Records[i], true
}

// Find returns the records matching rr and type (case-insensitively); typ "" matches all.
func (s *ZoneSnapshot) Find(rr, typ string) []DNSRecord {
	var out []DNSRecord
	for _, r := range s.Records {
		if strings.EqualFold(r.RR, rr) && (typ == "" || strings.EqualFold(r.Type, typ)) {
			out = append(out, r)
		}
	}
	return out
}

// InvalidateZone drops the zone's snapshot after this run wrote to it, so the next read
// lists it again.
func (c *Client) InvalidateZone(domain string) {
	c.dns.snapshots.Forget(domain)
}

// ZoneRecords returns the zone's records, listed once per provider run with paged
// DescribeDomainRecords calls (500 a page) and shared by every caller of the run:
// refreshing N records of one zone costs ceil(N/500) calls, not N. A zone that is not in
// the account (a CNAME target elsewhere) is asked about once per run too: the snapshot's
// memo keeps the not-found answer, like any failure, until this run writes to the zone.
func (c *Client) ZoneRecords(ctx context.Context, domain string) (*ZoneSnapshot, error) {
	return c.dns.snapshots.Get(ctx, domain, 0, func(ctx context.Context) (*ZoneSnapshot, error) {
		recs, err := ListAll(ctx, DNSRecordPageSize, 4, func(ctx context.Context, page int) (Page[DNSRecord], error) {
			req := alidns.CreateDescribeDomainRecordsRequest()
			req.DomainName = domain
			req.PageNumber = requests.NewInteger(page)
			req.PageSize = requests.NewInteger(DNSRecordPageSize)
			resp := alidns.CreateDescribeDomainRecordsResponse()
			if err := c.Call(ctx, ProductAlidns, "", req, resp); err != nil {
				return Page[DNSRecord]{}, err
			}
			out := make([]DNSRecord, 0, len(resp.DomainRecords.Record))
			for _, r := range resp.DomainRecords.Record {
				out = append(out, fromSDKRecord(domain, r))
			}
			return Page[DNSRecord]{Items: out, Total: int(resp.TotalCount)}, nil
		})
		if err != nil {
			return nil, err
		}
		s := &ZoneSnapshot{Domain: domain, Records: recs, byID: make(map[string]int, len(recs))}
		for i, r := range recs {
			s.byID[r.RecordID] = i
		}
		return s, nil
	})
}

func fromSDKRecord(domain string, r alidns.Record) DNSRecord {
	d := r.DomainName
	if d == "" {
		d = domain
	}
	return DNSRecord{RecordID: r.RecordId, Domain: d, RR: r.RR, Type: r.Type, Value: r.Value, TTL: r.TTL,
		Priority: r.Priority, Line: r.Line, Status: strings.ToUpper(r.Status), Remark: r.Remark, Locked: r.Locked}
}

// ZoneInfo returns DescribeDomainInfo for the zone (MinTtl, edition, resolution lines),
// once per run. It asks for the detail attributes (NeedDetailAttributes): the metadata of
// DescribeDomainInfo says MinTtl, RecordLines and RecordLineTreeJson are answered only
// then. So the zone's lines cost no call beyond the one the TTL check already makes.
func (c *Client) ZoneInfo(ctx context.Context, domain string) (Zone, error) {
	return c.dns.zones.Get(ctx, domain, 0, func(ctx context.Context) (Zone, error) {
		req := alidns.CreateDescribeDomainInfoRequest()
		req.DomainName = domain
		// MinTtl (and the other line details) are answered only when asked for: the
		// alidns-20150109 v5.6.0 model's NeedDetailAttributes (default false).
		req.NeedDetailAttributes = requests.NewBoolean(true)
		resp := alidns.CreateDescribeDomainInfoResponse()
		if err := c.Call(ctx, ProductAlidns, "", req, resp); err != nil {
			return Zone{}, err
		}
		z := Zone{Domain: resp.DomainName, MinTTL: resp.MinTtl, Edition: resp.VersionCode, DNSServers: resp.DnsServers.DnsServer}
		z.Lines = zoneLines(resp.RecordLines.RecordLine, resp.RecordLineTreeJson)
		return z, nil
	})
}

// zoneLines collects a zone's line codes from DescribeDomainInfo: every RecordLines entry
// (a line with its FatherCode, "" for a first-level line), and every key, at any depth, of
// RecordLineTreeJson (e.g. {"default":{},"unicom":{},…}, the metadata's example). A tree
// that does not parse adds nothing.
func zoneLines(lines []alidns.RecordLine, tree string) map[string]bool {
	out := map[string]bool{}
	for _, l := range lines {
		if l.LineCode != "" {
			out[l.LineCode] = true
		}
	}
	var walk func(v any)
	walk = func(v any) {
		if m, ok := v.(map[string]any); ok {
			for k, sub := range m {
				out[k] = true
				walk(sub)
			}
		}
	}
	var parsed any
	if strings.TrimSpace(tree) != "" && json.Unmarshal([]byte(tree), &parsed) == nil {
		walk(parsed)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// AddDomainRecord creates a record and returns its ID.
func (c *Client) AddDomainRecord(ctx context.Context, in DNSRecordInput) (string, error) {
	req := alidns.CreateAddDomainRecordRequest()
	req.DomainName, req.RR, req.Type, req.Value, req.Line = in.Domain, in.RR, in.Type, in.Value, in.Line
	if in.TTL > 0 {
		req.TTL = requests.NewInteger(int(in.TTL))
	}
	if in.Priority > 0 {
		req.Priority = requests.NewInteger(int(in.Priority))
	}
	resp := alidns.CreateAddDomainRecordResponse()
	defer c.InvalidateZone(in.Domain)
	if err := c.Call(ctx, ProductAlidns, "", req, resp); err != nil {
		return "", err
	}
	if resp.RecordId == "" {
		return "", fmt.Errorf("Alidns.AddDomainRecord returned no RecordId (request id %s)", resp.RequestId)
	}
	return resp.RecordId, nil
}

// UpdateDomainRecord changes rr, type, value, TTL, line and priority of a record.
func (c *Client) UpdateDomainRecord(ctx context.Context, id string, in DNSRecordInput) error {
	req := alidns.CreateUpdateDomainRecordRequest()
	req.RecordId, req.RR, req.Type, req.Value, req.Line = id, in.RR, in.Type, in.Value, in.Line
	if in.TTL > 0 {
		req.TTL = requests.NewInteger(int(in.TTL))
	}
	if in.Priority > 0 {
		req.Priority = requests.NewInteger(int(in.Priority))
	}
	defer c.InvalidateZone(in.Domain)
	return c.Call(ctx, ProductAlidns, "", req, alidns.CreateUpdateDomainRecordResponse())
}

// SetDomainRecordStatus enables or disables a record ("ENABLE"/"DISABLE").
func (c *Client) SetDomainRecordStatus(ctx context.Context, domain, id, status string) error {
	req := alidns.CreateSetDomainRecordStatusRequest()
	req.RecordId = id
	if strings.EqualFold(status, "ENABLE") {
		req.Status = "Enable"
	} else {
		req.Status = "Disable"
	}
	defer c.InvalidateZone(domain)
	return c.Call(ctx, ProductAlidns, "", req, alidns.CreateSetDomainRecordStatusResponse())
}

// UpdateDomainRecordRemark sets a record's remark ("" clears it).
func (c *Client) UpdateDomainRecordRemark(ctx context.Context, domain, id, remark string) error {
	req := alidns.CreateUpdateDomainRecordRemarkRequest()
	req.RecordId = id
	req.Remark = remark
	defer c.InvalidateZone(domain)
	return c.Call(ctx, ProductAlidns, "", req, alidns.CreateUpdateDomainRecordRemarkResponse())
}

// DeleteDomainRecord deletes a record. A record that is already gone is not an error.
func (c *Client) DeleteDomainRecord(ctx context.Context, domain, id string) error {
	req := alidns.CreateDeleteDomainRecordRequest()
	req.RecordId = id
	defer c.InvalidateZone(domain)
	err := c.Call(ctx, ProductAlidns, "", req, alidns.CreateDeleteDomainRecordResponse())
	if IsNotFound(err) {
		return nil
	}
	return err
}

// DescribeDomainRecordInfo reads one record by ID (used to import by record ID, when the
// zone is not known yet).
func (c *Client) DescribeDomainRecordInfo(ctx context.Context, id string) (DNSRecord, error) {
	req := alidns.CreateDescribeDomainRecordInfoRequest()
	req.RecordId = id
	resp := alidns.CreateDescribeDomainRecordInfoResponse()
	if err := c.Call(ctx, ProductAlidns, "", req, resp); err != nil {
		return DNSRecord{}, err
	}
	return DNSRecord{RecordID: resp.RecordId, Domain: resp.DomainName, RR: resp.RR, Type: resp.Type, Value: resp.Value,
		TTL: resp.TTL, Priority: resp.Priority, Line: resp.Line, Status: strings.ToUpper(resp.Status), Remark: resp.Remark, Locked: resp.Locked}, nil
}

// zoneListPageSize is the largest page DescribeDomains serves (its model: PageSize up to
// 100).
const zoneListPageSize = 100

// ZoneNames lists the zones (domains) of the account's Alibaba Cloud DNS, lower-case
// punycode, once per provider run (DescribeDomains, paged). The ICP guard uses it to find
// the zone a CNAME target belongs to: the longest zone name it ends with.
func (c *Client) ZoneNames(ctx context.Context) ([]string, error) {
	names, err := c.dns.names.Get(ctx, 0, func(ctx context.Context) ([]string, error) {
		items, err := ListAll(ctx, zoneListPageSize, 2, func(ctx context.Context, page int) (Page[string], error) {
			req := alidns.CreateDescribeDomainsRequest()
			req.PageNumber = requests.NewInteger(page)
			req.PageSize = requests.NewInteger(zoneListPageSize)
			resp := alidns.CreateDescribeDomainsResponse()
			if err := c.Call(ctx, ProductAlidns, "", req, resp); err != nil {
				return Page[string]{}, err
			}
			out := make([]string, 0, len(resp.Domains.Domain))
			for _, d := range resp.Domains.Domain {
				name := d.DomainName
				if d.PunyCode != "" {
					name = d.PunyCode
				}
				out = append(out, strings.ToLower(strings.TrimSuffix(name, ".")))
			}
			return Page[string]{Items: out, Total: int(resp.TotalCount)}, nil
		})
		return items, err
	})
	return slices.Clone(names), err
}
