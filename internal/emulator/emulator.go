// Package emulator is a local, wire-compatible emulator of the slice of Alibaba Cloud's RPC
// APIs that terraform-provider-beian uses (Alidns, Domain, BssOpenApi, Companyreg, Beian,
// ECS, VPC and SLB). The unmodified alibaba-cloud-sdk-go clients can talk to it when their
// request Domain is set to the emulator's host:port and their Scheme to "HTTP".
//
// All products share one port: the Version parameter selects the product and the Action
// parameter the operation. Requests must be signed with signature version 1.0 (HMAC-SHA1)
// by one of the configured access keys. A control API under /_emulator/ seeds state,
// injects faults and reads statistics; see docs/guides/emulator.md.
package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Documented test credentials. They are accepted by default and must never be used for
// anything but the emulator.
const (
	DefaultAccessKeyID     = "LTAIemulator0000000000"
	DefaultAccessKeySecret = "emulator-secret-do-not-use-in-production"
)

// Config configures an Emulator.
type Config struct {
	// AccessKeys maps access key id to secret; empty means
	// {DefaultAccessKeyID: DefaultAccessKeySecret}.
	AccessKeys map[string]string
	// StatePath, when set, is a JSON file the state is loaded from at start and saved to
	// after each mutating call.
	StatePath string
	// Logger, when set, receives one line per request (method, product.action, status,
	// latency). Secrets and signatures are never logged.
	Logger *log.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Emulator is an http.Handler emulating Alibaba Cloud RPC APIs. It is safe for concurrent use.
type Emulator struct {
	cfg  Config
	keys map[string]string

	mu    sync.Mutex
	st    *state
	dirty bool
	// stateLoaded is set when New loaded a non-empty state file.
	stateLoaded bool
	nonces      map[string]time.Time
	swept       time.Time // when expired nonces were last dropped
	stats       Stats
	faults      faultState
	// stsKeys are the temporary credentials issued by Sts.AssumeRole in this run.
	stsKeys map[string]stsKey
}

// New returns an Emulator. When cfg.StatePath names an existing file its state is loaded.
func New(cfg Config) (*Emulator, error) {
	keys := cfg.AccessKeys
	if len(keys) == 0 {
		keys = map[string]string{DefaultAccessKeyID: DefaultAccessKeySecret}
	}
	e := &Emulator{cfg: cfg, keys: keys, st: newState(), nonces: map[string]time.Time{}}
	e.resetStatsLocked()
	e.faults = newFaultState(Faults{})
	if cfg.StatePath != "" {
		if err := e.loadState(cfg.StatePath); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func (e *Emulator) now() time.Time {
	if e.cfg.Now != nil {
		return e.cfg.Now()
	}
	return time.Now()
}

// apiError is an error answered in Alibaba Cloud's error format.
type apiError struct {
	status  int
	code    string
	message string
}

func (a *apiError) Error() string { return a.code + ": " + a.message }

func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

func missing(param string) *apiError {
	return errorf(http.StatusBadRequest, "Missing"+param, "%s is mandatory for this action.", param)
}

func invalidParam(param, value string) *apiError {
	return errorf(http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid: %q.", param, value)
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func newUUID() string { return strings.ToLower(newRequestID()) }

// ServeHTTP implements http.Handler.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if strings.HasPrefix(r.URL.Path, "/_emulator/") || r.URL.Path == "/_emulator" {
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		e.serveControl(rec, r)
		e.logf("%s %s %d %s", r.Method, r.URL.Path, rec.status, time.Since(start).Round(time.Microsecond))
		return
	}
	label, status := e.serveAPI(w, r)
	e.logf("%s %s %d %s", r.Method, label, status, time.Since(start).Round(time.Microsecond))
}

// runHandler runs one operation under the lock and persists its changes. The lock is
// released by a deferred Unlock, and a panic in the handler is recovered into a 500
// InternalError answer, so a bug in one operation can never leave the emulator hung.
func (e *Emulator) runHandler(h handlerFunc, q *request, key string) (resp obj, ae *apiError, after afterKind, saveErr error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	defer func() {
		if v := recover(); v != nil {
			e.logf("emulator: panic in %s: %v\n%s", key, v, debug.Stack())
			resp, ae, after = nil, errorf(500, "InternalError", "The request processing has failed due to some unknown error."), afterNone
			// Whatever the handler changed before panicking is kept and saved.
			saveErr = e.saveIfDirtyLocked()
		}
	}()
	e.advanceTasksLocked()
	resp, ae = h(e, q)
	after = afterNone
	if ae == nil {
		after = e.faults.afterCommit(key)
		switch after {
		case afterDrop:
			e.stats.Faults["dropped"]++
		case afterFail:
			e.stats.Faults["failed_after_commit"]++
		}
	}
	saveErr = e.saveIfDirtyLocked()
	return resp, ae, after, saveErr
}

func (e *Emulator) logf(format string, args ...any) {
	if e.cfg.Logger != nil {
		e.cfg.Logger.Printf(format, args...)
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// request is a parsed RPC request.
type request struct {
	params  map[string]string
	product string
	action  string
	host    string
}

func (q *request) get(name string) string { return q.params[name] }

func (q *request) require(name string) (string, *apiError) {
	v := strings.TrimSpace(q.params[name])
	if v == "" {
		return "", missing(name)
	}
	return v, nil
}

type handlerFunc func(e *Emulator, q *request) (obj, *apiError)

// productByVersion maps the API version to the product name used in stats and faults.
var productByVersion = map[string]string{
	"2015-01-09": "Alidns",
	"2018-01-29": "Domain",
	"2017-12-14": "BssOpenApi",
	"2026-04-23": "Companyreg",
	"2016-08-10": "Beian",
	"2014-05-26": "Ecs",
	"2016-04-28": "Vpc",
	"2014-05-15": "Slb",
}

var handlers = map[string]handlerFunc{
	"Alidns.AddDomain":                              (*Emulator).alidnsAddDomain,
	"Alidns.DescribeDomains":                        (*Emulator).alidnsDescribeDomains,
	"Alidns.DescribeDomainInfo":                     (*Emulator).alidnsDescribeDomainInfo,
	"Alidns.AddDomainRecord":                        (*Emulator).alidnsAddDomainRecord,
	"Alidns.UpdateDomainRecord":                     (*Emulator).alidnsUpdateDomainRecord,
	"Alidns.DeleteDomainRecord":                     (*Emulator).alidnsDeleteDomainRecord,
	"Alidns.DescribeDomainRecords":                  (*Emulator).alidnsDescribeDomainRecords,
	"Alidns.DescribeDomainRecordInfo":               (*Emulator).alidnsDescribeDomainRecordInfo,
	"Alidns.DescribeSubDomainRecords":               (*Emulator).alidnsDescribeSubDomainRecords,
	"Alidns.SetDomainRecordStatus":                  (*Emulator).alidnsSetDomainRecordStatus,
	"Alidns.UpdateDomainRecordRemark":               (*Emulator).alidnsUpdateDomainRecordRemark,
	"Domain.CheckDomain":                            (*Emulator).domainCheckDomain,
	"Domain.QueryDomainByDomainName":                (*Emulator).domainQueryDomainByDomainName,
	"Domain.QueryDomainList":                        (*Emulator).domainQueryDomainList,
	"Domain.QueryRegistrantProfiles":                (*Emulator).domainQueryRegistrantProfiles,
	"Domain.QueryTaskDetailList":                    (*Emulator).domainQueryTaskDetailList,
	"Domain.PollTaskResult":                         (*Emulator).domainPollTaskResult,
	"Domain.SetupDomainAutoRenew":                   (*Emulator).domainSetupDomainAutoRenew,
	"BssOpenApi.QueryAvailableInstances":            (*Emulator).bssQueryAvailableInstances,
	"Domain.SaveSingleTaskForCreatingOrderActivate": (*Emulator).domainSaveActivate,
	"Domain.SaveSingleTaskForCreatingOrderRenew":    (*Emulator).domainSaveRenew,
	"Companyreg.QuerySuccessIcpData":                (*Emulator).companyregQuerySuccessIcpData,
	"Beian.QueryAccessorDomainStatus":               (*Emulator).beianQueryAccessorDomainStatus,
	"Ecs.DescribeRegions":                           (*Emulator).ecsDescribeRegions,
	"Ecs.DescribeInstances":                         (*Emulator).ecsDescribeInstances,
	"Vpc.DescribeEipAddresses":                      (*Emulator).vpcDescribeEipAddresses,
	"Slb.DescribeLoadBalancers":                     (*Emulator).slbDescribeLoadBalancers,
}

func (e *Emulator) writeError(w http.ResponseWriter, q *request, requestID string, ae *apiError) {
	product := ""
	if q != nil {
		product = q.product
	}
	host := ""
	if q != nil {
		host = q.host
	}
	body := map[string]string{
		"RequestId": requestID,
		"HostId":    host,
		"Code":      ae.code,
		"Message":   ae.message,
		"Recommend": fmt.Sprintf("https://api.aliyun.com/troubleshoot?q=%s&product=%s", ae.code, product),
	}
	writeJSON(w, ae.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// serveAPI handles one cloud API call. It returns a label for the log line and the status.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) (string, int) {
	requestID := newRequestID()
	if err := r.ParseForm(); err != nil {
		e.writeError(w, nil, requestID, errorf(400, "InvalidParameter", "cannot parse request: %v", err))
		return "-", 400
	}
	params := make(map[string]string, len(r.Form))
	for k, v := range r.Form {
		if len(v) > 0 {
			params[k] = v[0]
		}
	}
	q := &request{params: params, action: params["Action"], host: r.Host}
	version := params["Version"]
	if q.action == "" {
		e.writeError(w, q, requestID, missing("Action"))
		return "-", 400
	}
	product, ok := productByVersion[version]
	if !ok {
		ae := errorf(400, "InvalidVersion", "Specified parameter Version is not valid.")
		if version == "" {
			ae = missing("Version")
		}
		e.writeError(w, q, requestID, ae)
		return "?." + q.action, ae.status
	}
	q.product = product
	key := product + "." + q.action
	h, ok := handlers[key]

	e.mu.Lock()
	e.stats.Calls[key]++
	if ae := e.verifySignature(r.Method, params); ae != nil {
		e.mu.Unlock()
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}
	if !ok {
		e.mu.Unlock()
		ae := errorf(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.")
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}
	decision := e.faults.decide(key)
	latency := 0
	if e.faults.applies(key) {
		latency = e.faults.cfg.LatencyMs
	}
	switch decision {
	case faultThrottle:
		e.stats.Faults["throttled"]++
	case faultError:
		e.stats.Faults["errors"]++
	}
	e.mu.Unlock()

	if latency > 0 {
		time.Sleep(time.Duration(latency) * time.Millisecond)
	}
	switch decision {
	case faultThrottle:
		ae := errorf(400, "Throttling.User", "Request was denied due to user flow control.")
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	case faultError:
		ae := errorf(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}

	resp, ae, after, saveErr := e.runHandler(h, q, key)
	if saveErr != nil {
		e.logf("emulator: saving state: %v", saveErr)
	}

	if ae != nil {
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}
	switch after {
	case afterDrop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return key + " (dropped)", 0
			}
		}
		// Cannot hijack (HTTP/2 or a recorder): fall back to a 503 after commit.
		ae := errorf(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	case afterFail:
		ae := errorf(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
		e.writeError(w, q, requestID, ae)
		return key + " (failed after commit)", ae.status
	}
	resp["RequestId"] = requestID
	out, err := json.Marshal(resp)
	if err != nil {
		e.writeError(w, q, requestID, errorf(500, "InternalError", "%v", err))
		return key, 500
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
	return key, 200
}

// obj is a shorthand for JSON objects in responses.
type obj = map[string]any

func readJSONBody(r io.Reader, v any) error {
	dec := json.NewDecoder(io.LimitReader(r, 16<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil && err != io.EOF {
		return err
	}
	return nil
}
