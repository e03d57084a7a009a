package emulator_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/alidns"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

func addRecord(e *env, domain, rr, typ, value string, ttl int) (string, error) {
	req := alidns.CreateAddDomainRecordRequest()
	req.DomainName, req.RR, req.Type, req.Value = domain, rr, typ, value
	if ttl > 0 {
		req.TTL = requests.NewInteger(ttl)
	}
	resp := alidns.CreateAddDomainRecordResponse()
	err := e.call(req, resp)
	return resp.RecordId, err
}

func TestAlidnsRecordLifecycle(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Control.AddDomain(emulator.DomainSeed{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}

	info := alidns.CreateDescribeDomainInfoResponse()
	ireq := alidns.CreateDescribeDomainInfoRequest()
	ireq.DomainName = "example.com"
	e.must(ireq, info)
	// The detail attributes (MinTtl, LineType, …) come only with NeedDetailAttributes=true
	// (the alidns v5.6.0 model; default false).
	if info.MinTtl != 0 || info.LineType != "" || info.VersionCode != "mianfei" || info.DomainName != "example.com" || len(info.DnsServers.DnsServer) != 2 {
		t.Fatalf("DescribeDomainInfo without NeedDetailAttributes = %+v", info)
	}
	ireq = alidns.CreateDescribeDomainInfoRequest()
	ireq.DomainName = "example.com"
	ireq.NeedDetailAttributes = requests.NewBoolean(true)
	info = alidns.CreateDescribeDomainInfoResponse()
	e.must(ireq, info)
	if info.MinTtl != 600 || info.LineType == "" || info.VersionCode != "mianfei" {
		t.Fatalf("DescribeDomainInfo with NeedDetailAttributes = %+v", info)
	}
	if info.RequestId == "" {
		t.Fatal("no RequestId")
	}

	id, err := addRecord(e, "example.com", "@", "A", "203.0.113.10", 600)
	if err != nil || len(id) < 15 {
		t.Fatalf("AddDomainRecord = %q, %v", id, err)
	}
	_, err = addRecord(e, "example.com", "@", "A", "203.0.113.10", 600)
	wantCode(t, err, "DomainRecordDuplicate", 400)
	_, err = addRecord(e, "example.com", "www", "A", "203.0.113.10", 60)
	wantCode(t, err, "QuotaExceeded.TTL", 400)
	_, err = addRecord(e, "nope.com", "www", "A", "203.0.113.10", 600)
	wantCode(t, err, "InvalidDomainName.NoExist", 400)
	_, err = addRecord(e, "example.com", "www", "A", "not-an-ip", 600)
	wantCode(t, err, "InvalidValue", 400)

	wwwID, err := addRecord(e, "example.com", "WWW", "A", "203.0.113.11", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = addRecord(e, "example.com", "www", "CNAME", "cdn.example.net", 600)
	wantCode(t, err, "DomainRecordConflict", 400)

	missing := alidns.CreateAddDomainRecordRequest()
	missing.RR, missing.Type, missing.Value = "x", "A", "1.2.3.4"
	wantCode(t, e.call(missing, alidns.CreateAddDomainRecordResponse()), "MissingDomainName", 400)

	// Read one.
	gi := alidns.CreateDescribeDomainRecordInfoRequest()
	gi.RecordId = wwwID
	got := alidns.CreateDescribeDomainRecordInfoResponse()
	e.must(gi, got)
	if got.RR != "www" || got.Type != "A" || got.Value != "203.0.113.11" || got.TTL != 600 || got.Line != "default" ||
		got.Status != "ENABLE" || got.Locked || got.DomainName != "example.com" || got.RecordId != wwwID {
		t.Fatalf("DescribeDomainRecordInfo = %+v", got)
	}

	// Update.
	up := alidns.CreateUpdateDomainRecordRequest()
	up.RecordId, up.RR, up.Type, up.Value, up.TTL = wwwID, "www", "A", "203.0.113.12", requests.NewInteger(1200)
	upResp := alidns.CreateUpdateDomainRecordResponse()
	e.must(up, upResp)
	if upResp.RecordId != wwwID {
		t.Fatalf("UpdateDomainRecord = %+v", upResp)
	}
	wantCode(t, e.call(up, alidns.CreateUpdateDomainRecordResponse()), "DomainRecordDuplicate", 400)
	up.RecordId = "123"
	wantCode(t, e.call(up, alidns.CreateUpdateDomainRecordResponse()), "DomainRecordNotBelongToUser", 400)

	// Status.
	st := alidns.CreateSetDomainRecordStatusRequest()
	st.RecordId, st.Status = wwwID, "Disable"
	stResp := alidns.CreateSetDomainRecordStatusResponse()
	e.must(st, stResp)
	if stResp.Status != "Disable" {
		t.Fatalf("SetDomainRecordStatus = %+v", stResp)
	}

	// Remark: set, read back, clear; unknown record.
	rm := alidns.CreateUpdateDomainRecordRemarkRequest()
	rm.RecordId, rm.Remark = wwwID, "served by nginx"
	e.must(rm, alidns.CreateUpdateDomainRecordRemarkResponse())
	ri := alidns.CreateDescribeDomainRecordInfoRequest()
	ri.RecordId = wwwID
	infoResp := alidns.CreateDescribeDomainRecordInfoResponse()
	e.must(ri, infoResp)
	if infoResp.Remark != "served by nginx" {
		t.Fatalf("remark after UpdateDomainRecordRemark = %q", infoResp.Remark)
	}
	rm = alidns.CreateUpdateDomainRecordRemarkRequest() // the SDK keeps old params in a reused request
	rm.RecordId = wwwID
	e.must(rm, alidns.CreateUpdateDomainRecordRemarkResponse())
	infoResp = alidns.CreateDescribeDomainRecordInfoResponse()
	e.must(ri, infoResp)
	if infoResp.Remark != "" {
		t.Fatalf("remark not cleared: %q", infoResp.Remark)
	}
	rm.RecordId = "123"
	wantCode(t, e.call(rm, alidns.CreateUpdateDomainRecordRemarkResponse()), "DomainRecordNotBelongToUser", 400)

	// List with filters.
	list := alidns.CreateDescribeDomainRecordsRequest()
	list.DomainName = "example.com"
	list.Status = "DISABLE"
	lr := alidns.CreateDescribeDomainRecordsResponse()
	e.must(list, lr)
	if lr.TotalCount != 1 || len(lr.DomainRecords.Record) != 1 || lr.DomainRecords.Record[0].Value != "203.0.113.12" ||
		lr.DomainRecords.Record[0].TTL != 1200 || lr.DomainRecords.Record[0].Status != "DISABLE" || lr.PageSize != 20 {
		t.Fatalf("DescribeDomainRecords(Status) = %+v", lr)
	}

	sub := alidns.CreateDescribeSubDomainRecordsRequest()
	sub.SubDomain = "www.example.com"
	sr := alidns.CreateDescribeSubDomainRecordsResponse()
	e.must(sub, sr)
	if sr.TotalCount != 1 || sr.DomainRecords.Record[0].RecordId != wwwID {
		t.Fatalf("DescribeSubDomainRecords = %+v", sr)
	}
	sub.SubDomain = "example.com"
	sr = alidns.CreateDescribeSubDomainRecordsResponse()
	e.must(sub, sr)
	if sr.TotalCount != 1 || sr.DomainRecords.Record[0].RR != "@" {
		t.Fatalf("DescribeSubDomainRecords(@) = %+v", sr)
	}

	// MX keeps its priority.
	mx := alidns.CreateAddDomainRecordRequest()
	mx.DomainName, mx.RR, mx.Type, mx.Value, mx.Priority = "example.com", "@", "MX", "mx1.example.net", requests.NewInteger(10)
	mxResp := alidns.CreateAddDomainRecordResponse()
	e.must(mx, mxResp)

	// Control view matches.
	recs, err := e.srv.Control.Records("example.com")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || recs[1].RecordID != wwwID || recs[1].Status != "DISABLE" || recs[2].Priority != 10 {
		t.Fatalf("control records = %+v", recs)
	}

	// Delete.
	del := alidns.CreateDeleteDomainRecordRequest()
	del.RecordId = wwwID
	e.must(del, alidns.CreateDeleteDomainRecordResponse())
	wantCode(t, e.call(del, alidns.CreateDeleteDomainRecordResponse()), "DomainRecordNotBelongToUser", 400)
	recs, _ = e.srv.Control.Records("example.com")
	if len(recs) != 2 {
		t.Fatalf("after delete: %+v", recs)
	}
}

func TestAlidnsEditionMinTTL(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Control.AddDomain(emulator.DomainSeed{Domain: "paid.cn", DNSEdition: "version_enterprise_basic"}); err != nil {
		t.Fatal(err)
	}
	ireq := alidns.CreateDescribeDomainInfoRequest()
	ireq.DomainName = "paid.cn"
	ireq.NeedDetailAttributes = requests.NewBoolean(true)
	info := alidns.CreateDescribeDomainInfoResponse()
	e.must(ireq, info)
	if info.MinTtl != 60 {
		t.Fatalf("MinTtl = %d", info.MinTtl)
	}
	if _, err := addRecord(e, "paid.cn", "www", "A", "198.51.100.1", 60); err != nil {
		t.Fatal(err)
	}
	_, err := addRecord(e, "paid.cn", "api", "A", "198.51.100.1", 30)
	wantCode(t, err, "QuotaExceeded.TTL", 400)
}

func TestAlidnsAddDomainAndDescribeDomains(t *testing.T) {
	e := newEnv(t)
	req := alidns.CreateAddDomainRequest()
	req.DomainName = "Zone.Example"
	resp := alidns.CreateAddDomainResponse()
	e.must(req, resp)
	if resp.DomainName != "zone.example" || resp.DomainId == "" || len(resp.DnsServers.DnsServer) == 0 {
		t.Fatalf("AddDomain = %+v", resp)
	}
	wantCode(t, e.call(req, alidns.CreateAddDomainResponse()), "DomainAlreadyExist", 400)
	if err := e.srv.Control.AddDomain(emulator.DomainSeed{Domain: "owned.com"}); err != nil {
		t.Fatal(err)
	}
	lr := alidns.CreateDescribeDomainsResponse()
	e.must(alidns.CreateDescribeDomainsRequest(), lr)
	if lr.TotalCount != 2 || len(lr.Domains.Domain) != 2 || lr.Domains.Domain[0].DomainName != "owned.com" || !lr.Domains.Domain[0].AliDomain {
		t.Fatalf("DescribeDomains = %+v", lr)
	}
}

func TestAlidnsPagingAndSearch(t *testing.T) {
	e := newEnv(t)
	if err := e.srv.Control.AddDomain(emulator.DomainSeed{Domain: "big.com"}); err != nil {
		t.Fatal(err)
	}
	const n = 1200
	for i := 0; i < n; i++ {
		if _, err := e.srv.Control.AddRecord(emulator.Record{Domain: "big.com", RR: fmt.Sprintf("host%d", i), Type: "A", Value: fmt.Sprintf("10.0.%d.%d", i/256, i%256)}); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	sizes := []int{}
	for page := 1; ; page++ {
		req := alidns.CreateDescribeDomainRecordsRequest()
		req.DomainName = "big.com"
		req.PageNumber = requests.NewInteger(page)
		req.PageSize = requests.NewInteger(500)
		resp := alidns.CreateDescribeDomainRecordsResponse()
		e.must(req, resp)
		if resp.TotalCount != n || resp.PageNumber != int64(page) || resp.PageSize != 500 {
			t.Fatalf("page %d: TotalCount %d PageNumber %d PageSize %d", page, resp.TotalCount, resp.PageNumber, resp.PageSize)
		}
		if len(resp.DomainRecords.Record) == 0 {
			break
		}
		sizes = append(sizes, len(resp.DomainRecords.Record))
		for _, r := range resp.DomainRecords.Record {
			if seen[r.RecordId] {
				t.Fatalf("record %s twice", r.RecordId)
			}
			seen[r.RecordId] = true
		}
	}
	if fmt.Sprint(sizes) != "[500 500 200]" || len(seen) != n {
		t.Fatalf("pages %v, %d records", sizes, len(seen))
	}

	big := alidns.CreateDescribeDomainRecordsRequest()
	big.DomainName = "big.com"
	big.PageSize = requests.NewInteger(501)
	wantCode(t, e.call(big, alidns.CreateDescribeDomainRecordsResponse()), "InvalidParameter", 400)

	search := func(mode, rr string) int64 {
		req := alidns.CreateDescribeDomainRecordsRequest()
		req.DomainName, req.SearchMode, req.RRKeyWord = "big.com", mode, rr
		resp := alidns.CreateDescribeDomainRecordsResponse()
		e.must(req, resp)
		return resp.TotalCount
	}
	// host1, host10..host19, host100..host199, host1000..host1199
	if got := search("", "host1"); got != 1+10+100+200 {
		t.Fatalf("LIKE host1 = %d", got)
	}
	if got := search("EXACT", "host1"); got != 1 {
		t.Fatalf("EXACT host1 = %d", got)
	}
	vreq := alidns.CreateDescribeDomainRecordsRequest()
	vreq.DomainName, vreq.ValueKeyWord, vreq.SearchMode, vreq.TypeKeyWord = "big.com", "10.0.4.76", "EXACT", "A"
	vresp := alidns.CreateDescribeDomainRecordsResponse()
	e.must(vreq, vresp)
	if vresp.TotalCount != 1 || vresp.DomainRecords.Record[0].RR != fmt.Sprintf("host%d", 4*256+76) {
		t.Fatalf("ValueKeyWord = %+v", vresp)
	}
}

// DescribeDomainInfo lists a zone's resolution lines, with MinTtl, only when asked for the
// detail attributes; a record on a line the zone does not offer is refused.
func TestAlidnsZoneLines(t *testing.T) {
	e := newEnv(t)
	for _, d := range []emulator.DomainSeed{{Domain: "free.cn"}, {Domain: "paid.cn", DNSEdition: "version_personal"}} {
		if err := e.srv.Control.AddDomain(d); err != nil {
			t.Fatal(err)
		}
	}
	info := func(domain string, detail bool) *alidns.DescribeDomainInfoResponse {
		t.Helper()
		req := alidns.CreateDescribeDomainInfoRequest()
		req.DomainName = domain
		if detail {
			req.NeedDetailAttributes = requests.NewBoolean(true)
		}
		resp := alidns.CreateDescribeDomainInfoResponse()
		e.must(req, resp)
		return resp
	}
	if plain := info("free.cn", false); plain.MinTtl != 0 || len(plain.RecordLines.RecordLine) != 0 || plain.RecordLineTreeJson != "" {
		t.Errorf("without NeedDetailAttributes: MinTtl %d, %d lines, tree %q; want none of the detail attributes", plain.MinTtl, len(plain.RecordLines.RecordLine), plain.RecordLineTreeJson)
	}
	lines := func(domain string) map[string]bool {
		out := map[string]bool{}
		for _, l := range info(domain, true).RecordLines.RecordLine {
			out[l.LineCode] = true
		}
		return out
	}
	free, paid := lines("free.cn"), lines("paid.cn")
	if len(free) != 9 || !free["default"] || !free["oversea"] || free["drpeng"] {
		t.Errorf("free edition lines = %v; want the nine of the metadata's example", free)
	}
	if !paid["drpeng"] || !paid["default"] {
		t.Errorf("paid edition lines = %v; want more than the free edition's", paid)
	}
	add := func(domain, line string) error {
		req := alidns.CreateAddDomainRecordRequest()
		req.DomainName, req.RR, req.Type, req.Value, req.Line = domain, "www", "A", "203.0.113.10", line
		return e.call(req, alidns.CreateAddDomainRecordResponse())
	}
	wantCode(t, add("free.cn", "defualt"), "InvalidLine", 400) //nolint:misspell // the typo is the test
	wantCode(t, add("free.cn", "drpeng"), "InvalidLine", 400)
	if err := add("paid.cn", "drpeng"); err != nil {
		t.Errorf("a paid zone's line refused: %v", err)
	}
	if err := add("free.cn", "telecom"); err != nil {
		t.Errorf("a free zone's line refused: %v", err)
	}
}

// A zone hosted by another Alibaba Cloud account (POST /_emulator/other_account_zones, or
// the seed file's other_account_zones) answers 400 IncorrectDomainUser with the service's
// message to every Alidns action naming it; it is not listed and takes no records; a zone
// of the account is never also another's; it survives a restart with -state.
func TestAlidnsZoneOfAnotherAccount(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv := emulatortest.StartWithConfig(t, emulator.Config{StatePath: path})
	e := &env{t: t, srv: srv, client: newClient(t, srv.AccessKeyID, srv.AccessKeySecret)}
	if err := srv.Control.AddDomain(emulator.DomainSeed{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Control.AddOtherAccountZone("Friend.Example.com."); err != nil {
		t.Fatal(err)
	}
	if err := srv.Emulator.LoadSeed(strings.NewReader(`{"other_account_zones": [{"domain": "theirs.cn"}]}`)); err != nil {
		t.Fatal(err)
	}
	const msg = "The domain name belongs to other users. Transfer the domain name to the current user and then try the binding and setting actions."
	wantForeign := func(name string, err error) {
		t.Helper()
		wantCode(t, err, "IncorrectDomainUser", 400)
		if !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: message %v, want %q", name, err, msg)
		}
	}
	sub := func(subDomain, domainName string) error {
		req := alidns.CreateDescribeSubDomainRecordsRequest()
		req.SubDomain, req.DomainName = subDomain, domainName
		return e.call(req, alidns.CreateDescribeSubDomainRecordsResponse())
	}
	info := alidns.CreateDescribeDomainInfoRequest()
	info.DomainName = "theirs.cn"
	add := alidns.CreateAddDomainRequest()
	add.DomainName = "friend.example.com"
	for _, zone := range []string{"friend.example.com", "theirs.cn"} {
		_, err := addRecord(e, zone, "www", "A", "203.0.113.7", 600)
		wantForeign("AddDomainRecord "+zone, err)
		wantForeign("DescribeDomainRecords "+zone, e.call(describeRecords(zone), alidns.CreateDescribeDomainRecordsResponse()))
		wantForeign("DescribeSubDomainRecords with DomainName "+zone, sub("www."+zone, zone))
	}
	wantForeign("DescribeSubDomainRecords, closest zone another account's", sub("www.friend.example.com", ""))
	wantForeign("DescribeDomainInfo", e.call(info, alidns.CreateDescribeDomainInfoResponse()))
	wantForeign("AddDomain", e.call(add, alidns.CreateAddDomainResponse()))

	// The account's own zone next to it answers as before.
	if err := sub("www.example.com", ""); err != nil {
		t.Fatalf("own zone example.com: %v", err)
	}
	wantCode(t, sub("www.unknown.org", ""), "InvalidDomainName.NoExist", 400)
	list := alidns.CreateDescribeDomainsResponse()
	e.must(alidns.CreateDescribeDomainsRequest(), list)
	if list.TotalCount != 1 || list.Domains.Domain[0].DomainName != "example.com" {
		t.Fatalf("DescribeDomains lists %+v, want example.com only", list.Domains.Domain)
	}
	if _, err := srv.Control.AddRecord(emulator.Record{Domain: "theirs.cn", RR: "www", Type: "A", Value: "203.0.113.8"}); err == nil {
		t.Fatal("a record was added to another account's zone")
	}
	if err := srv.Control.AddOtherAccountZone("example.com"); err == nil || !strings.Contains(err.Error(), "hosts this zone itself") {
		t.Fatalf("the account's own zone accepted as another account's: %v", err)
	}

	srv2 := emulatortest.StartWithConfig(t, emulator.Config{StatePath: path})
	e2 := &env{t: t, srv: srv2, client: e.client}
	wantForeign("after a restart", e2.call(describeRecords("theirs.cn"), alidns.CreateDescribeDomainRecordsResponse()))
}
