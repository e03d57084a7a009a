package provider

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const (
	fakeKeyID  = "LTAIfakeProviderTest"
	fakeSecret = "s3cr3t-value-that-must-never-be-logged"
	fakeToken  = "sts-token-value-that-must-never-be-logged"
)

// fakeECS is a minimal Alibaba Cloud RPC endpoint for provider-level tests: it verifies
// the HMAC-SHA1 signature itself and answers DescribeRegions, after a scripted sequence
// of error replies.
type fakeECS struct {
	t       *testing.T
	mu      sync.Mutex
	script  []fakeReply // replies served first, in order; then success
	calls   int
	schemes []string
	badSig  int
	token   string // the last SecurityToken received
}

// fakeReply is a scripted error reply of fakeECS.
type fakeReply struct {
	status int
	code   string
}

// ServeHTTP answers one RPC call: a scripted reply first, else DescribeRegions.
func (f *fakeECS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.calls++
	call := f.calls
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	f.schemes = append(f.schemes, scheme)
	f.token = r.Form.Get("SecurityToken")
	var reply *fakeReply
	if len(f.script) > 0 {
		reply = &f.script[0]
		f.script = f.script[1:]
	}
	if !validSignature(r, fakeSecret) {
		f.badSig++
		reply = &fakeReply{400, "SignatureDoesNotMatch"}
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.Form.Get("AccessKeyId") != fakeKeyID {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"RequestId":"req-auth","HostId":"ecs.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}`)
		return
	}
	if reply != nil {
		w.WriteHeader(reply.status)
		fmt.Fprintf(w, `{"RequestId":"req-%d","HostId":"ecs.aliyuncs.com","Code":%q,"Message":"scripted failure"}`, call, reply.code)
		return
	}
	if r.Form.Get("Action") != "DescribeRegions" {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"RequestId":"req-x","Code":"InvalidAction.NotFound","Message":"no such action"}`)
		return
	}
	fmt.Fprint(w, `{"RequestId":"req-ok","Regions":{"Region":[`+
		`{"RegionId":"cn-hangzhou","LocalName":"华东1（杭州）","Status":"available"},`+
		`{"RegionId":"cn-hongkong","LocalName":"中国香港","Status":"available"},`+
		`{"RegionId":"ap-southeast-1","LocalName":"新加坡","Status":"available"}]}}`)
}

// validSignature recomputes the RPC signature (version 1.0) of r.
func validSignature(r *http.Request, secret string) bool {
	params := map[string]string{}
	for k, v := range r.Form {
		if k != "Signature" && len(v) > 0 {
			params[k] = v[0]
		}
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	enc := func(s string) string {
		s = url.QueryEscape(s)
		s = strings.ReplaceAll(s, "+", "%20")
		s = strings.ReplaceAll(s, "*", "%2A")
		return strings.ReplaceAll(s, "%7E", "~")
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = enc(k) + "=" + enc(params[k])
	}
	sts := r.Method + "&%2F&" + enc(strings.Join(parts, "&"))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil)) == r.Form.Get("Signature")
}

// entryStart matches the first line of a log entry.
var entryStart = regexp.MustCompile(`^\d{4}-\d\d-\d\dT`)

// regionsConfig is a provider block for the fake ECS endpoint at url with the access key
// ID key, the fake secret and an STS token, and two beian_regions data sources.
func regionsConfig(url, key string) string {
	return providerBlock(url, key, fakeSecret, "max_retries = 3", fmt.Sprintf("security_token = %q", fakeToken)) + `
data "beian_regions" "all" {}
data "beian_regions" "mainland" { mainland_only = true }
`
}

func TestAccProvider_signedRequestsRetriedThrottling(t *testing.T) {
	fake := &fakeECS{t: t, script: []fakeReply{{400, "Throttling.User"}, {503, "ServiceUnavailable"}}}
	srv := httptest.NewServer(fake)
	defer srv.Close()

	logDir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: regionsConfig(srv.URL, fakeKeyID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_regions.all", tfjsonpath.New("regions"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("ap-southeast-1"), "mainland": knownvalue.Bool(false)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("cn-hangzhou"), "mainland": knownvalue.Bool(true)}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("cn-hongkong"), "mainland": knownvalue.Bool(false)}),
				})),
				statecheck.ExpectKnownValue("data.beian_regions.mainland", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("cn-hangzhou"),
				})),
			},
			Check: func(*terraform.State) error {
				fake.mu.Lock()
				defer fake.mu.Unlock()
				if fake.badSig != 0 {
					return fmt.Errorf("%d requests had an invalid signature", fake.badSig)
				}
				for _, s := range fake.schemes {
					if s != "http" {
						return fmt.Errorf("request sent over %s, endpoint says http", s)
					}
				}
				if fake.token != fakeToken {
					return fmt.Errorf("the STS token was not sent (got %q): the log check below would prove nothing", fake.token)
				}
				if len(fake.script) != 0 {
					return fmt.Errorf("scripted throttling/5xx replies were not all consumed: the client did not retry")
				}
				return nil
			},
		}},
	})

	// Every call is logged at debug with action, attempt and request id; the secret never.
	logs := readAll(t, logDir)
	if !strings.Contains(logs, "Alibaba Cloud API call failed, retrying") || !strings.Contains(logs, "action=DescribeRegions") {
		t.Errorf("expected retry log lines with the action in the provider log; got %d bytes", len(logs))
	}
	if !strings.Contains(logs, "request_id=req-ok") {
		t.Errorf("expected the request id of the successful call in the log")
	}
	if strings.Contains(logs, fakeSecret) {
		t.Fatalf("the secret key appears in the provider log")
	}
	if strings.Contains(logs, fakeToken) {
		t.Fatalf("the security token appears in the provider log")
	}
	if !strings.Contains(logs, "[TRACE]") {
		t.Fatalf("the log was not captured at TRACE level, so the test proves nothing")
	}
}

// readAll returns the log entries written by the provider and the framework around it,
// leaving out the test harness's own entries (sdk.helper_resource), which quote the test
// configuration (and so the secret the test put there on purpose).
func readAll(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	_ = filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			data, _ := os.ReadFile(p)
			b.Write(data)
		}
		return nil
	})
	if b.Len() == 0 {
		t.Fatalf("no provider log captured in %s", dir)
	}
	var out strings.Builder
	harness := false
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if entryStart.MatchString(line) {
			harness = strings.Contains(line, "] sdk.helper_resource:")
		}
		if !harness {
			out.WriteString(line)
		}
	}
	return out.String()
}

func TestAccProvider_clientErrorNotRetried(t *testing.T) {
	fake := &fakeECS{t: t, script: []fakeReply{{400, "InvalidParameter"}, {400, "InvalidParameter"}}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv.URL, fakeKeyID, fakeSecret) + `data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`InvalidParameter`),
		}},
	})
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if fake.calls != 1 {
		t.Fatalf("a 4xx client error was sent %d times, want exactly 1 (no retry)", fake.calls)
	}
}

