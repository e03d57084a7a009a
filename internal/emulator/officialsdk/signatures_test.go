// Package officialsdk_test proves that Alibaba Cloud's official darabonba SDKs work against
// the emulator, and that the contract agrees with their models. It is a package of its own
// so that the emulator's fuzz build does not compile (and instrument) those large modules.
package officialsdk_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	"github.com/alibabacloud-go/darabonba-openapi/v2/models"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	vpc "github.com/alibabacloud-go/vpc-20160428/v6/client"

	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// Alibaba Cloud's current SDK generation (darabonba-openapi and the typed clients built
// on it) signs with signature V3, ACS3-HMAC-SHA256, by default, and with the RPC
// signature 1.0 when SignatureAlgorithm is "v2". Both must get correct answers from the
// emulator, and V3 must be checked as strictly as 1.0.

// recordingServer serves the emulator and keeps the last request it received.
type recordingServer struct {
	*httptest.Server
	mu   sync.Mutex
	last *http.Request
	body []byte
}

func newRecordingServer(t *testing.T, emu *emulator.Emulator) *recordingServer {
	t.Helper()
	rs := &recordingServer{}
	rs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rs.mu.Lock()
		rs.last, rs.body = r.Clone(r.Context()), b
		rs.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(rs.Close)
	return rs
}

func (rs *recordingServer) host() string { return strings.TrimPrefix(rs.URL, "http://") }

