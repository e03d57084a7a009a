package provider

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator"
	"github.com/beian-dev/terraform-provider-beian/internal/emulator/emulatortest"
)

// Live mode (see testkit_test.go): TestAccLive is the acceptance subset that can run against
// the real Alibaba Cloud. `make testacc-live` sets BEIAN_LIVE=1 and passes the account:
//
//	BEIAN_LIVE_DOMAIN             a zone of the account in Alibaba Cloud DNS (required); the
//	                              records the test writes are named <prefix>-… in it
//	BEIAN_LIVE_ACCESS_KEY_ID      the account's access key (required)
//	BEIAN_LIVE_ACCESS_KEY_SECRET  its secret (required)
//	BEIAN_LIVE_SECURITY_TOKEN     an STS token, with a temporary key (optional)
//	BEIAN_LIVE_REGION             the region (default cn-hangzhou)
//	BEIAN_LIVE_ENDPOINT           send every product to this URL instead of Alibaba Cloud's
//	                              public endpoints (an emulator playing the cloud)
//	BEIAN_LIVE_RECORD             a directory: write the answers, sanitised, there
//
// Without BEIAN_LIVE, TestAccLive runs the same steps against an in-process emulator seeded
// with liveEmulatorDomain (so `make test` keeps both modes proven), records the emulator's
// answers, and compares them with the recordings in BEIAN_LIVE_RECORDINGS (default
// testdata/live-recordings/).

const (
	liveModeEnv       = "BEIAN_LIVE"
	liveDomainEnv     = "BEIAN_LIVE_DOMAIN"
	liveKeyIDEnv      = "BEIAN_LIVE_ACCESS_KEY_ID"
	liveKeySecretEnv  = "BEIAN_LIVE_ACCESS_KEY_SECRET"
	liveTokenEnv      = "BEIAN_LIVE_SECURITY_TOKEN"
	liveRegionEnv     = "BEIAN_LIVE_REGION"
	liveEndpointEnv   = "BEIAN_LIVE_ENDPOINT"
	liveRecordEnv     = "BEIAN_LIVE_RECORD"
	liveRecordingsEnv = "BEIAN_LIVE_RECORDINGS"

	// liveEmulatorDomain is the test zone of the emulator mode (and of the seed
	// testdata/live-emulator-seed.json for an emulator that plays the cloud).
	liveEmulatorDomain = "example.org"
	// liveRecordPrefix starts the name of every record a live run writes: what a person
	// cleaning the test zone by hand looks for.
	liveRecordPrefix = "beian-acc-"
)

// liveTarget is where TestAccLive runs: the cloud (or BEIAN_LIVE_ENDPOINT), or the emulator.
type liveTarget struct {
	live                    bool
	domain, region          string
	endpoint                string // "" = Alibaba Cloud's public endpoints (HTTPS)
	keyID, keySecret, token string
	prefix                  string // unique to this run: liveRecordPrefix + 8 hex digits
	emu                     *emulatortest.Server
	rec                     *answerRecorder // nil when nothing is recorded
	recordDir               string          // where rec's answers go at the end
}

