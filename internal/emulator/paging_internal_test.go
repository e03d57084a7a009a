package emulator

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/apicatalog"
)

func TestPageSliceBounds(t *testing.T) {
	all := []int{1, 2, 3, 4, 5}
	for _, tc := range []struct {
		num, size int
		want      []int
	}{
		{1, 2, []int{1, 2}},
		{3, 2, []int{5}},
		{4, 2, []int{}},
		{1, 5, []int{1, 2, 3, 4, 5}},
		{1, 100, []int{1, 2, 3, 4, 5}},
		{2, 5, []int{}},
		{0, 2, []int{}},
		{1, 0, []int{}},
		{math.MaxInt, 500, []int{}},
		{math.MaxInt, 1, []int{}},
		{math.MaxInt/2 + 2, 2, []int{}}, // (num-1)*size wraps to a small negative number
		{2, math.MaxInt, []int{}},
	} {
		got := pageSlice(all, tc.num, tc.size)
		if len(got) != len(tc.want) {
			t.Fatalf("pageSlice(num=%d, size=%d) = %v, want %v", tc.num, tc.size, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Fatalf("pageSlice(num=%d, size=%d) = %v, want %v", tc.num, tc.size, got, tc.want)
			}
		}
	}
	if got := pageSlice([]int(nil), 1, 10); got == nil || len(got) != 0 {
		t.Fatalf("empty input: %#v", got)
	}
}

// testNow is the fixed clock of the internal tests.
var testNow = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// serveSigned sends one signed RPC call with params to e and decodes the JSON answer.
func serveSigned(t *testing.T, e *Emulator, nonce string, params map[string]string) (int, map[string]any) {
	t.Helper()
	p := map[string]string{
		"AccessKeyId": DefaultAccessKeyID, "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
		"SignatureNonce": nonce, "Timestamp": testNow.Format(time.RFC3339), "Format": "JSON",
	}
	for k, v := range params {
		p[k] = v
	}
	p["Signature"] = Sign("POST", p, DefaultAccessKeySecret)
	form := url.Values{}
	for k, v := range p {
		form.Set(k, v)
	}
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { defer close(done); e.ServeHTTP(rec, req) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("emulator hung")
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("not JSON (%v): %q", err, rec.Body.String())
	}
	return rec.Code, out
}