// replay sends the last request again, after edit changes it.
func (rs *recordingServer) replay(t *testing.T, edit func(r *http.Request, body []byte) []byte) (int, string) {
	t.Helper()
	rs.mu.Lock()
	last, body := rs.last, append([]byte(nil), rs.body...)
	rs.mu.Unlock()
	req, err := http.NewRequest(last.Method, rs.URL+last.URL.RequestURI(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = last.Header.Clone()
	req.Host = last.Host
	if edit != nil {
		body = edit(req, body)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func openAPIClient(t *testing.T, host, id, secret, algorithm string) *openapi.Client {
	t.Helper()
	cfg := &openapi.Config{AccessKeyId: dara.String(id), AccessKeySecret: dara.String(secret),
		Endpoint: dara.String(host), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou")}
	if algorithm != "" {
		cfg.SignatureAlgorithm = dara.String(algorithm)
	}
	c, err := openapi.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// callRPC calls an RPC action with the official generic client.
func callRPC(c *openapi.Client, action, version string, query map[string]string) (map[string]any, error) {
	q := map[string]*string{}
	for k, v := range query {
		q[k] = dara.String(v)
	}
	params := &models.Params{Action: dara.String(action), Version: dara.String(version), Protocol: dara.String("HTTPS"),
		Pathname: dara.String("/"), Method: dara.String("POST"), AuthType: dara.String("AK"), Style: dara.String("RPC"),
		ReqBodyType: dara.String("formData"), BodyType: dara.String("json")}
	out, err := c.CallApi(params, &models.OpenApiRequest{Query: q}, &dara.RuntimeOptions{})
	if err != nil {
		return nil, err
	}
	body, _ := out["body"].(map[string]any)
	return body, nil
}

func seedV3(t *testing.T, ctl *emulator.ControlClient) {
	t.Helper()
	if err := ctl.AddDomain(emulator.DomainSeed{Domain: "example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := ctl.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备12345678号", Organizer: "示例科技有限公司"}); err != nil {
		t.Fatal(err)
	}
}

func TestOfficialSDKSignatures(t *testing.T) {
	emu, err := emulator.New(emulator.Config{RejectUnknownParameters: true})
	if err != nil {
		t.Fatal(err)
	}
	rs := newRecordingServer(t, emu)
	ctl := emulator.NewControlClient(rs.URL)
	seedV3(t, ctl)

	for _, alg := range []struct{ name, setting, signedWith string }{
		{"default (ACS3-HMAC-SHA256)", "", "ACS3-HMAC-SHA256 Credential="},
		{`SignatureAlgorithm "v2" (RPC signature 1.0)`, "v2", ""},
	} {
		t.Run(alg.name, func(t *testing.T) {
			c := openAPIClient(t, rs.host(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, alg.setting)
			checkAuth := func() {
				t.Helper()
				rs.mu.Lock()
				auth, sigParam := rs.last.Header.Get("Authorization"), rs.last.URL.Query().Get("Signature")
				rs.mu.Unlock()
				if alg.signedWith != "" && !strings.HasPrefix(auth, alg.signedWith) {
					t.Fatalf("the client did not sign with V3: Authorization %q", auth)
				}
				if alg.signedWith == "" && (sigParam == "" || strings.HasPrefix(auth, "ACS3")) {
					t.Fatalf("the client did not sign with 1.0: Signature %q, Authorization %q", sigParam, auth)
				}
			}

			regions, err := callRPC(c, "DescribeRegions", "2014-05-26", nil)
			if err != nil {
				t.Fatalf("Ecs.DescribeRegions: %v", err)
			}
			checkAuth()
			list, _ := regions["Regions"].(map[string]any)["Region"].([]any)
			if len(list) < 20 || regions["RequestId"] == "" {
				t.Fatalf("Ecs.DescribeRegions = %v", regions)
			}

			added, err := callRPC(c, "AddDomainRecord", "2015-01-09", map[string]string{
				"DomainName": "example.com", "RR": "www-" + alg.setting + "x", "Type": "A", "Value": "203.0.113.9", "TTL": "600"})
			if err != nil {
				t.Fatalf("Alidns.AddDomainRecord: %v", err)
			}
			checkAuth()
			id, _ := added["RecordId"].(string)
			if len(id) != 19 {
				t.Fatalf("Alidns.AddDomainRecord = %v", added)
			}

			recs, err := callRPC(c, "DescribeDomainRecords", "2015-01-09", map[string]string{"DomainName": "example.com", "PageSize": "500"})
			if err != nil {
				t.Fatalf("Alidns.DescribeDomainRecords: %v", err)
			}
			checkAuth()
			found := false
			for _, r := range recs["DomainRecords"].(map[string]any)["Record"].([]any) {
				found = found || r.(map[string]any)["RecordId"] == id
			}
			if !found {
				t.Fatalf("Alidns.DescribeDomainRecords does not list %s: %v", id, recs)
			}

			icp, err := callRPC(c, "QuerySuccessIcpData", "2026-04-23", nil)
			if err != nil {
				t.Fatalf("Companyreg.QuerySuccessIcpData: %v", err)
			}
			checkAuth()
			ents, _ := icp["BaSuccessDataWithRiskList"].([]any)
			if icp["Success"] != true || len(ents) != 1 || ents[0].(map[string]any)["IcpNumber"] != "浙ICP备12345678号" {
				t.Fatalf("Companyreg.QuerySuccessIcpData = %v", icp)
			}

			// The official typed ECS client, same settings.
			cfg := &openapi.Config{AccessKeyId: dara.String(emulator.DefaultAccessKeyID), AccessKeySecret: dara.String(emulator.DefaultAccessKeySecret),
				Endpoint: dara.String(rs.host()), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou")}
			if alg.setting != "" {
				cfg.SignatureAlgorithm = dara.String(alg.setting)
			}
			ec, err := ecs.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			out, err := ec.DescribeRegions(&ecs.DescribeRegionsRequest{AcceptLanguage: dara.String("en-US")})
			if err != nil {
				t.Fatalf("ecs-20140526 DescribeRegions: %v", err)
			}
			checkAuth()
			if out.Body == nil || out.Body.Regions == nil || len(out.Body.Regions.Region) < 20 || dara.StringValue(out.Body.Regions.Region[0].RegionId) == "" {
				t.Fatalf("ecs-20140526 DescribeRegions = %v", out)
			}
		})
	}
	st, err := ctl.Stats()
	if err != nil || st.SignedWith["ak"] != 10 {
		t.Fatalf("signed_with = %v, %v; want 10 authenticated calls", st.SignedWith, err)
	}
}

// V3 is verified as strictly as 1.0: wrong secret, unknown key, replayed nonce, stale
// date, a body that does not match x-acs-content-sha256, and a parameter changed after
// signing are all refused.
func TestSignatureV3IsStrict(t *testing.T) {
	clock := time.Now()
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	emu, err := emulator.New(emulator.Config{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	rs := newRecordingServer(t, emu)
	seedV3(t, emulator.NewControlClient(rs.URL))
	good := openAPIClient(t, rs.host(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, "")
	wantErr := func(name string, err error, code string) {
		t.Helper()
		if err == nil || !strings.Contains(err.Error(), code) {
			t.Errorf("%s: %v, want %s", name, err, code)
		}
	}

	_, err = callRPC(openAPIClient(t, rs.host(), emulator.DefaultAccessKeyID, "wrong-secret", ""), "DescribeRegions", "2014-05-26", nil)
	wantErr("wrong secret", err, "SignatureDoesNotMatch")
	_, err = callRPC(openAPIClient(t, rs.host(), "LTAIunknown000000000000", "s", ""), "DescribeRegions", "2014-05-26", nil)
	wantErr("unknown key", err, "InvalidAccessKeyId.NotFound")

	if _, err := callRPC(good, "AddDomainRecord", "2015-01-09", map[string]string{"DomainName": "example.com", "RR": "v3", "Type": "A", "Value": "203.0.113.10"}); err != nil {
		t.Fatal(err)
	}
	if status, body := rs.replay(t, nil); status != 400 || !strings.Contains(body, "SignatureNonceUsed") {
		t.Errorf("replayed request: HTTP %d %s, want 400 SignatureNonceUsed", status, body)
	}
	fresh := func(r *http.Request) {
		r.Header.Set("x-acs-signature-nonce", "fresh-"+time.Now().Format(time.RFC3339Nano))
	}
	if status, body := rs.replay(t, func(r *http.Request, b []byte) []byte { fresh(r); return b }); status != 400 || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Errorf("nonce changed after signing: HTTP %d %s, want 400 SignatureDoesNotMatch", status, body)
	}
	if status, body := rs.replay(t, func(r *http.Request, b []byte) []byte {
		q := r.URL.Query()
		q.Set("Value", "203.0.113.66")
		r.URL.RawQuery = q.Encode()
		return b
	}); status != 400 || !strings.Contains(body, "SignatureDoesNotMatch") {
		t.Errorf("parameter changed after signing: HTTP %d %s, want 400 SignatureDoesNotMatch", status, body)
	}
	if status, body := rs.replay(t, func(r *http.Request, b []byte) []byte {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return []byte("Value=203.0.113.77")
	}); status != 400 || !strings.Contains(body, "x-acs-content-sha256") {
		t.Errorf("body changed after signing: HTTP %d %s, want 400 naming x-acs-content-sha256", status, body)
	}
	if status, body := rs.replay(t, func(r *http.Request, b []byte) []byte { r.Header.Del("Authorization"); return b }); status == 200 {
		t.Errorf("unsigned request accepted: %s", body)
	}

	mu.Lock()
	clock = clock.Add(20 * time.Minute)
	mu.Unlock()
	_, err = callRPC(good, "DescribeRegions", "2014-05-26", nil)
	wantErr("date 20 minutes off", err, "InvalidTimeStamp.Expired")
}

func decodeTree(t *testing.T, raw json.RawMessage) any {
	t.Helper()
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	return tree
}

// darabonbaTree is the key tree of a darabonba model type (names from json tags).
func darabonbaTree(t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Int, reflect.Int32, reflect.Int64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice:
		return []any{darabonbaTree(t.Elem())}
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				m[name] = darabonbaTree(t.Field(i).Type)
			}
		}
		return m
	}
	return "object"
}

// missingKeys lists the paths of tree a that tree b lacks or types differently; a leaf
// "object" (a free-form map) in b covers anything.
func missingKeys(path string, a, b any) []string {
	if b == "object" {
		return nil
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return []string{path + " (an object)"}
		}
		var out []string
		for k, v := range x {
			w, ok := y[k]
			if !ok {
				out = append(out, path+"."+k)
				continue
			}
			out = append(out, missingKeys(path+"."+k, v, w)...)
		}
		return out
	case []any:
		y, ok := b.([]any)
		if !ok {
			return []string{path + " (a list)"}
		}
		return missingKeys(path+"[]", x[0], y[0])
	}
	if a != b && a != "object" {
		return []string{fmt.Sprintf("%s (%v, %v in the other)", path, a, b)}
	}
	return nil
}

// The contract's ECS entries are transcribed from ecs-20140526 v7.9.5 (the SDK
// repository's newest); the module proxy serves v7.7.0, which these tests compile
// against. Keys of the contract that v7.7.0 lacks must be exactly those the module's
// ChangeLog.txt adds after v7.7.0.
var ecsKeysAfterV770 = map[string]string{
	"Ecs.DescribeInstances.Instances.Instance[].AdditionalInfo.NodeSerialNumber":                                 "v7.7.2, 2026-04-16",
	"Ecs.DescribeInstances.Instances.Instance[].CpuOptions.NestedVirtualization":                                 "v7.7.2, 2026-04-16",
	"Ecs.DescribeInstances.Instances.Instance[].MetadataOptions.InstanceMetadataTags":                            "v7.8.3, 2026-06-03",
	"Ecs.DescribeInstances.Instances.Instance[].NetworkInterfaces.NetworkInterface[].Ipv6Sets.Ipv6Set[].Primary": "v7.9.3, 2026-07-31",
	"Ecs.DescribeInstances.Instances.Instance[].SecurityOptions":                                                 "v7.9.3, 2026-07-31",
}

// Two official sources agree: the ECS entries of the contract and the darabonba
// ecs-20140526/v7 v7.7.0 models. Every response key and request parameter of v7.7.0 is in
// the contract (so the strict emulator accepts every parameter that module can send), and
// the contract's keys beyond v7.7.0 are those the ChangeLog adds after it.
func TestContractAgreesWithDarabonbaECS(t *testing.T) {
	contract := emulatortest.Contract(t)
	newer := map[string]bool{}
	for key, m := range map[string]struct{ req, body reflect.Type }{
		"Ecs.DescribeRegions":   {reflect.TypeOf(ecs.DescribeRegionsRequest{}), reflect.TypeOf(ecs.DescribeRegionsResponseBody{})},
		"Ecs.DescribeInstances": {reflect.TypeOf(ecs.DescribeInstancesRequest{}), reflect.TypeOf(ecs.DescribeInstancesResponseBody{})},
	} {
		ours, theirs := decodeTree(t, contract[key].Response), darabonbaTree(m.body)
		for _, p := range missingKeys(key, theirs, ours) {
			t.Errorf("darabonba ecs-20140526/v7 v7.7.0 has %s, which the contract lacks", p)
		}
		for _, p := range missingKeys(key, ours, theirs) {
			if _, ok := ecsKeysAfterV770[p]; !ok {
				t.Errorf("the contract has %s, which darabonba ecs-20140526/v7 v7.7.0 lacks and its ChangeLog does not add later", p)
			}
			newer[p] = true
		}
		params, _ := darabonbaTree(m.req).(map[string]any)
		if len(params) < 3 {
			t.Fatalf("%s: no request parameters read from the model", key)
		}
		for name := range params {
			if _, ok := contract[key].Request[name]; !ok {
				t.Errorf("darabonba ecs-20140526/v7 v7.7.0 sends %s.%s, which the contract (and so the strict emulator) does not accept", key, name)
			}
		}
	}
	for p, v := range ecsKeysAfterV770 {
		if !newer[p] {
			t.Errorf("%s (added in %s) is not in the contract, or v7.7.0 has it: the list is stale", p, v)
		}
	}
}

// Of the modules of the products issue 25 added, the proxy serves only vpc-20160428/v6
// (resourcecenter-20221201, antiddos-public-20170518/v3, swas-open-20200601/v3 and
// bsn-20150512 answer 403 "not available"): its typed client lists the NAT gateway and the
// EIP bound to it, with both signatures, and its models contain the contract's trees.
func TestOfficialSDKVPCNatGateways(t *testing.T) {
	emu, err := emulator.New(emulator.Config{RejectUnknownParameters: true})
	if err != nil {
		t.Fatal(err)
	}
	rs := newRecordingServer(t, emu)
	ctl := emulator.NewControlClient(rs.URL)
	if err := ctl.AddServer(emulator.ServerSeed{Kind: "nat", Region: "cn-qingdao", IP: "47.104.0.7", ID: "ngw-m5eprobe"}); err != nil {
		t.Fatal(err)
	}
	for _, alg := range []string{"", "v2"} {
		cfg := &openapi.Config{AccessKeyId: dara.String(emulator.DefaultAccessKeyID), AccessKeySecret: dara.String(emulator.DefaultAccessKeySecret),
			Endpoint: dara.String(rs.host()), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-qingdao")}
		if alg != "" {
			cfg.SignatureAlgorithm = dara.String(alg)
		}
		vc, err := vpc.NewClient(cfg)
		if err != nil {
			t.Fatal(err)
		}
		nats, err := vc.DescribeNatGateways(&vpc.DescribeNatGatewaysRequest{RegionId: dara.String("cn-qingdao"), NatGatewayId: dara.String("ngw-m5eprobe")})
		if err != nil {
			t.Fatalf("vpc-20160428 DescribeNatGateways (%q): %v", alg, err)
		}
		list := nats.Body.NatGateways.NatGateway
		if len(list) != 1 || dara.StringValue(list[0].InstanceChargeType) != "PrePaid" || dara.StringValue(list[0].ExpiredTime) == "" ||
			len(list[0].IpLists.IpList) != 1 || dara.StringValue(list[0].IpLists.IpList[0].IpAddress) != "47.104.0.7" {
			t.Fatalf("DescribeNatGateways = %v", nats.Body)
		}
		eips, err := vc.DescribeEipAddresses(&vpc.DescribeEipAddressesRequest{RegionId: dara.String("cn-qingdao")})
		if err != nil {
			t.Fatalf("vpc-20160428 DescribeEipAddresses (%q): %v", alg, err)
		}
		if e := eips.Body.EipAddresses.EipAddress; len(e) != 1 || dara.StringValue(e[0].InstanceType) != "Nat" || dara.StringValue(e[0].InstanceId) != "ngw-m5eprobe" {
			t.Fatalf("DescribeEipAddresses = %v", eips.Body)
		}
	}
	contract := emulatortest.Contract(t)
	// Where the two official models disagree, said here: the key is the 2024 metadata's
	// and the emulator never sends it.
	disagree := map[string]bool{"Vpc.DescribeNatGateways.NatGateways.NatGateway[].BandwidthPackageIds": true}
	a, ok := contract["Vpc.DescribeNatGateways"]
	if !ok {
		t.Fatal("no Vpc.DescribeNatGateways in the contract")
	}
	for _, e := range missingKeys(a.Key(), decodeTree(t, a.Response), darabonbaTree(reflect.TypeOf(vpc.DescribeNatGatewaysResponseBody{}))) {
		if !disagree[e] {
			t.Errorf("the contract has %s, which darabonba vpc-20160428/v6 v6.12.8 lacks", e)
		}
	}
}

// officialStep is one call of TestOfficialClientEveryAction: an action and its parameters
// (computed when the step runs, from what earlier steps answered); check, when set, looks
// at the decoded answer.
type officialStep struct {
	key    string
	params func() map[string]string
	check  func(body map[string]any) error
}

// TestOfficialClientEveryAction calls every action the emulator serves through Alibaba's
// official generic client (darabonba-openapi CallApi), signed with V3 and with signature
// 1.0, against a strict emulator (RejectUnknownParameters), and decodes every answer. The
// parameters include the official ones that are new in the current models (OwnerId,
// ServiceType, PermitPremiumRenew, AutoRenewEnabled, Dns, Filter beyond the API
// reference's .4/.2), so a strict emulator refusing an official parameter fails here. The
// typed ECS client v7.7.0 sends DescribeInstances with five filters and the account
// parameters of its model.
func TestOfficialClientEveryAction(t *testing.T) {
	for _, alg := range []struct{ name, setting string }{{"V3", ""}, {"signature 1.0", "v2"}} {
		t.Run(alg.name, func(t *testing.T) {
			emu, err := emulator.New(emulator.Config{RejectUnknownParameters: true})
			if err != nil {
				t.Fatal(err)
			}
			rs := newRecordingServer(t, emu)
			ctl := emulator.NewControlClient(rs.URL)
			seedEveryAction(t, ctl)
			c := openAPIClient(t, rs.host(), emulator.DefaultAccessKeyID, emulator.DefaultAccessKeySecret, alg.setting)
			version := map[string]string{}
			for _, a := range emulator.Actions() {
				version[a.Key()] = a.Version
			}
			called := map[string]bool{}
			for _, s := range everyActionSteps() {
				v, ok := version[s.key]
				if !ok {
					t.Fatalf("step for %s, which the emulator does not serve", s.key)
				}
				_, action, _ := strings.Cut(s.key, ".")
				body, err := callRPC(c, action, v, s.params())
				if err != nil {
					t.Fatalf("%s through the official client: %v", s.key, err)
				}
				if id, _ := body["RequestId"].(string); id == "" {
					t.Fatalf("%s: no RequestId in the decoded answer %v", s.key, body)
				}
				if s.check != nil {
					if err := s.check(body); err != nil {
						t.Errorf("%s: %v", s.key, err)
					}
				}
				called[s.key] = true
			}
			for k := range version {
				if !called[k] {
					t.Errorf("%s is served but not called through the official client here", k)
				}
			}

			cfg := &openapi.Config{AccessKeyId: dara.String(emulator.DefaultAccessKeyID), AccessKeySecret: dara.String(emulator.DefaultAccessKeySecret),
				Endpoint: dara.String(rs.host()), Protocol: dara.String("HTTP"), RegionId: dara.String("cn-hangzhou")}
			if alg.setting != "" {
				cfg.SignatureAlgorithm = dara.String(alg.setting)
			}
			ec, err := ecs.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			req := &ecs.DescribeInstancesRequest{RegionId: dara.String("cn-hangzhou"), OwnerId: dara.Int64(1234567890123456),
				OwnerAccount: dara.String("owner"), ResourceOwnerId: dara.Int64(1234567890123456), ResourceOwnerAccount: dara.String("owner")}
			for i := range 5 {
				req.Filter = append(req.Filter, &ecs.DescribeInstancesRequestFilter{Key: dara.String("CreationStartTime"), Value: dara.String(fmt.Sprintf("2026-0%d-01T00:00Z", i+1))})
			}
			out, err := ec.DescribeInstances(req)
			if err != nil {
				t.Fatalf("ecs-20140526 DescribeInstances with 5 filters and the owner parameters: %v", err)
			}
			if out.Body == nil || out.Body.Instances == nil || len(out.Body.Instances.Instance) != 1 || dara.StringValue(out.Body.Instances.Instance[0].InstanceId) == "" {
				t.Fatalf("ecs-20140526 DescribeInstances = %v", out)
			}
			rs.mu.Lock()
			query, body := rs.last.URL.Query(), string(rs.body)
			rs.mu.Unlock()
			form, _ := url.ParseQuery(body)
			if query.Get("Filter.5.Value") != "2026-05-01T00:00Z" && form.Get("Filter.5.Value") != "2026-05-01T00:00Z" {
				t.Fatalf("the typed client did not send Filter.5 (query %v, body %q): the test proves nothing", query, body)
			}
		})
	}
}

func seedEveryAction(t *testing.T, ctl *emulator.ControlClient) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(ctl.SetSettings(emulator.Settings{TaskDelayMs: 0}))
	must(ctl.AddRegistrantProfile(emulator.ProfileSeed{ID: 1001, Organization: "示例科技有限公司"}))
	must(ctl.AddDomain(emulator.DomainSeed{Domain: "example.com", InstanceID: "S20260101probe"}))
	must(ctl.AddFiling(emulator.FilingSeed{Domain: "example.com", ICPNumber: "浙ICP备12345678号", Organizer: "示例科技有限公司"}))
	must(ctl.AddTaskFailure(emulator.TaskFailure{Domain: "fresh-probe.com", Reason: "registry refused the name"}))
	for _, s := range []emulator.ServerSeed{{Kind: "ecs", Region: "cn-hangzhou", IP: "47.96.1.1"}, {Kind: "eip", Region: "cn-hangzhou", IP: "47.96.1.2"},
		{Kind: "slb", Region: "cn-hangzhou", IP: "47.96.1.3"}, {Kind: "swas", Region: "cn-hangzhou", IP: "47.96.1.4"},
		{Kind: "nat", Region: "cn-hangzhou", IP: "47.96.1.5", ID: "ngw-probe"}} {
		must(ctl.AddServer(s))
	}
}

// everyActionSteps calls every action once, in an order where each finds what it needs.
func everyActionSteps() []officialStep {
	var recordID, taskNo, expiry string
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
	str := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case json.Number:
			return x.String()
		case float64:
			return fmt.Sprintf("%.0f", x)
		case int64:
			return fmt.Sprint(x)
		}
		return fmt.Sprint(v)
	}
	const owner = "1234567890123456"
	return []officialStep{
		{key: "Alidns.AddDomain", params: p("DomainName", "added-probe.example")},
		{key: "Alidns.DescribeDomains", params: p()},
		{key: "Alidns.DescribeDomainInfo", params: p("DomainName", "example.com", "NeedDetailAttributes", "true"), check: func(b map[string]any) error {
			if str(b["MinTtl"]) != "600" {
				return fmt.Errorf("MinTtl = %v, want 600 with NeedDetailAttributes", b["MinTtl"])
			}
			return nil
		}},
		{key: "Alidns.AddDomainRecord", params: p("DomainName", "example.com", "RR", "www", "Type", "A", "Value", "203.0.113.9", "TTL", "600"),
			check: func(b map[string]any) error { recordID = str(b["RecordId"]); return nil }},
		{key: "Alidns.UpdateDomainRecord", params: rec("RR", "www", "Type", "A", "Value", "203.0.113.10")},
		{key: "Alidns.UpdateDomainRecordRemark", params: rec("Remark", "web")},
		{key: "Alidns.SetDomainRecordStatus", params: rec("Status", "Disable")},
		{key: "Alidns.DescribeDomainRecords", params: p("DomainName", "example.com", "PageSize", "500")},
		{key: "Alidns.DescribeDomainRecordInfo", params: rec()},
		{key: "Alidns.DescribeSubDomainRecords", params: p("SubDomain", "www.example.com")},
		{key: "Alidns.DeleteDomainRecord", params: rec()},
		{key: "Domain.CheckDomain", params: p("DomainName", "fresh-probe.com")},
		{key: "Domain.QueryDomainByDomainName", params: p("DomainName", "example.com"),
			check: func(b map[string]any) error { expiry = str(b["ExpirationDateLong"]); return nil }},
		{key: "Domain.QueryDomainList", params: p("PageNum", "1", "PageSize", "20", "AutoRenewEnabled", "false", "Dns", "dns1.hichina.com"), check: func(b map[string]any) error {
			list, _ := b["Data"].(map[string]any)["Domain"].([]any)
			if len(list) != 1 || list[0].(map[string]any)["AutoRenewEnabled"] != false {
				return fmt.Errorf("Data.Domain = %v, want example.com with AutoRenewEnabled false", list)
			}
			return nil
		}},
		{key: "Domain.QueryRegistrantProfiles", params: p("PageNum", "1", "PageSize", "10")},
		{key: "Domain.SaveSingleTaskForCreatingOrderActivate", params: p("DomainName", "fresh-probe.com", "SubscriptionDuration", "1",
			"RegistrantProfileId", "1001", "AliyunDns", "true", "EnableDomainProxy", "false", "PermitPremiumActivation", "false"),
			check: func(b map[string]any) error { taskNo = str(b["TaskNo"]); return nil }},
		{key: "Domain.QueryTaskDetailList", params: func() map[string]string {
			return map[string]string{"TaskNo": taskNo, "PageNum": "1", "PageSize": "100"}
		}, check: func(b map[string]any) error {
			list, _ := b["Data"].(map[string]any)["TaskDetail"].([]any)
			if len(list) != 1 || list[0].(map[string]any)["FailReason"] != "registry refused the name" {
				return fmt.Errorf("Data.TaskDetail = %v, want the failed task with its FailReason", list)
			}
			return nil
		}},
		{key: "Domain.PollTaskResult", params: p("PageNum", "1", "PageSize", "100")},
		{key: "Domain.SetupDomainAutoRenew", params: p("Operation", "SET", "InstanceId", "S20260101probe")},
		{key: "Domain.SaveSingleTaskForCreatingOrderRenew", params: func() map[string]string {
			return map[string]string{"DomainName": "example.com", "SubscriptionDuration": "1", "CurrentExpirationDate": expiry, "PermitPremiumRenew": "false"}
		}},
		{key: "Domain.SaveBatchTaskForModifyingDomainDns", params: p("AliyunDns", "false", "DomainName.1", "example.com",
			"DomainNameServer.1", "ns1.example.net", "DomainNameServer.2", "ns2.example.net")},
		{key: "Domain.SaveBatchTaskForDomainNameProxyService", params: p("Status", "true", "DomainName.1", "example.com", "ServiceType", "cnnicRegistryService")},
		{key: "BssOpenApi.QueryAvailableInstances", params: p("ProductCode", "domain", "InstanceIDs", "S20260101probe", "PageNum", "1", "PageSize", "20", "OwnerId", owner)},
		{key: "Companyreg.QuerySuccessIcpData", params: p()},
		{key: "Beian.QueryAccessorDomainStatus", params: p("Caller", "terraform-provider-beian", "Domain", "example.com")},
		{key: "Ecs.DescribeRegions", params: p("AcceptLanguage", "en-US", "OwnerId", owner, "ResourceOwnerAccount", "owner"), check: func(b map[string]any) error {
			for _, r := range b["Regions"].(map[string]any)["Region"].([]any) {
				if m := r.(map[string]any); m["RegionId"] == "cn-hangzhou" && m["LocalName"] != "China (Hangzhou)" {
					return fmt.Errorf("cn-hangzhou LocalName %v, want China (Hangzhou) for en-US", m["LocalName"])
				}
			}
			return nil
		}},
		{key: "Ecs.DescribeInstances", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100", "OwnerId", owner,
			"Filter.5.Key", "CreationStartTime", "Filter.5.Value", "2026-01-01T00:00Z")},
		{key: "Vpc.DescribeEipAddresses", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100", "ResourceOwnerId", owner,
			"Filter.3.Key", "CreationStartTime", "Filter.3.Value", "2026-01-01T00:00Z")},
		{key: "Slb.DescribeLoadBalancers", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100", "OwnerAccount", "owner")},
		{key: "Sts.AssumeRole", params: p("RoleArn", "acs:ram::1234567890123456:role/probe", "RoleSessionName", "probe")},
		{key: "Vpc.DescribeNatGateways", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "50", "NatGatewayId", "ngw-probe")},
		{key: "ResourceCenter.GetResourceCenterServiceStatus", params: p()},
		{key: "ResourceCenter.SearchResources", params: p("MaxResults", "100", "Filter.1.Key", "ResourceType", "Filter.1.MatchType", "Equals",
			"Filter.1.Value.1", "ACS::SWAS::Instance", "Filter.1.Value.2", "ACS::NAT::NatGateway"), check: func(b map[string]any) error {
			if rs, _ := b["Resources"].([]any); len(rs) != 2 {
				return fmt.Errorf("Resources %v, want the Simple Application Server and the NAT gateway", b["Resources"])
			}
			return nil
		}},
		{key: "antiddos-public.DescribeIpLocationService", params: p("InternetIp", "47.96.1.4"), check: func(b map[string]any) error {
			if in, _ := b["Instance"].(map[string]any); in["InstanceType"] != "swas" {
				return fmt.Errorf("Instance %v, want the Simple Application Server", b["Instance"])
			}
			return nil
		}},
		{key: "SWAS-OPEN.ListInstances", params: p("RegionId", "cn-hangzhou", "PageNumber", "1", "PageSize", "100", "ChargeType", "PrePaid")},
		// An unsigned JWT (RFC 7519 §6) with issuer, subject and audience: the emulator reads
		// the claims and cannot verify the identity provider's signature.
		{key: "Sts.AssumeRoleWithOIDC", params: p("RoleArn", "acs:ram::1234567890123456:role/probe",
			"OIDCProviderArn", "acs:ram::1234567890123456:oidc-provider/probe", "RoleSessionName", "probe",
			"OIDCToken", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL29pZGMuZXhhbXBsZSIsInN1YiI6InByb2JlIiwiYXVkIjoic3RzLmFsaXl1bmNzLmNvbSJ9."),
			check: func(b map[string]any) error {
				info, _ := b["OIDCTokenInfo"].(map[string]any)
				if info["Subject"] != "probe" {
					return fmt.Errorf("OIDCTokenInfo = %v, want the token's subject", b["OIDCTokenInfo"])
				}
				return nil
			}},
	}
}