// newLiveTarget reads the live settings (failing t when BEIAN_LIVE is set but the account is
// incomplete), or starts the emulator of the emulator mode. It points the provider of this
// test process at the target through the environment (ALIBABA_CLOUD_ACCESS_KEY_*, and
// BEIAN_ENDPOINT_OVERRIDE when every product goes to one URL), so no secret is written into
// a configuration file.
func newLiveTarget(t *testing.T) *liveTarget {
	t.Helper()
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		t.Fatal(err)
	}
	lt := &liveTarget{prefix: liveRecordPrefix + hex.EncodeToString(suffix), region: "cn-hangzhou"}
	if os.Getenv(liveModeEnv) != "" {
		lt.live = true
		lt.domain, lt.keyID, lt.keySecret = os.Getenv(liveDomainEnv), os.Getenv(liveKeyIDEnv), os.Getenv(liveKeySecretEnv)
		lt.token, lt.endpoint, lt.recordDir = os.Getenv(liveTokenEnv), os.Getenv(liveEndpointEnv), os.Getenv(liveRecordEnv)
		if r := os.Getenv(liveRegionEnv); r != "" {
			lt.region = r
		}
		var missing []string
		for env, v := range map[string]string{liveDomainEnv: lt.domain, liveKeyIDEnv: lt.keyID, liveKeySecretEnv: lt.keySecret} {
			if v == "" {
				missing = append(missing, env)
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			t.Fatalf("%s=1 but %s not set: the live tests need a zone and an access key of the account", liveModeEnv, strings.Join(missing, ", "))
		}
		if lt.recordDir != "" {
			from := fmt.Sprintf("Alibaba Cloud (public endpoints, region %s)", lt.region)
			if lt.endpoint != "" {
				from = liveEndpointEnv + " (not Alibaba Cloud)"
			}
			lt.rec = newAnswerRecorder(t, from, lt.upstream)
		}
		t.Logf("live mode: zone %s, region %s, %s, records named %s-*", lt.domain, lt.region,
			map[bool]string{true: "endpoint " + lt.endpoint, false: "Alibaba Cloud's public endpoints"}[lt.endpoint != ""], lt.prefix)
	} else {
		lt.emu = startEmulator(t, liveEmulatorDomain)
		if err := lt.emu.Control.AddFiling(emulator.FilingSeed{Domain: liveEmulatorDomain, ICPNumber: "浙ICP备2026000001号", Organizer: "示例科技有限公司"}); err != nil {
			t.Fatal(err)
		}
		lt.domain, lt.endpoint = liveEmulatorDomain, lt.emu.URL
		lt.keyID, lt.keySecret = lt.emu.AccessKeyID, lt.emu.AccessKeySecret
		lt.recordDir = t.TempDir()
		lt.rec = newAnswerRecorder(t, "the in-process emulator", lt.upstream)
	}
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", lt.keyID)
	t.Setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", lt.keySecret)
	t.Setenv("ALIBABA_CLOUD_SECURITY_TOKEN", lt.token)
	override := ""
	if lt.rec == nil {
		override = lt.endpoint
	}
	t.Setenv(aliyun.EndpointOverrideEnv, override)
	return lt
}

// upstream is where a request for product p, with query/form parameters params, goes.
func (lt *liveTarget) upstream(p aliyun.ProductInfo, params url.Values) string {
	if lt.endpoint != "" {
		return lt.endpoint
	}
	region := params.Get("RegionId")
	if region == "" {
		region = lt.region
	}
	return "https://" + strings.ReplaceAll(p.Host, "{region}", region)
}

