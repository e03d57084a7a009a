package emulator_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// The contract test: testdata/contract.json is the official wire format of every action
// (each entry names the Alibaba Cloud model it was transcribed from). Every emulator
// action is driven here and its answer must use only keys of the official response tree,
// with the official types; contract_client_test.go checks the other side, the keys
// internal/aliyun reads.

// The action table and the contract list the same actions, each with its source.
func TestContractCoversEveryAction(t *testing.T) {
	contract := emulatortest.Contract(t)
	seen := map[string]bool{}
	for _, a := range emulator.Actions() {
		c, ok := contract[a.Key()]
		if !ok {
			t.Errorf("%s is served but not in testdata/contract.json", a.Key())
			continue
		}
		if c.Version != a.Version {
			t.Errorf("%s: version %s served, %s in the contract", a.Key(), a.Version, c.Version)
		}
		if strings.TrimSpace(a.Source) == "" || strings.TrimSpace(c.Source) == "" {
			t.Errorf("%s: no source", a.Key())
		}
		if len(c.Response) == 0 {
			t.Errorf("%s: no response tree", a.Key())
		}
		seen[a.Key()] = true
	}
	for k := range contract {
		if !seen[k] {
			t.Errorf("%s is in the contract but not served", k)
		}
	}
}

// conform checks a decoded JSON value against a contract tree and returns the mismatches.
func conform(path string, v any, tree any) []string {
	switch tr := tree.(type) {
	case string:
		ok := false
		switch tr {
		case "string":
			_, ok = v.(string)
		case "integer":
			if n, isNum := v.(json.Number); isNum {
				_, err := strconv.ParseInt(string(n), 10, 64)
				ok = err == nil
			}
		case "number":
			_, ok = v.(json.Number)
		case "boolean":
			_, ok = v.(bool)
		case "object":
			_, ok = v.(map[string]any)
		case "any":
			ok = v != nil
		}
		if !ok {
			return []string{fmt.Sprintf("%s: %s in the official model, got %s", path, tr, jsonKind(v))}
		}
		return nil
	case []any:
		arr, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: a list in the official model, got %s", path, jsonKind(v))}
		}
		var errs []string
		for i, el := range arr {
			errs = append(errs, conform(fmt.Sprintf("%s[%d]", path, i), el, tr[0])...)
		}
		return errs
	case map[string]any:
		m, ok := v.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: an object in the official model, got %s", path, jsonKind(v))}
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var errs []string
		for _, k := range keys {
			sub, ok := tr[k]
			if !ok {
				errs = append(errs, fmt.Sprintf("%s.%s: not in the official model", path, k))
				continue
			}
			errs = append(errs, conform(path+"."+k, m[k], sub)...)
		}
		return errs
	}
	return []string{fmt.Sprintf("%s: unreadable contract tree %T", path, tree)}
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "the number " + string(x)
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func decodeTree(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	return tree
}

// rpc sends one V1-signed RPC call and returns the HTTP status and the decoded answer.
type rpc struct {
	t     *testing.T
	srv   *emulatortest.Server
	nonce int
}

func (c *rpc) call(key string, params map[string]string) (int, map[string]any) {
	c.t.Helper()
	product, action, _ := strings.Cut(key, ".")
	var version string
	for _, a := range emulator.Actions() {
		if a.Product == product && a.Action == action {
			version = a.Version
		}
	}
	c.nonce++
	p := map[string]string{
		"Action": action, "Version": version, "Format": "JSON", "AccessKeyId": c.srv.AccessKeyID,
		"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": fmt.Sprintf("contract-%d-%d", time.Now().UnixNano(), c.nonce),
		"Timestamp": time.Now().UTC().Format("2006-01-02T15:04:05Z"),
	}
	for k, v := range params {
		p[k] = v
	}
	p["Signature"] = emulator.Sign("POST", p, c.srv.AccessKeySecret)
	form := url.Values{}
	for k, v := range p {
		form.Set(k, v)
	}
	resp, err := http.Post(c.srv.URL+"/", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		c.t.Fatalf("%s: %s: %v", key, b, err)
	}
	return resp.StatusCode, m
}

// contractDriver is one step of the drive: an action and its parameters; after, when set,
// reads what later steps need from the answer.
type contractDriver struct {
	key    string
	params func() map[string]string
	after  func(map[string]any)
}

func str(m map[string]any, path ...string) string {
	var v any = m
	for _, p := range path {
		mm, _ := v.(map[string]any)
		v = mm[p]
	}
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	}
	return ""
}