func newTestEmulator(t *testing.T) *Emulator {
	t.Helper()
	e, err := New(Config{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.LoadSeed(strings.NewReader(`{"domains":[{"domain":"example.com"}],
		"servers":[{"kind":"ecs","id":"i-1","region":"cn-hangzhou","ip":"203.0.113.1"}],
		"records":[{"domain":"example.com","rr":"www","type":"A","value":"203.0.113.1"}]}`)); err != nil {
		t.Fatal(err)
	}
	return e
}

// Huge page numbers and tokens answer an empty page instead of panicking (and, before the
// fix, leaving the lock held so that every later call hung).
func TestHugePageNumbersAnswerEmptyPages(t *testing.T) {
	e := newTestEmulator(t)
	huge := "9223372036854775807"
	calls := []map[string]string{
		{"Action": "DescribeDomainRecords", "Version": "2015-01-09", "DomainName": "example.com", "PageNumber": huge, "PageSize": "500"},
		{"Action": "DescribeDomains", "Version": "2015-01-09", "PageNumber": huge, "PageSize": "100"},
		{"Action": "DescribeSubDomainRecords", "Version": "2015-01-09", "SubDomain": "www.example.com", "PageNumber": huge, "PageSize": "500"},
		{"Action": "QueryDomainList", "Version": "2018-01-29", "PageNum": huge, "PageSize": "1000"},
		{"Action": "DescribeInstances", "Version": "2014-05-26", "RegionId": "cn-hangzhou", "PageNumber": huge, "PageSize": "100"},
		{"Action": "DescribeInstances", "Version": "2014-05-26", "RegionId": "cn-hangzhou", "NextToken": huge, "MaxResults": "100"},
	}
	for i, p := range calls {
		status, out := serveSigned(t, e, "huge-"+string(rune('a'+i)), p)
		if status != http.StatusOK {
			t.Fatalf("%s: HTTP %d %v", p["Action"], status, out)
		}
	}
	// The emulator still answers.
	if status, out := serveSigned(t, e, "after", map[string]string{"Action": "DescribeDomainRecords", "Version": "2015-01-09", "DomainName": "example.com"}); status != http.StatusOK {
		t.Fatalf("after huge pages: HTTP %d %v", status, out)
	}
}

// A panicking operation answers 500 InternalError and releases the lock.
func TestHandlerPanicIsRecovered(t *testing.T) {
	const key = "Alidns.TestPanic"
	panics := func(e *Emulator, q *request) (obj, *apiError) {
		e.dirty = true
		var s []int
		_ = s[len(q.action)] // index out of range
		return obj{}, nil
	}
	actions.byKey[key] = &boundAction{
		Action:   apicatalog.Action{Product: "Alidns", Version: "2015-01-09", Name: "TestPanic", Access: apicatalog.Write},
		handler:  panics,
		contract: &ContractAction{Product: "Alidns", Version: "2015-01-09", Action: "TestPanic"},
	}
	t.Cleanup(func() { delete(actions.byKey, key) })
	e := newTestEmulator(t)
	status, out := serveSigned(t, e, "panic-1", map[string]string{"Action": "TestPanic", "Version": "2015-01-09"})
	if status != http.StatusInternalServerError || out["Code"] != "InternalError" || out["RequestId"] == "" {
		t.Fatalf("panic answer: HTTP %d %v", status, out)
	}
	// Concurrent calls after the panic all get through: the lock was released.
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if status, out := serveSigned(t, e, "after-"+string(rune('a'+i)), map[string]string{"Action": "DescribeDomains", "Version": "2015-01-09"}); status != http.StatusOK {
				t.Errorf("after panic: HTTP %d %v", status, out)
			}
		}()
	}
	wg.Wait()
}

// /settings decodes its body before taking the lock and merges absent fields.
func TestSettingsBodyDecodedOutsideLock(t *testing.T) {
	e := newTestEmulator(t)
	pr, pw := io.Pipe()
	req := httptest.NewRequest(http.MethodPost, "/_emulator/settings", pr)
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { defer close(done); e.ServeHTTP(rec, req) }()
	// While the body is still being sent, the API must keep answering.
	if status, out := serveSigned(t, e, "during-settings", map[string]string{"Action": "DescribeDomains", "Version": "2015-01-09"}); status != http.StatusOK {
		t.Fatalf("API blocked by a pending /settings body: HTTP %d %v", status, out)
	}
	_, _ = pw.Write([]byte(`{"task_delay_ms": -5}`))
	_ = pw.Close()
	<-done
	if rec.Code != http.StatusOK {
		t.Fatalf("/settings: HTTP %d %s", rec.Code, rec.Body)
	}
	e.mu.Lock()
	got := e.st.Settings.TaskDelayMs
	e.mu.Unlock()
	if got != 0 {
		t.Fatalf("negative delay not clamped: %d", got)
	}
	req = httptest.NewRequest(http.MethodPost, "/_emulator/settings", strings.NewReader(`{"nope":1}`))
	rec = httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("unknown field: HTTP %d %s", rec.Code, rec.Body)
	}
}

// Deleting a filing that does not exist changes nothing and does not rewrite the state.
func TestDeleteMissingFilingDoesNotSave(t *testing.T) {
	path := t.TempDir() + "/state.json"
	e, err := New(Config{StatePath: path, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodDelete, "/_emulator/filings/none.com", nil)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("HTTP %d %s", rec.Code, rec.Body)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("state file written for a no-op delete: %v", err)
	}
}