// providerBlock is the provider block of a live configuration: the region, extra attribute
// lines, no rate limit against the emulator, and when recording an endpoints block that sends
// each product through the recorder. Credentials come from the environment (newLiveTarget).
func (lt *liveTarget) providerBlock(extra ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"beian\" {\n  region = %q\n", lt.region)
	if lt.emu != nil {
		extra = append(extra, "requests_per_second = 0")
	}
	for _, e := range extra {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	if lt.rec != nil {
		b.WriteString("  endpoints {\n")
		for _, p := range aliyun.Products {
			fmt.Fprintf(&b, "    %s = %q\n", p.Product, lt.rec.urls[p.Product])
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// client is a fresh client of the target (no per-run caches left from an earlier check).
func (lt *liveTarget) client(t testing.TB) *aliyun.Client {
	t.Helper()
	eps, err := aliyun.NewEndpoints(nil, lt.endpoint)
	if err != nil {
		t.Fatal(err)
	}
	c, err := aliyun.NewClient(aliyun.Config{
		Credentials: aliyun.Credentials{AccessKeyID: lt.keyID, AccessKeySecret: lt.keySecret, SecurityToken: lt.token, Source: "test"},
		Region:      lt.region, Endpoints: eps, MaxRetries: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// runRecords returns the records of the test zone whose name starts with this run's prefix.
func (lt *liveTarget) runRecords(t testing.TB) ([]aliyun.DNSRecord, error) {
	t.Helper()
	snap, err := lt.client(t).ZoneRecords(context.Background(), lt.domain)
	if err != nil {
		return nil, err
	}
	var out []aliyun.DNSRecord
	for _, r := range snap.Records {
		if strings.HasPrefix(strings.ToLower(r.RR), lt.prefix) {
			out = append(out, r)
		}
	}
	return out, nil
}

// sweep deletes what this run left in the test zone (a step that failed before destroy):
// the records whose name starts with the run's prefix, and nothing else.
func (lt *liveTarget) sweep(t testing.TB) {
	t.Helper()
	left, err := lt.runRecords(t)
	if err != nil {
		t.Errorf("listing %s for records of this run left behind: %v", lt.domain, err)
		return
	}
	c := lt.client(t)
	for _, r := range left {
		if err := c.DeleteDomainRecord(context.Background(), lt.domain, r.RecordID); err != nil {
			t.Errorf("deleting %s.%s (%s), left by this run: %v", r.RR, lt.domain, r.RecordID, err)
		} else {
			t.Logf("deleted %s.%s (%s), left by this run", r.RR, lt.domain, r.RecordID)
		}
	}
}

// ---- recording answers -----------------------------------------------------------------

// answerRecorder stands between the provider and the target: one loopback HTTP listener per
// product (the provider's endpoints block points each product at its own) that forwards each
// request unchanged — signature 1.0 signs the parameters, not the host — to where upstream
// says, and keeps of each answer its shape only: the tree of keys with the JSON type of each
// value, never a value. Keys, tokens, account IDs, request IDs, names and addresses cannot
// leak into a recording because no value is kept.
type answerRecorder struct {
	from    string
	mu      sync.Mutex
	actions map[string]*recordedAction // by "product.Action"
	urls    map[aliyun.Product]string
}

// recordedAction is one action's recording (a file <product>.<Action>.json).
type recordedAction struct {
	Product      string `json:"product"`
	Action       string `json:"action"`
	RecordedFrom string `json:"recorded_from"`
	RecordedOn   string `json:"recorded_on"`
	// Parameters are the names of the request parameters the provider sent (the signature's
	// own left out).
	Parameters []string `json:"request_parameters"`
	// Answer is the shape of the successful answers, merged; Errors the shape of error answers
	// by error code.
	Answer any            `json:"answer,omitempty"`
	Errors map[string]any `json:"errors,omitempty"`
}

// signatureParameters are the parameters of signature 1.0 itself, not of the action.
var signatureParameters = []string{"AccessKeyId", "Action", "Format", "SecurityToken", "Signature", "SignatureMethod",
	"SignatureNonce", "SignatureType", "SignatureVersion", "Timestamp", "Version"}

func newAnswerRecorder(t testing.TB, from string, upstream func(aliyun.ProductInfo, url.Values) string) *answerRecorder {
	t.Helper()
	rec := &answerRecorder{from: from, actions: map[string]*recordedAction{}, urls: map[aliyun.Product]string{}}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.Proxy = nil
	for _, p := range aliyun.Products {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec.forward(w, r, p, upstream, transport)
		}))
		t.Cleanup(srv.Close)
		rec.urls[p.Product] = srv.URL
	}
	return rec
}

func (rec *answerRecorder) forward(w http.ResponseWriter, r *http.Request, p aliyun.ProductInfo, upstream func(aliyun.ProductInfo, url.Values) string, rt http.RoundTripper) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	params := r.URL.Query()
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, vs := range form {
				params[k] = append(params[k], vs...)
			}
		}
	}
	action := params.Get("Action")
	if action == "" {
		action = r.Header.Get("x-acs-action") // signature V3
	}
	target, err := url.Parse(upstream(p, params))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Scheme, out.URL.Host = target.Scheme, target.Host
	out.Host = target.Host
	out.Body = io.NopCloser(bytes.NewReader(body))
	out.Header.Del("Accept-Encoding") // the transport asks for gzip and decodes it itself
	resp, err := rt.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	rec.record(string(p.Product), action, params, resp.StatusCode, answer)
	for k, vs := range resp.Header {
		if k == "Content-Length" || k == "Content-Encoding" || k == "Connection" {
			continue
		}
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(answer)
}

// record keeps the shape of one answer.
func (rec *answerRecorder) record(product, action string, params url.Values, status int, body []byte) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if action == "" || dec.Decode(&v) != nil {
		return // not an API answer (a dropped connection, an HTML error page)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	key := product + "." + action
	a := rec.actions[key]
	if a == nil {
		a = &recordedAction{Product: product, Action: action, RecordedFrom: rec.from, RecordedOn: time.Now().UTC().Format(time.DateOnly)}
		rec.actions[key] = a
	}
	for name := range params {
		if !slices.Contains(signatureParameters, name) && !slices.Contains(a.Parameters, name) {
			a.Parameters = append(a.Parameters, name)
		}
	}
	sort.Strings(a.Parameters)
	s := answerShape(v)
	if status < 300 {
		a.Answer = mergeShapes(a.Answer, s)
		return
	}
	code := "HTTP " + fmt.Sprint(status)
	if m, ok := v.(map[string]any); ok {
		if c, ok := m["Code"].(string); ok && c != "" {
			code = c
		}
	}
	if a.Errors == nil {
		a.Errors = map[string]any{}
	}
	a.Errors[code] = mergeShapes(a.Errors[code], s)
}

// write writes one file per action into dir.
func (rec *answerRecorder) write(t testing.TB, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for key, a := range rec.actions {
		b, err := json.MarshalIndent(a, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, key+".json"), append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// readRecordings reads the recordings of a directory, by "product.Action".
func readRecordings(t testing.TB, dir string) map[string]recordedAction {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]recordedAction{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var a recordedAction
		if err := json.Unmarshal(b, &a); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[a.Product+"."+a.Action] = a
	}
	return out
}

// answerShape is the shape of a decoded JSON value (json.Number for numbers): objects keep
// their keys with the shapes of their values, an array becomes a one-element array holding
// the merged shape of its elements (empty when it was empty), and every other value the name
// of its type: "string", "number", "boolean" or "null". No value survives.
func answerShape(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = answerShape(e)
		}
		return out
	case []any:
		var elem any
		for _, e := range x {
			elem = mergeShapes(elem, answerShape(e))
		}
		if elem == nil {
			return []any{}
		}
		return []any{elem}
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

// mergeShapes is the shape that covers both a and b (nil is no shape yet): objects with the
// keys of both, arrays with the merged element, "null" giving way to any type, and two
// different types named "a|b".
func mergeShapes(a, b any) any {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	switch x := a.(type) {
	case map[string]any:
		if y, ok := b.(map[string]any); ok {
			out := make(map[string]any, len(x))
			for k, v := range x {
				out[k] = v
			}
			for k, v := range y {
				out[k] = mergeShapes(out[k], v)
			}
			return out
		}
	case []any:
		if y, ok := b.([]any); ok {
			var elem any
			for _, e := range append(slices.Clone(x), y...) {
				elem = mergeShapes(elem, e)
			}
			if elem == nil {
				return []any{}
			}
			return []any{elem}
		}
	case string:
		if y, ok := b.(string); ok {
			switch {
			case x == y:
				return x
			case x == "null":
				return y
			case y == "null":
				return x
			}
			types := strings.Split(x+"|"+y, "|")
			sort.Strings(types)
			return strings.Join(slices.Compact(types), "|")
		}
	}
	return fmt.Sprintf("%s|%s", shapeKind(a), shapeKind(b))
}

func shapeKind(s any) string {
	switch x := s.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return x
	}
	return "?"
}

// shapeDiff compares the shape the cloud answered with (want) and the emulator's (got): it
// returns the key paths the cloud answered that the emulator lacks or types differently
// (missing), and those only the emulator answers (extra). An empty array matches any array,
// and "null" any type (an optional value the one answer left empty).
func shapeDiff(path string, want, got any) (missing, extra []string) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the cloud answers an object, the emulator %s", path, shapeKind(got))}, nil
		}
		for _, k := range sortedKeys(w) {
			gv, ok := g[k]
			if !ok {
				missing = append(missing, fmt.Sprintf("%s.%s (%s): not in the emulator's answer", path, k, shapeKind(w[k])))
				continue
			}
			m, e := shapeDiff(path+"."+k, w[k], gv)
			missing, extra = append(missing, m...), append(extra, e...)
		}
		for _, k := range sortedKeys(g) {
			if _, ok := w[k]; !ok {
				extra = append(extra, path+"."+k)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: the cloud answers an array, the emulator %s", path, shapeKind(got))}, nil
		}
		if len(w) == 1 && len(g) == 1 {
			return shapeDiff(path+"[]", w[0], g[0])
		}
	case string:
		g, ok := got.(string)
		if w == "null" || g == "null" {
			return nil, nil
		}
		if !ok || g != w {
			return []string{fmt.Sprintf("%s: the cloud answers %s, the emulator %s", path, w, shapeKind(got))}, nil
		}
	}
	return missing, extra
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// compareRecordings checks the emulator's answers (got) against the recorded ones (want):
// every action the recording has, the emulator run called too, and answered with every key
// of the recorded answer, with the same types; every error code of the recording, the
// emulator answered too, with its keys. Keys only the emulator answers are returned for the
// log: the cloud may leave empty values out.
func compareRecordings(want, got map[string]recordedAction) (problems, notes []string) {
	for _, key := range slices.Sorted(maps.Keys(want)) {
		w := want[key]
		g, ok := got[key]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: recorded from %s, never called in the emulator run", key, w.RecordedFrom))
			continue
		}
		if w.Answer != nil {
			if g.Answer == nil {
				problems = append(problems, fmt.Sprintf("%s: %s answered it, the emulator only with errors %v", key, w.RecordedFrom, sortedKeys(g.Errors)))
			} else {
				m, e := shapeDiff(key, w.Answer, g.Answer)
				problems = append(problems, m...)
				for _, x := range e {
					notes = append(notes, x+": only the emulator answers it")
				}
			}
		}
		for _, code := range sortedKeys(w.Errors) {
			ge, ok := g.Errors[code]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %s answered with error %s, the emulator did not", key, w.RecordedFrom, code))
				continue
			}
			m, _ := shapeDiff(key+" error "+code, w.Errors[code], ge)
			problems = append(problems, m...)
		}
	}
	return problems, notes
}