// seedContractState gives every action something to list: a zone with an MX record, a
// registrant profile, an owned domain, a filing with a risk and an app, and one server of
// each kind.
func seedContractState(t *testing.T, srv *emulatortest.Server) {
	t.Helper()
	ctl := srv.Control
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(ctl.SetSettings(emulator.Settings{TaskDelayMs: 0}))
	must(ctl.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001, Organization: "示例科技有限公司"}))
	must(ctl.AddDomain(emulator.DomainSeed{Domain: "example.com", InstanceID: "S20260101contract", RegistrantOrganization: "示例科技有限公司"}))
	_, err := ctl.AddRecord(emulator.Record{Domain: "example.com", RR: "@", Type: "MX", Value: "mx.example.com", Priority: 10, Remark: "mail"})
	must(err)
	must(ctl.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备12345678号", Organizer: "示例科技有限公司",
		ResponsiblePersonName: "张三", SiteResponsiblePersonName: "李四",
		Risks: []emulator.Risk{{Deadline: "2026-12-31", Details: []emulator.RiskDetail{{RiskSource: "工信部核查", RectifySuggestions: []string{"更新网站负责人信息"}}}}},
		Apps:  []emulator.AppSeed{{AppName: "示例小程序", AppRecordNum: "浙ICP备12345678号-2X", DomainList: []string{"api.example.com"}}}}))
	for _, s := range []emulator.ServerSeed{{Kind: "ecs", Region: "cn-hangzhou", IP: "47.96.1.1"}, {Kind: "eip", Region: "cn-hangzhou", IP: "47.96.1.2"},
		{Kind: "slb", Region: "cn-hangzhou", IP: "47.96.1.3"}, {Kind: "swas", Region: "cn-hangzhou", IP: "47.96.1.4"},
		{Kind: "alb", Region: "cn-hangzhou", IP: "47.96.1.5"}, {Kind: "nlb", Region: "cn-hangzhou", IP: "2408:4005::6"},
		{Kind: "nat", Region: "cn-hangzhou", IP: "47.96.1.7", ChargeType: "PostPaid"}} {
		must(ctl.AddServer(s))
	}
}

