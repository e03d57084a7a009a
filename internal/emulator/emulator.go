// Package emulator is a local, wire-compatible emulator of the slice of Alibaba Cloud's RPC
// APIs that terraform-provider-beian uses (Alidns, Domain, BssOpenApi, Companyreg, Beian,
// ECS, VPC, SLB and STS). The unmodified alibaba-cloud-sdk-go clients, and Alibaba's
// darabonba SDKs, can talk to it when their endpoint is the emulator's host:port over
// HTTP.
//
// All products share one port: the API version selects the product and the action the
// operation (the Version/Action parameters, or the x-acs-version/x-acs-action headers of
// signature V3). Requests must be signed by one of the configured access keys with RPC
// signature version 1.0 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256). Every action's request
// parameters and response keys follow its official model, recorded with its source in
// testdata/contract.json (see actions.go). A control API under /_emulator/ seeds state,
// injects faults and reads statistics; see docs/guides/emulator.md.
package emulator

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
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
	// RejectUnknownParameters answers 400 InvalidParameter to a request carrying a
	// parameter that is not in the action's official model (nor a common protocol
	// parameter). Off by default; the Go test helper (emulatortest) turns it on so that
	// the provider's tests prove its client sends official parameters only.
	RejectUnknownParameters bool
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
	nonces      map[string]time.Time // access key id + nonce: until when the nonce is refused
	swept       time.Time            // when expired nonces were last dropped
	stats       Stats
	faults      faultState
	// stsKeys are the temporary credentials issued by Sts.AssumeRole in this run.
	stsKeys map[string]stsKey
	// metadataTokens are the instance metadata service's access tokens, until when each
	// is valid (metadata.go).
	metadataTokens map[string]time.Time
	// control routes the control API (/_emulator/…).
	control *http.ServeMux
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
	e.control = e.controlMux()
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

// serviceUnavailable is the answer to a call the fault injection fails: the code and
// message Alibaba Cloud's RPC gateway documents for a temporary failure.
func serviceUnavailable() *apiError {
	return errorf(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
}

func missing(param string) *apiError {
	return errorf(http.StatusBadRequest, "Missing"+param, "%s is mandatory for this action.", param)
}

func invalidParam(param, value string) *apiError {
	return errorf(http.StatusBadRequest, "InvalidParameter", "The specified parameter %q is not valid: %q.", param, value)
}

// deny is the answer to an action the credentials may not call (Settings.DeniedActions):
// the NoPermission of the action's own metadata, with the status it gives, where it lists
// one (Resource Center's actions); else the RAM gateway's 403 Forbidden.RAM.
func deny(act *boundAction) *apiError {
	for _, c := range act.Codes {
		if c.Code == "NoPermission" {
			return errorf(c.Status, "NoPermission", "You are not authorized to perform this operation.")
		}
	}
	return errorf(http.StatusForbidden, "Forbidden.RAM", "User not authorized to operate on the specified resource, or this API doesn't support RAM.")
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
	if isMetadataPath(r.URL.Path) {
		status := e.serveMetadata(w, r)
		e.logf("%s %s %d %s", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
		return
	}
	label, status := e.serveAPI(w, r)
	e.logf("%s %s %d %s", r.Method, label, status, time.Since(start).Round(time.Microsecond))
}

// runHandler runs one operation under the lock and persists its changes. The lock is
// released by a deferred Unlock, and a panic in the handler is recovered into a 500
// InternalError answer, so a bug in one operation can never leave the emulator hung. An
// action the table (internal/apicatalog) says reads, whose handler changed the state, is
// a programming error answered the same way: the client resends reads it was not
// answered, so a read must never write.
func (e *Emulator) runHandler(act *boundAction, q *request) (resp obj, ae *apiError, after afterKind, saveErr error) {
	key := act.Key()
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
	wasDirty := e.dirty
	resp, ae = act.handler(e, q)
	if act.Access == apicatalog.Read && e.dirty && !wasDirty {
		panic(fmt.Sprintf("%s is a read in internal/apicatalog, but its handler changed the emulator's state", key))
	}
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

// maxBody bounds a request body; the largest legitimate RPC body is far smaller.
const maxBody = 16 << 20

// serveAPI handles one cloud API call. It returns a label for the log line and the status.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) (string, int) {
	requestID := newRequestID()
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		e.writeError(w, nil, requestID, errorf(400, "InvalidParameter", "cannot read request: %v", err))
		return "-", 400
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
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
	v3 := isV3(r)
	q := &request{params: params, action: params["Action"], host: r.Host}
	version := params["Version"]
	if v3 {
		// Signature V3 names the operation in headers; RPC parameters stay in the query
		// string or the form body.
		if a := r.Header.Get("x-acs-action"); a != "" {
			q.action = a
		}
		if v := r.Header.Get("x-acs-version"); v != "" {
			version = v
		}
	}
	if q.action == "" {
		e.writeError(w, q, requestID, missing("Action"))
		return "-", 400
	}
	product, ok := actions.byVersion[version]
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
	act, ok := actions.byKey[key]

	e.mu.Lock()
	e.stats.Calls[key]++
	var ae *apiError
	switch {
	case anonymousActions[key] && ok:
		// No signature: the request's own parameters are its proof (sts.go).
	case v3:
		ae = e.verifySignatureV3(r, body)
	default:
		ae = e.verifySignature(r.Method, params)
	}
	if ae != nil {
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
	denied := slices.Contains(e.st.Settings.DeniedActions, key)
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
		ae := serviceUnavailable()
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}
	if denied {
		ae := deny(act)
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}
	if ae := act.contract.checkParams(params, actions.common, e.cfg.RejectUnknownParameters); ae != nil {
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	}

	resp, ae, after, saveErr := e.runHandler(act, q)
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
		ae := serviceUnavailable()
		e.writeError(w, q, requestID, ae)
		return key, ae.status
	case afterFail:
		ae := serviceUnavailable()
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
	w.Header().Set("x-acs-request-id", requestID)
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