func TestAccProvider_badCredentialClearDiagnostic(t *testing.T) {
	fake := &fakeECS{t: t}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv.URL, "LTAIunknownKey", fakeSecret) + `data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)InvalidAccessKeyId\.NotFound.*rejected the credentials`),
		}},
	})
}

func TestAccProvider_missingCredentials(t *testing.T) {
	for _, v := range []string{"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_PROFILE", "ALICLOUD_PROFILE"} {
		t.Setenv(v, "")
	}
	t.Setenv("HOME", t.TempDir())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "beian" {
  access_key = "LTAIonlyTheId"
}
data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*"secret_key"\s+must\s+be\s+specified\s+when\s+"access_key"`),
		}, {
			Config:      `data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)no\s+Alibaba\s+Cloud\s+credentials\s+found.*ALIBABA_CLOUD_ACCESS_KEY_ID`),
		}},
	})
}

func TestAccProvider_endpointOverrideEnv(t *testing.T) {
	fake := &fakeECS{t: t}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	t.Setenv("BEIAN_ENDPOINT_OVERRIDE", srv.URL)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", fakeKeyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", fakeSecret)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `data "beian_regions" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.beian_regions.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
}

// A bad mainland_cidrs / offshore_cidrs entry is reported on the entry itself.
func TestAccProvider_declaredCIDRErrorNamesTheEntry(t *testing.T) {
	srv := startEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      emuProvider(srv, `mainland_cidrs = ["47.96.0.0/16", "47.96.0.1/16"]`) + `data "beian_regions" "all" {}`,
			ExpectError: regexp.MustCompile(`(?s)Invalid mainland_cidrs entry.*with provider\["[^"]+"\]\.mainland_cidrs\[1\]|(?s)Invalid mainland_cidrs entry.*mainland_cidrs\[1\] "47.96.0.1/16"`),
		}},
	})
}
