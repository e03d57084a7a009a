package emulator

import (
	"net"
	"sort"
	"strconv"
	"strings"
)

// Alidns (2015-01-09).
//
// Sources. The editions' minimum TTLs (600, 600, 60 and 1 s) are the 最低TTL值 row of
// Alibaba's edition comparison (AlibabaCloudDocs/dns, cn.zh-CN/产品定价/版本对比.md). TTL
// 1–86400 with default 600, and the MX Priority range 1–50, are AddDomainRecord's and
// UpdateDomainRecord's parameters in Alidns's OpenAPI metadata (the 2024-06-24 snapshot
// testdata/contract.json names: dew-serverless/acs-sdk-php@2da261e490af93414113673cdeb6bb7305b3212d
// data/alidns/2015-01-09/api-docs.json), as is DescribeSubDomainRecords' reading of
// SubDomain (the zone is DomainName when given, else the main domain). That a CNAME shares
// its name with no other record is DNS's own rule (RFC 1034 §3.6.2).
//
// IncorrectDomainUser (a zone of another account, POST /_emulator/other_account_zones):
// its HTTP status and message are the service's answer to DescribeSubDomainRecords and
// DescribeDomainRecords for such a zone, as reported (internal/apicatalog names where);
// that AddDomain, DescribeDomainInfo and AddDomainRecord answer it too, and
// DescribeSubDomainRecords without DomainName, is unverified.
//
// Unverified (no source settles it): the error codes, messages and HTTP statuses this file
// answers with — InvalidDomainName.Format and DomainAlreadyExist (AddDomain),
// InvalidDomainName.NoExist (zone not in the account),
// DomainRecordNotBelongToUser (unknown RecordId), InvalidType, InvalidValue (A/AAAA value
// checks), QuotaExceeded.TTL (TTL under the edition's minimum or over 86400),
// InvalidPriority, DomainRecordDuplicate (also for an update that changes nothing),
// DomainRecordConflict, InvalidSubDomain and InvalidLine (a line the zone does not offer):
// the metadata lists no error codes for these actions. Also unverified: that the CNAME conflict is per RR and Line, the MX Priority of 5
// when none is sent (the metadata's description says Priority is required for MX), the set
// of record types accepted, each edition's name servers, and each edition's set of lines
// (the shape of RecordLines is the official model's; which lines a paid edition adds is not).

var editions = map[string]struct {
	name   string
	minTTL int64
	dns    []string
}{
	"mianfei":                     {"免费版", 600, []string{"dns9.hichina.com", "dns10.hichina.com"}},
	"version_personal":            {"个人版", 600, []string{"vip1.alidns.com", "vip2.alidns.com"}},
	"version_enterprise_basic":    {"企业标准版", 60, []string{"vip1.alidns.com", "vip2.alidns.com"}},
	"version_enterprise_advanced": {"企业旗舰版", 1, []string{"vip1.alidns.com", "vip2.alidns.com"}},
}

func editionInfo(code string) (name string, minTTL int64, dns []string) {
	if ed, ok := editions[code]; ok {
		return ed.name, ed.minTTL, ed.dns
	}
	return code, 1, []string{"vip1.alidns.com", "vip2.alidns.com"}
}

var allTTLs = []int64{1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 43200, 86400}

const maxTTL = 86400

var recordTypes = map[string]bool{
	"A": true, "AAAA": true, "CNAME": true, "MX": true, "TXT": true, "NS": true, "SRV": true,
	"CAA": true, "REDIRECT_URL": true, "FORWARD_URL": true,
}

func errZoneNotFound() *apiError {
	return errorf(400, "InvalidDomainName.NoExist", "The specified domain name does not exist. Refresh the page and try again.")
}

// errZoneOfAnotherAccount is the answer for a zone hosted in Alibaba Cloud DNS by another
// account (POST /_emulator/other_account_zones): code, HTTP status and message as the
// service answered DescribeSubDomainRecords and DescribeDomainRecords for such a zone
// (the sources are IncorrectDomainUser's in internal/apicatalog).
func errZoneOfAnotherAccount() *apiError {
	return errorf(400, "IncorrectDomainUser", "The domain name belongs to other users. Transfer the domain name to the current user and then try the binding and setting actions.")
}