// contractDrive returns a drive calling every action once, in an order where each step
// finds what it needs.
func contractDrive() []contractDriver {
	var recordID, taskNo, instanceID, expiry string
	p := func(kv ...string) func() map[string]string {
		return func() map[string]string {
			m := map[string]string{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i]] = kv[i+1]
			}
			return m
		}
	}
	rec := func(kv ...string) func() map[string]string {
		return func() map[string]string { m := p(kv...)(); m["RecordId"] = recordID; return m }
	}
	return []contractDriver{
		{key: "Alidns.AddDomain", params: p("DomainName", "added.example")},
		{key: "Alidns.DescribeDomains", params: p()},
		{key: "Alidns.DescribeDomainInfo", params: p("DomainName", "example.com", "NeedDetailAttributes", "true")},
		{key: "Alidns.AddDomainRecord", params: p("DomainName", "example.com", "RR", "www", "Type", "A", "Value", "47.96.1.1", "TTL", "600"),
			after: func(m map[string]any) { recordID = str(m, "RecordId") }},
		{key: "Alidns.UpdateDomainRecord", params: rec("RR", "www", "Type", "A", "Value", "47.96.1.2")},
		{key: "Alidns.UpdateDomainRecordRemark", params: rec("Remark", "web")},
		{key: "Alidns.SetDomainRecordStatus", params: rec("Status", "Disable")},
		{key: "Alidns.DescribeDomainRecords", params: p("DomainName", "example.com", "PageNumber", "1", "PageSize", "500")},
		{key: "Alidns.DescribeDomainRecordInfo", params: rec()},
		{key: "Alidns.DescribeSubDomainRecords", params: p("SubDomain", "www.example.com")},
		{key: "Alidns.DeleteDomainRecord", params: rec()},
		{key: "Domain.CheckDomain", params: p("DomainName", "fresh-contract.com")},
		{key: "Domain.QueryDomainByDomainName", params: p("DomainName", "example.com"),
			after: func(m map[string]any) { instanceID, expiry = str(m, "InstanceId"), str(m, "ExpirationDateLong") }},
		{key: "Domain.QueryDomainList", params: p("PageNum", "1", "PageSize", "20")},
		{key: "Domain.QueryRegistrantProfiles", params: p("PageNum", "1", "PageSize", "10")},
		{key: "Domain.SaveSingleTaskForCreatingOrderActivate", params: p("DomainName", "fresh-contract.com", "SubscriptionDuration", "1",
			"RegistrantProfileId", "1001", "AliyunDns", "true", "EnableDomainProxy", "false", "PermitPremiumActivation", "false"),
			after: func(m map[string]any) { taskNo = str(m, "TaskNo") }},
		{key: "Domain.QueryTaskDetailList", params: func() map[string]string {
			return map[string]string{"TaskNo": taskNo, "PageNum": "1", "PageSize": "100"}
		}},
		{key: "Domain.PollTaskResult", params: p("PageNum", "1", "PageSize", "100")},
		{key: "Domain.SetupDomainAutoRenew", params: func() map[string]string {
			return map[string]string{"Operation": "SET", "InstanceId": instanceID}
		}},
		{key: "Domain.SaveSingleTaskForCreatingOrderRenew", params: func() map[string]string {
			return map[string]string{"DomainName": "example.com", "SubscriptionDuration": "1", "CurrentExpirationDate": expiry}
		}},
		{key: "Domain.SaveBatchTaskForModifyingDomainDns", params: p("AliyunDns", "false", "DomainName.1", "example.com",
			"DomainNameServer.1", "ns1.example.net", "DomainNameServer.2", "ns2.example.net")},
		{key: "Domain.SaveBatchTaskForDomainNameProxyService", params: p("Status", "true", "DomainName.1", "example.com")},
		{key: "BssOpenApi.QueryAvailableInstances", params: func() map[string]string {
			return map[string]string{"ProductCode": "domain", "InstanceIDs": instanceID, "PageNum": "1", "PageSize": "20"}
		}},
		{key: "Companyreg.QuerySuccessIcpData", params: p()},
		{key: "Beian.QueryAccessorDomainStatus", params: p("Caller", "terraform-provider-beian", "Domain", "example.com")},
		{key: "Ecs.DescribeRegions", params: p("AcceptLanguage", "en-US")},
		{key: "Ecs.DescribeInstances", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100")},
		{key: "Vpc.DescribeEipAddresses", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100")},
		{key: "Slb.DescribeLoadBalancers", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100")},
		{key: "Sts.AssumeRole", params: p("RoleArn", "acs:ram::1234567890123456:role/contract", "RoleSessionName", "contract")},
		{key: "Vpc.DescribeNatGateways", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "50")},
		{key: "ResourceCenter.GetResourceCenterServiceStatus", params: p()},
		{key: "ResourceCenter.SearchResources", params: p("MaxResults", "3", "Filter.1.Key", "ResourceType", "Filter.1.MatchType", "Equals",
			"Filter.1.Value.1", "ACS::ECS::Instance", "Filter.1.Value.2", "ACS::SWAS::Instance", "Filter.1.Value.3", "ACS::EIP::EipAddress",
			"Filter.1.Value.4", "ACS::NLB::LoadBalancer", "Filter.2.Key", "RegionId", "Filter.2.Value.1", "cn-hangzhou")},
		{key: "antiddos-public.DescribeIpLocationService", params: p("InternetIp", "47.96.1.4")},
		{key: "SWAS-OPEN.ListInstances", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100")},
		{key: "Sts.AssumeRoleWithOIDC", params: p("RoleArn", "acs:ram::1234567890123456:role/contract", "RoleSessionName", "contract",
			"OIDCProviderArn", "acs:ram::1234567890123456:oidc-provider/contract", "OIDCToken", contractOIDCToken)},
	}
}

// Every action answers with keys of its official response tree only, in the official
// types; and every list of the tree that the drive fills is checked element by element.
func TestContractResponses(t *testing.T) {
	contract := emulatortest.Contract(t)
	srv := emulatortest.Start(t)
	seedContractState(t, srv)
	c := &rpc{t: t, srv: srv}
	driven := map[string]bool{}
	for _, d := range contractDrive() {
		ca, ok := contract[d.key]
		if !ok {
			t.Fatalf("driver for %s, which is not in the contract", d.key)
		}
		status, out := c.call(d.key, d.params())
		if status != http.StatusOK {
			t.Errorf("%s: HTTP %d %v", d.key, status, out)
			continue
		}
		if errs := conform(d.key, out, decodeTree(t, ca.Response)); len(errs) > 0 {
			t.Errorf("%s answers keys or types outside its official model (contract source: %s):\n  %s", d.key, ca.Source, strings.Join(errs, "\n  "))
		}
		if d.after != nil {
			d.after(out)
		}
		driven[d.key] = true
	}
	for _, a := range emulator.Actions() {
		if !driven[a.Key()] {
			t.Errorf("%s is served but the contract test does not drive it", a.Key())
		}
	}
}

// A parameter the official model marks required is required by the emulator too: each
// one left out gets 400 Missing<Name>.
func TestContractRequiredParameters(t *testing.T) {
	contract := emulatortest.Contract(t)
	srv := emulatortest.Start(t)
	seedContractState(t, srv)
	c := &rpc{t: t, srv: srv}
	checked := 0
	for _, d := range contractDrive() {
		ca := contract[d.key]
		full := d.params()
		for name, p := range ca.Request {
			if !p.Required {
				continue
			}
			params := map[string]string{}
			for k, v := range full {
				if k == name || strings.HasPrefix(k, name+".") {
					continue
				}
				params[k] = v
			}
			status, out := c.call(d.key, params)
			if status != http.StatusBadRequest || out["Code"] != "Missing"+name {
				t.Errorf("%s without its required %s: HTTP %d %v, want 400 Missing%s", d.key, name, status, out, name)
			}
			checked++
		}
		if d.after != nil {
			// Keep the drive's state moving as TestContractResponses does.
			_, out := c.call(d.key, full)
			d.after(out)
		}
	}
	if checked == 0 {
		t.Fatal("no required parameter was checked")
	}
}

// With RejectUnknownParameters (emulatortest's default) a parameter outside the model is
// refused, so the provider's tests prove its client sends official parameters only.
func TestContractRejectsUnknownParameters(t *testing.T) {
	srv := emulatortest.Start(t)
	c := &rpc{t: t, srv: srv}
	status, out := c.call("Companyreg.QuerySuccessIcpData", map[string]string{"PageNum": "1", "PageSize": "100"})
	if status != http.StatusBadRequest || out["Code"] != "InvalidParameter" || !strings.Contains(fmt.Sprint(out["Message"]), "PageNum") {
		t.Fatalf("paging parameters on QuerySuccessIcpData: HTTP %d %v, want 400 InvalidParameter naming PageNum", status, out)
	}
	if status, out := c.call("Companyreg.QuerySuccessIcpData", map[string]string{"Caller": "x"}); status != http.StatusOK {
		t.Fatalf("official parameter refused: HTTP %d %v", status, out)
	}
}

// The official-shape answers the provider's tests serve (internal/provider/testdata/
// companyreg) are in the contract's tree too, so "official shape" there means this table.
func TestContractFixtures(t *testing.T) {
	contract := emulatortest.Contract(t)
	tree := decodeTree(t, contract["Companyreg.QuerySuccessIcpData"].Response)
	files, err := filepath.Glob(filepath.Join("..", "provider", "testdata", "companyreg", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range conform(filepath.Base(f), v, tree) {
			t.Error(e)
		}
	}
}

// The guide names the fields a domain task answers with: each must be in the official
// QueryTaskDetailList model (a field the model lacks is one the emulator never sends).
func TestGuideTaskFieldsAreInTheModel(t *testing.T) {
	keys := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, sub := range v {
				keys[k] = true
				walk(sub)
			}
		case []any:
			for _, sub := range v {
				walk(sub)
			}
		}
	}
	var tree any
	if err := json.Unmarshal(emulatortest.Contract(t)["Domain.QueryTaskDetailList"].Response, &tree); err != nil {
		t.Fatal(err)
	}
	walk(tree)
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "emulator.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(guide), "\n- Domain tasks run")
	if !ok {
		t.Fatal("the guide has no 'Domain tasks run' item")
	}
	item, _, _ := strings.Cut(rest, "\n- ")
	item, _, _ = strings.Cut(item, "A successful registration") // the rest is about BSS instances
	names := 0
	for i, part := range strings.Split(item, "`") {
		if i%2 == 0 || part == "" || part[0] < 'A' || part[0] > 'Z' || strings.ToUpper(part) == part || strings.ContainsAny(part, " /_=") {
			continue // not code, or a value (EXECUTING) rather than a field name
		}
		names++
		if !keys[part] {
			t.Errorf("the guide says a task carries %s, which QueryTaskDetailList's model does not have", part)
		}
	}
	if names == 0 {
		t.Error("no field names found in the guide's domain-task item")
	}
}

// Every error code the emulator can answer with is in the guide: documented with its
// source, or listed among the unverified behaviour. A code added without either fails here.
func TestGuideNamesEveryErrorCode(t *testing.T) {
	guide, err := os.ReadFile(filepath.Join("..", "..", "templates", "guides", "emulator.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	codes := map[string]string{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			if fn, ok := call.Fun.(*ast.Ident); !ok || fn.Name != "errorf" {
				return true
			}
			if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				code, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatal(err)
				}
				codes[code] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	if len(codes) < 20 {
		t.Fatalf("found only %d error codes: the scan is broken", len(codes))
	}
	for code, pos := range codes {
		if code == "Missing" || code == "InternalError" {
			// missing() answers MissingP, documented as such; InternalError is the emulator
			// failing to encode its own answer, not modelled behaviour.
			continue
		}
		if !strings.Contains(string(guide), "`"+code+"`") {
			t.Errorf("%s (%s) is not in templates/guides/emulator.md.tmpl: document its source or list it as unverified", code, pos)
		}
	}
}

// contractOIDCToken is an OIDC token (a JWT) with the claims the emulator reads: issuer,
// subject, audience, issued and expiry times (RFC 7519); its signature is not checked.
var contractOIDCToken = "eyJhbGciOiJSUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(
	`{"iss":"https://oidc.example.com","sub":"repo:example/site:ref:refs/heads/main","aud":"sts.aliyuncs.com","iat":1700000000,"exp":4102444800}`)) + ".c2ln"