// zoneLocked returns the account's zone name, or the answer for a name that is not one:
// IncorrectDomainUser when another account hosts it, else InvalidDomainName.NoExist.
func (e *Emulator) zoneLocked(name string) (*zoneState, *apiError) {
	if z, ok := e.st.Zones[name]; ok {
		return z, nil
	}
	if e.st.OtherAccountZones[name] {
		return nil, errZoneOfAnotherAccount()
	}
	return nil, errZoneNotFound()
}

func errRecordNotFound() *apiError {
	return errorf(400, "DomainRecordNotBelongToUser", "The DNS record does not exist or does not belong to the current user.")
}

func (e *Emulator) zoneParam(q *request) (*zoneState, *apiError) {
	name, ae := q.require("DomainName")
	if ae != nil {
		return nil, ae
	}
	return e.zoneLocked(normDomain(name))
}

// paging reads page number and size parameters.
func paging(q *request, numName string, defSize, maxSize int) (int, int, *apiError) {
	const sizeName = "PageSize" // every paged action of the official models names its size so
	num, size := 1, defSize
	if v := q.get(numName); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, invalidParam(numName, v)
		}
		num = n
	}
	if v := q.get(sizeName); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxSize {
			return 0, 0, errorf(400, "InvalidParameter", "The specified parameter %s %q is not valid: it must be between 1 and %d.", sizeName, v, maxSize)
		}
		size = n
	}
	return num, size, nil
}

// pageMap converts page num of size items with toJSON: the list of a paged answer, empty
// (not null) when the page is.
func pageMap[T any](all []T, num, size int, toJSON func(T) obj) []obj {
	page := pageSlice(all, num, size)
	list := make([]obj, 0, len(page))
	for _, v := range page {
		list = append(list, toJSON(v))
	}
	return list
}

// pageSlice returns page num (1-based) of size items. Pages past the end, however large
// num is, are empty: the bounds are compared by division, so (num-1)*size never overflows.
func pageSlice[T any](all []T, num, size int) []T {
	if num < 1 || size < 1 {
		return []T{}
	}
	pages := len(all) / size
	if len(all)%size != 0 {
		pages++
	}
	if num > pages {
		return []T{}
	}
	start := (num - 1) * size // < len(all) here, so no overflow
	end := start + min(size, len(all)-start)
	return all[start:end]
}

func (e *Emulator) alidnsAddDomain(q *request) (obj, *apiError) {
	name, ae := q.require("DomainName")
	if ae != nil {
		return nil, ae
	}
	name = normDomain(name)
	if !strings.Contains(name, ".") || strings.ContainsAny(name, " /_") {
		return nil, errorf(400, "InvalidDomainName.Format", "The format of the specified domain name is invalid.")
	}
	if _, ok := e.st.Zones[name]; ok {
		return nil, errorf(400, "DomainAlreadyExist", "The domain name already exists in your account.")
	}
	if e.st.OtherAccountZones[name] {
		// UNVERIFIED for AddDomain: the answer observed for a zone of another account is
		// DescribeSubDomainRecords' and DescribeDomainRecords'; its message speaks of
		// "binding" the domain, which adding it is.
		return nil, errZoneOfAnotherAccount()
	}
	z := e.ensureZoneLocked(name, "mianfei")
	_, _, dns := editionInfo(z.Edition)
	return obj{"DomainId": z.DomainID, "DomainName": z.Name, "PunyCode": z.Name, "GroupId": "", "GroupName": "",
		"DnsServers": obj{"DnsServer": dns}}, nil
}

func (e *Emulator) zoneRecordCount(name string) int {
	n := 0
	for _, r := range e.st.Records {
		if r.Domain == name {
			n++
		}
	}
	return n
}

func (e *Emulator) alidnsDescribeDomains(q *request) (obj, *apiError) {
	num, size, ae := paging(q, "PageNumber", 20, 100)
	if ae != nil {
		return nil, ae
	}
	kw := strings.ToLower(q.get("KeyWord"))
	exact := strings.EqualFold(q.get("SearchMode"), "EXACT")
	var names []string
	for name := range e.st.Zones {
		if kw != "" && ((exact && name != kw) || (!exact && !strings.Contains(name, kw))) {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	list := pageMap(names, num, size, func(name string) obj {
		z := e.st.Zones[name]
		vname, _, dns := editionInfo(z.Edition)
		_, owned := e.st.Domains[name]
		return obj{
			"DomainId": z.DomainID, "DomainName": z.Name, "PunyCode": z.Name, "AliDomain": owned,
			"RecordCount": e.zoneRecordCount(name), "VersionCode": z.Edition, "VersionName": vname,
			"CreateTime": z.CreateTime.Format("2006-01-02T15:04Z"), "CreateTimestamp": z.CreateTime.UnixMilli(),
			"DnsServers": obj{"DnsServer": dns}, "Tags": obj{"Tag": []obj{}},
		}
	})
	return obj{"TotalCount": len(names), "PageNumber": num, "PageSize": size, "Domains": obj{"Domain": list}}, nil
}

func (e *Emulator) alidnsDescribeDomainInfo(q *request) (obj, *apiError) {
	z, ae := e.zoneParam(q)
	if ae != nil {
		return nil, ae
	}
	vname, minTTL, dns := editionInfo(z.Edition)
	ttls := []string{}
	for _, t := range allTTLs {
		if t >= minTTL {
			ttls = append(ttls, strconv.FormatInt(t, 10))
		}
	}
	_, owned := e.st.Domains[z.Name]
	out := obj{
		"DomainId": z.DomainID, "DomainName": z.Name, "PunyCode": z.Name, "AliDomain": owned,
		"VersionCode": z.Edition, "VersionName": vname,
		"CreateTime":  z.CreateTime.Format("2006-01-02T15:04Z"),
		"InBlackHole": false, "InClean": false, "DnsServers": obj{"DnsServer": dns},
		"AvailableTtls": obj{"AvailableTtl": ttls},
	}
	// The model (alidns v5.6.0, NeedDetailAttributes): lineType, minTtl, recordLines,
	// recordLineTreeJson, regionLines, slaveDns (and line details) are returned only when it
	// is true; default false.
	if parseBool(q.get("NeedDetailAttributes")) {
		lines := zoneLines(z.Edition)
		recordLines := make([]obj, 0, len(lines))
		tree := make([]string, 0, len(lines))
		for _, l := range lines {
			recordLines = append(recordLines, obj{"LineCode": l.code, "LineName": l.name, "LineDisplayName": l.name, "FatherCode": ""})
			tree = append(tree, strconv.Quote(l.code)+":{}")
		}
		out["MinTtl"], out["LineType"], out["RegionLines"], out["SlaveDns"] = minTTL, "isp", false, false
		out["RecordLines"] = obj{"RecordLine": recordLines}
		out["RecordLineTreeJson"] = "{" + strings.Join(tree, ",") + "}"
	}
	return out, nil
}

// A zone's resolution lines (解析线路). The free edition's are the RecordLineTreeJson example
// of DescribeDomainInfo in the Alidns metadata (default, unicom, telecom, mobile, edu,
// oversea, baidu, biying, google); the paid editions add lines of the line enumeration
// (https://help.aliyun.com/document_detail/29807.html, which AddDomainRecord's Line
// parameter points at). The paid editions' sets are a subset of what Alibaba Cloud DNS
// offers them (it adds provincial and overseas lines): the provider reads a zone's lines
// from DescribeDomainInfo, whatever they are.
type dnsLine struct{ code, name string }

var freeLines = []dnsLine{{"default", "默认"}, {"unicom", "联通"}, {"telecom", "电信"}, {"mobile", "移动"}, {"edu", "教育网"},
	{"oversea", "境外"}, {"baidu", "百度"}, {"biying", "必应"}, {"google", "谷歌"}}

var paidLines = append(append([]dnsLine(nil), freeLines...), dnsLine{"drpeng", "鹏博士"}, dnsLine{"btvn", "广电网"},
	dnsLine{"cstnet", "科技网"}, dnsLine{"aliyun", "阿里云"}, dnsLine{"search", "搜索引擎"}, dnsLine{"internal", "中国地区"})

func zoneLines(edition string) []dnsLine {
	if edition == "" || edition == "mianfei" {
		return freeLines
	}
	return paidLines
}

// zoneOffersLine reports whether a zone of edition offers line.
func zoneOffersLine(edition, line string) bool {
	for _, l := range zoneLines(edition) {
		if l.code == line {
			return true
		}
	}
	return false
}

// recordInput is a validated record from Add/UpdateDomainRecord parameters.
func (e *Emulator) recordInput(q *request, z *zoneState, existing *recordState) (*recordState, *apiError) {
	rr, ae := q.require("RR")
	if ae != nil {
		return nil, ae
	}
	typ, ae := q.require("Type")
	if ae != nil {
		return nil, ae
	}
	value, ae := q.require("Value")
	if ae != nil {
		return nil, ae
	}
	typ = strings.ToUpper(typ)
	if !recordTypes[typ] {
		return nil, errorf(400, "InvalidType", "The specified record type %q is not supported.", typ)
	}
	switch typ {
	case "A":
		ip := net.ParseIP(value)
		if ip == nil || ip.To4() == nil {
			return nil, errorf(400, "InvalidValue", "The value %q is not a valid IPv4 address for an A record.", value)
		}
	case "AAAA":
		ip := net.ParseIP(value)
		if ip == nil || ip.To4() != nil {
			return nil, errorf(400, "InvalidValue", "The value %q is not a valid IPv6 address for an AAAA record.", value)
		}
	}
	rec := &recordState{Domain: z.Name, RR: normRR(rr), Type: typ, Value: value, Line: "default", TTL: 600, Status: "ENABLE", Weight: 1}
	if existing != nil {
		rec.Line, rec.TTL, rec.Priority, rec.Status, rec.Remark, rec.Weight = existing.Line, existing.TTL, existing.Priority, existing.Status, existing.Remark, existing.Weight
		if existing.Type != "MX" && typ == "MX" {
			rec.Priority = 0
		}
	}
	if v := q.get("Line"); v != "" {
		if !zoneOffersLine(z.Edition, v) {
			return nil, errorf(400, "InvalidLine", "The line %q is not a resolution line %s offers on its DNS edition.", v, z.Name)
		}
		rec.Line = v
	}
	if v := q.get("TTL"); v != "" {
		t, err := strconv.ParseInt(v, 10, 64)
		if err != nil || t < 1 {
			return nil, invalidParam("TTL", v)
		}
		rec.TTL = t
	}
	_, minTTL, _ := editionInfo(z.Edition)
	if rec.TTL < minTTL {
		return nil, errorf(400, "QuotaExceeded.TTL", "The TTL value %d is below the minimum %d allowed by the DNS edition of %s.", rec.TTL, minTTL, z.Name)
	}
	if rec.TTL > maxTTL {
		return nil, errorf(400, "QuotaExceeded.TTL", "The TTL value %d exceeds the maximum %d.", rec.TTL, maxTTL)
	}
	if typ == "MX" {
		if v := q.get("Priority"); v != "" {
			p, err := strconv.ParseInt(v, 10, 64)
			if err != nil || p < 1 || p > 50 {
				return nil, errorf(400, "InvalidPriority", "The MX priority %q must be between 1 and 50.", v)
			}
			rec.Priority = p
		}
		if rec.Priority == 0 {
			rec.Priority = 5
		}
	} else {
		rec.Priority = 0
	}
	return rec, nil
}

func sameValue(typ, a, b string) bool {
	if typ == "TXT" {
		return a == b
	}
	return strings.EqualFold(strings.TrimSuffix(a, "."), strings.TrimSuffix(b, "."))
}

// checkConflicts applies duplicate and CNAME-conflict rules for rec against the zone
// (excluding the record being updated).
func (e *Emulator) checkConflicts(rec *recordState, selfID string) *apiError {
	for _, o := range e.zoneRecordsLocked(rec.Domain) {
		if o.ID == selfID || o.RR != rec.RR || o.Line != rec.Line {
			continue
		}
		if o.Type == rec.Type && sameValue(rec.Type, o.Value, rec.Value) {
			return errorf(400, "DomainRecordDuplicate", "The DNS record already exists.")
		}
	}
	for _, o := range e.zoneRecordsLocked(rec.Domain) {
		if o.ID == selfID || o.RR != rec.RR || o.Line != rec.Line {
			continue
		}
		if rec.Type == "CNAME" || o.Type == "CNAME" {
			return errorf(400, "DomainRecordConflict", "The DNS record conflicts with an existing %s record of %s.", o.Type, rec.RR)
		}
	}
	return nil
}

func (e *Emulator) alidnsAddDomainRecord(q *request) (obj, *apiError) {
	z, ae := e.zoneParam(q)
	if ae != nil {
		return nil, ae
	}
	rec, ae := e.recordInput(q, z, nil)
	if ae != nil {
		return nil, ae
	}
	if ae := e.checkConflicts(rec, ""); ae != nil {
		return nil, ae
	}
	e.insertRecordLocked(rec)
	return obj{"RecordId": rec.ID}, nil
}

func (e *Emulator) recordParam(q *request) (*recordState, *apiError) {
	id, ae := q.require("RecordId")
	if ae != nil {
		return nil, ae
	}
	rec, ok := e.st.Records[id]
	if !ok {
		return nil, errRecordNotFound()
	}
	return rec, nil
}

func (e *Emulator) alidnsUpdateDomainRecord(q *request) (obj, *apiError) {
	old, ae := e.recordParam(q)
	if ae != nil {
		return nil, ae
	}
	z, ok := e.st.Zones[old.Domain]
	if !ok {
		return nil, errZoneNotFound()
	}
	rec, ae := e.recordInput(q, z, old)
	if ae != nil {
		return nil, ae
	}
	if rec.RR == old.RR && rec.Type == old.Type && rec.Value == old.Value && rec.Line == old.Line &&
		rec.TTL == old.TTL && rec.Priority == old.Priority {
		return nil, errorf(400, "DomainRecordDuplicate", "The DNS record already exists.")
	}
	if ae := e.checkConflicts(rec, old.ID); ae != nil {
		return nil, ae
	}
	old.RR, old.Type, old.Value, old.Line, old.TTL, old.Priority = rec.RR, rec.Type, rec.Value, rec.Line, rec.TTL, rec.Priority
	e.dirty = true
	return obj{"RecordId": old.ID}, nil
}

func (e *Emulator) alidnsDeleteDomainRecord(q *request) (obj, *apiError) {
	rec, ae := e.recordParam(q)
	if ae != nil {
		return nil, ae
	}
	delete(e.st.Records, rec.ID)
	e.dirty = true
	return obj{"RecordId": rec.ID}, nil
}

func recordJSON(r *recordState) obj {
	o := obj{
		"RecordId": r.ID, "DomainName": r.Domain, "RR": r.RR, "Type": r.Type, "Value": r.Value,
		"TTL": r.TTL, "Line": r.Line, "Status": r.Status, "Locked": false, "Weight": r.Weight,
	}
	if r.Type == "MX" {
		o["Priority"] = r.Priority
	}
	if r.Remark != "" {
		o["Remark"] = r.Remark
	}
	return o
}

func (e *Emulator) alidnsDescribeDomainRecordInfo(q *request) (obj, *apiError) {
	rec, ae := e.recordParam(q)
	if ae != nil {
		return nil, ae
	}
	o := recordJSON(rec)
	delete(o, "Weight") // DescribeDomainRecordInfo's model has no Weight (DescribeDomainRecords' has)
	o["PunyCode"] = rec.Domain
	if z, ok := e.st.Zones[rec.Domain]; ok {
		o["DomainId"] = z.DomainID
	}
	return o, nil
}

func matchKeyword(field, kw string, exact bool) bool {
	if kw == "" {
		return true
	}
	if exact {
		return strings.EqualFold(field, kw)
	}
	return strings.Contains(strings.ToLower(field), strings.ToLower(kw))
}

func (e *Emulator) alidnsDescribeDomainRecords(q *request) (obj, *apiError) {
	z, ae := e.zoneParam(q)
	if ae != nil {
		return nil, ae
	}
	num, size, ae := paging(q, "PageNumber", 20, 500)
	if ae != nil {
		return nil, ae
	}
	mode := strings.ToUpper(q.get("SearchMode"))
	switch mode {
	case "", "LIKE", "EXACT", "ADVANCED":
	default:
		return nil, invalidParam("SearchMode", q.get("SearchMode"))
	}
	exact := mode == "EXACT"
	kw, rrKW, valKW := q.get("KeyWord"), q.get("RRKeyWord"), q.get("ValueKeyWord")
	typeKW, typ, line, status := q.get("TypeKeyWord"), q.get("Type"), q.get("Line"), q.get("Status")
	var matched []*recordState
	for _, r := range e.zoneRecordsLocked(z.Name) {
		if kw != "" && !matchKeyword(r.RR, kw, exact) && !matchKeyword(r.Value, kw, exact) {
			continue
		}
		if !matchKeyword(r.RR, rrKW, exact) || !matchKeyword(r.Value, valKW, exact) {
			continue
		}
		if typeKW != "" && !strings.EqualFold(r.Type, typeKW) {
			continue
		}
		if typ != "" && !strings.EqualFold(r.Type, typ) {
			continue
		}
		if line != "" && r.Line != line {
			continue
		}
		if status != "" && !strings.EqualFold(r.Status, status) {
			continue
		}
		matched = append(matched, r)
	}
	list := pageMap(matched, num, size, recordJSON)
	return obj{"TotalCount": len(matched), "PageNumber": num, "PageSize": size, "DomainRecords": obj{"Record": list}}, nil
}

func (e *Emulator) alidnsDescribeSubDomainRecords(q *request) (obj, *apiError) {
	sub, ae := q.require("SubDomain")
	if ae != nil {
		return nil, ae
	}
	sub = normDomain(sub)
	num, size, ae := paging(q, "PageNumber", 20, 500)
	if ae != nil {
		return nil, ae
	}
	var zone string
	if dn := q.get("DomainName"); dn != "" {
		zone = normDomain(dn)
		if _, ae := e.zoneLocked(zone); ae != nil {
			return nil, ae
		}
	} else {
		// The closest enclosing zone, of this account or of another (UNVERIFIED that the
		// service answers IncorrectDomainUser here when the closest is another account's:
		// that answer was observed with DomainName given).
		for name := range e.st.Zones {
			if inDomain(sub, name) && len(name) > len(zone) {
				zone = name
			}
		}
		for name := range e.st.OtherAccountZones {
			if inDomain(sub, name) && len(name) > len(zone) {
				zone = name
			}
		}
		if _, ae := e.zoneLocked(zone); ae != nil {
			return nil, ae
		}
	}
	rr := "@"
	if sub != zone {
		if !strings.HasSuffix(sub, "."+zone) {
			return nil, errorf(400, "InvalidSubDomain", "The subdomain %q does not belong to %s.", sub, zone)
		}
		rr = strings.TrimSuffix(sub, "."+zone)
	}
	typ, line := q.get("Type"), q.get("Line")
	var matched []*recordState
	for _, r := range e.zoneRecordsLocked(zone) {
		if r.RR != rr || (typ != "" && !strings.EqualFold(r.Type, typ)) || (line != "" && r.Line != line) {
			continue
		}
		matched = append(matched, r)
	}
	list := pageMap(matched, num, size, recordJSON)
	return obj{"TotalCount": len(matched), "PageNumber": num, "PageSize": size, "DomainRecords": obj{"Record": list}}, nil
}

func (e *Emulator) alidnsSetDomainRecordStatus(q *request) (obj, *apiError) {
	rec, ae := e.recordParam(q)
	if ae != nil {
		return nil, ae
	}
	status, ae := q.require("Status")
	if ae != nil {
		return nil, ae
	}
	var out string
	switch strings.ToUpper(status) {
	case "ENABLE":
		rec.Status, out = "ENABLE", "Enable"
	case "DISABLE":
		rec.Status, out = "DISABLE", "Disable"
	default:
		return nil, invalidParam("Status", status)
	}
	e.dirty = true
	return obj{"RecordId": rec.ID, "Status": out}, nil
}

// alidnsUpdateDomainRecordRemark sets or clears (empty Remark) a record's remark.
func (e *Emulator) alidnsUpdateDomainRecordRemark(q *request) (obj, *apiError) {
	rec, ae := e.recordParam(q)
	if ae != nil {
		return nil, ae
	}
	remark := q.get("Remark")
	if len([]rune(remark)) > 50 {
		return nil, invalidParam("Remark", remark)
	}
	rec.Remark = remark
	e.dirty = true
	return obj{}, nil
}
