package mainland

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rirServer serves body (or fails with status when status != 200) and counts
// requests.
type rirServer struct {
	*httptest.Server
	body   atomic.Value // string
	status atomic.Int32
	hits   atomic.Int32
}

func newRIRServer(t *testing.T, body string) *rirServer {
	s := &rirServer{}
	s.body.Store(body)
	s.status.Store(200)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		if st := int(s.status.Load()); st != 200 {
			http.Error(w, "unavailable", st)
			return
		}
		w.Write([]byte(s.body.Load().(string)))
	}))
	t.Cleanup(s.Close)
	return s
}

type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func classOf(t *testing.T, d *RIRData, addr string) Verdict {
	t.Helper()
	return d.Classify(netip.MustParseAddr(addr))
}

func TestLoaderCacheFreshStaleFailure(t *testing.T) {
	ctx := context.Background()
	srv := newRIRServer(t, sampleDelegated)
	url := srv.URL + "/stats/apnic/delegated-apnic-latest"
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	l := &Loader{HTTPClient: srv.Client(), CacheDir: filepath.Join(t.TempDir(), "cache"), MaxAge: 24 * time.Hour, Now: clock.Now}

	// First load downloads and caches.
	d, warns, err := l.Load(ctx, []string{url})
	if err != nil || len(warns) != 0 {
		t.Fatalf("first load: %v %v", err, warns)
	}
	if v := classOf(t, d, "1.0.1.1"); v.Class != Mainland || v.Evidence != "APNIC delegation 1.0.1.0-1.0.3.255 (CN) from delegated-apnic-latest (2025-12-31)" {
		t.Errorf("%+v", v)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("hits %d", srv.hits.Load())
	}
	cache := l.CachePath(url)
	if fi, err := os.Stat(cache); err != nil || !fi.ModTime().Equal(clock.t) {
		t.Fatalf("cache file %s: %v", cache, err)
	}

	// Fresh cache: no download, even when the server has changed.
	srv.body.Store("apnic|US|ipv4|1.0.1.0|256||allocated\n")
	clock.t = clock.t.Add(23 * time.Hour)
	d, warns, err = l.Load(ctx, []string{url})
	if err != nil || len(warns) != 0 || srv.hits.Load() != 1 || classOf(t, d, "1.0.1.1").Class != Mainland {
		t.Fatalf("fresh load: %v %v hits %d", err, warns, srv.hits.Load())
	}

	// Stale cache: downloaded again and replaced.
	clock.t = clock.t.Add(2 * time.Hour)
	d, warns, err = l.Load(ctx, []string{url})
	if err != nil || len(warns) != 0 || srv.hits.Load() != 2 || classOf(t, d, "1.0.1.1").Class != Offshore {
		t.Fatalf("stale load: %v %v hits %d", err, warns, srv.hits.Load())
	}

	// Stale cache and a failing server: the cached copy with a warning.
	srv.status.Store(503)
	clock.t = clock.t.Add(72 * time.Hour)
	d, warns, err = l.Load(ctx, []string{url})
	if err != nil || classOf(t, d, "1.0.1.1").Class != Offshore {
		t.Fatalf("fallback: %v", err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], "could not refresh "+url) || !strings.Contains(warns[0], "503") ||
		!strings.Contains(warns[0], "3 days old") || !strings.Contains(warns[0], "2026-03-02T13:00:00Z") {
		t.Errorf("warnings %q", warns)
	}

	// Within FailureTTL of that failure nothing is downloaded: the cached copy, saying so.
	hits := srv.hits.Load()
	clock.t = clock.t.Add(5 * time.Minute)
	d, warns, err = l.Load(ctx, []string{url})
	if err != nil || classOf(t, d, "1.0.1.1").Class != Offshore || srv.hits.Load() != hits ||
		len(warns) != 1 || !strings.Contains(warns[0], "not retried: the download failed 5 minutes ago") || !strings.Contains(warns[0], "503") {
		t.Fatalf("remembered failure: %v %q hits %d", err, warns, srv.hits.Load()-hits)
	}

	// Stale cache and a server serving garbage (after FailureTTL): the cached copy, warning.
	clock.t = clock.t.Add(DefaultFailureTTL)
	srv.status.Store(200)
	srv.body.Store("<html>not a delegated file</html>\n")
	d, warns, err = l.Load(ctx, []string{url})
	if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "not a valid RIR delegated statistics file") || d.Len() != 1 {
		t.Fatalf("garbage: %v %q", err, warns)
	}
	if got, _ := os.ReadFile(cache); !strings.Contains(string(got), "apnic|US") {
		t.Error("garbage replaced the cache")
	}

	// No cache and a failing server: an error naming the URL and settings.
	srv.status.Store(500)
	l2 := &Loader{HTTPClient: srv.Client(), CacheDir: t.TempDir(), Now: clock.Now}
	_, _, err = l2.Load(ctx, []string{url})
	if err == nil || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "rir_sources") ||
		!strings.Contains(err.Error(), "mainland_cidrs") {
		t.Fatalf("error %v", err)
	}
}

// A host that does not answer costs its timeout once: the failure is remembered for the
// run (the error is not a context error, so the guard's once-per-run cache keeps it) and,
// in the cache directory, across runs for FailureTTL; afterwards it is tried again.
func TestLoaderRemembersFailedDownloads(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		select { // never answers within the client's deadline
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	url := srv.URL + "/geo-whois-asn-country-ipv4-num.csv"
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	run := func() error {
		l := &Loader{HTTPClient: srv.Client(), CacheDir: dir, Now: clock.Now} // a new provider run
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, _, err := l.LoadLocation(ctx, []string{url})
		return err
	}
	err := run()
	if err == nil || hits.Load() != 1 || !strings.Contains(err.Error(), "location_sources: cannot load "+url) {
		t.Fatalf("first run: %v, %d requests", err, hits.Load())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("the timeout is a context error, which a once-per-run cache would not keep: %v", err)
	}
	clock.t = clock.t.Add(10 * time.Minute)
	start := time.Now()
	err = run()
	if err == nil || hits.Load() != 1 || !strings.Contains(err.Error(), "not retried: the download failed 10 minutes ago") ||
		!strings.Contains(err.Error(), "the next try is after 2026-03-01T12:15:00Z") {
		t.Fatalf("second run: %v, %d requests", err, hits.Load())
	}
	if d := time.Since(start); d > 150*time.Millisecond {
		t.Errorf("the second run waited %v on a host known to be unreachable", d)
	}
	clock.t = clock.t.Add(6 * time.Minute)
	if err := run(); err == nil || hits.Load() != 2 {
		t.Fatalf("after FailureTTL: %v, %d requests", err, hits.Load())
	}
	// FailureTTL < 0: no memory.
	l := &Loader{HTTPClient: srv.Client(), CacheDir: dir, Now: clock.Now, FailureTTL: -1}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, _, err := l.LoadLocation(ctx, []string{url}); err == nil || hits.Load() != 3 {
		t.Fatalf("FailureTTL -1: %v, %d requests", err, hits.Load())
	}
}

func TestLoadLocationSources(t *testing.T) {
	dir := t.TempDir()
	v4 := filepath.Join(dir, "fresh-ipv4.csv")
	if err := os.WriteFile(v4, []byte("52.80.0.0,52.80.255.255,SG\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2026, 8, 1, 10, 0, 0, 0, time.UTC)
	if err := os.Chtimes(v4, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	srv := newRIRServer(t, "2400:3200::,2400:3200:ffff:ffff:ffff:ffff:ffff:ffff,HK\n")
	clock := &fakeClock{t: time.Date(2026, 9, 2, 1, 0, 0, 0, time.UTC)}
	l := &Loader{HTTPClient: srv.Client(), CacheDir: t.TempDir(), Now: clock.Now}
	tabs, warns, err := l.LoadLocation(context.Background(), []string{v4, "embedded", srv.URL + "/x-ipv6.csv", "embedded", " " + v4})
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	emb, _ := EmbeddedLocation()
	if len(tabs) != 3 || tabs[1] != emb || tabs[0].Info().Date != "2026-08-01" || tabs[0].Info().Source != v4 ||
		tabs[2].Info().Date != "2026-09-02" || tabs[2].Info().Source != "x-ipv6.csv" {
		for _, tb := range tabs {
			t.Logf("%+v", tb.Info())
		}
		t.Fatalf("%d tables", len(tabs))
	}
	c := &Classifier{Location: tabs}
	v, _ := c.Classify(context.Background(), netip.MustParseAddr("52.80.1.1"))
	if v.Class != Offshore || !strings.Contains(v.Evidence, "location data 2026-08-01: a country other than CN, HK, MO and TW for 52.80.0.0/16, from "+v4) {
		t.Errorf("the first source wins: %+v", v)
	}
	// The embedded table comes before the downloaded file, as listed.
	if v, _ := c.Classify(context.Background(), netip.MustParseAddr("2400:3200::1")); v.Class != Mainland {
		t.Errorf("order: %+v", v)
	}
	if tabs, _, err := l.LoadLocation(context.Background(), nil); err != nil || len(tabs) != 0 {
		t.Errorf("no sources: %v %v", tabs, err)
	}
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("1.0.0.0,1.0.0.255,AU\n1.0.1.0,oops,CN\n"), 0o600)
	if _, _, err := l.LoadLocation(context.Background(), []string{bad}); err == nil ||
		!strings.Contains(err.Error(), "location_sources: \""+bad+"\" is not a valid location CSV file") || !strings.Contains(err.Error(), "bad.csv:2:") {
		t.Errorf("malformed file: %v", err)
	}
}

func TestCheckLocalSources(t *testing.T) {
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.csv")
	_ = os.WriteFile(ok, nil, 0o600)
	missing := filepath.Join(dir, "delegated-apnic-latst")
	errs := CheckLocalSources(SettingRIRSources, []string{ok, "https://example.com/x", missing, dir, "file://" + missing})
	if len(errs) != 3 || errs[2] == nil || errs[3] == nil || errs[4] == nil {
		t.Fatalf("%v", errs)
	}
	if !strings.Contains(errs[2].Error(), `rir_sources[2]: the file "`+missing+`" does not exist`) || !strings.Contains(errs[3].Error(), "not a regular file") {
		t.Errorf("%v", errs)
	}
	if errs := CheckLocalSources(SettingLocationSources, []string{"embedded", ok}); len(errs) != 0 {
		t.Errorf("%v", errs)
	}
	if errs := CheckLocalSources(SettingRIRSources, []string{"embedded"}); len(errs) != 1 {
		t.Errorf("embedded is a file name in rir_sources: %v", errs)
	}
}

func TestLoaderCorruptCacheAndNoCacheDir(t *testing.T) {
	ctx := context.Background()
	srv := newRIRServer(t, sampleDelegated)
	url := srv.URL + "/delegated-apnic-latest"
	l := &Loader{HTTPClient: srv.Client(), CacheDir: t.TempDir()}
	if err := os.WriteFile(l.CachePath(url), []byte("garbage|line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, warns, err := l.Load(ctx, []string{url})
	if err != nil || len(warns) != 0 || d.Len() != 7 || srv.hits.Load() != 1 {
		t.Fatalf("%v %v", err, warns)
	}
	if got, _ := os.ReadFile(l.CachePath(url)); string(got) != sampleDelegated {
		t.Error("corrupt cache not replaced")
	}
	// Without CacheDir every load downloads.
	l = &Loader{HTTPClient: srv.Client()}
	for i := 0; i < 2; i++ {
		if _, _, err := l.Load(ctx, []string{url}); err != nil {
			t.Fatal(err)
		}
	}
	if srv.hits.Load() != 3 || l.CachePath(url) != "" {
		t.Errorf("hits %d", srv.hits.Load())
	}
}

func TestLoaderSizeLimitAndContext(t *testing.T) {
	srv := newRIRServer(t, sampleDelegated)
	l := &Loader{HTTPClient: srv.Client(), MaxBytes: 100}
	_, _, err := l.Load(context.Background(), []string{srv.URL + "/x"})
	if err == nil || !strings.Contains(err.Error(), "limit of 100") {
		t.Errorf("size limit: %v", err)
	}
	// Chunked response without Content-Length.
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 20; i++ {
			w.Write([]byte(strings.Repeat("#", 50) + "\n"))
			w.(http.Flusher).Flush()
		}
	}))
	defer big.Close()
	l = &Loader{HTTPClient: big.Client(), MaxBytes: 200}
	if _, _, err := l.Load(context.Background(), []string{big.URL}); err == nil || !strings.Contains(err.Error(), "limit of 200") {
		t.Errorf("chunked size limit: %v", err)
	}
	// A cancelled context fails the download.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l = &Loader{HTTPClient: srv.Client()}
	if _, _, err := l.Load(ctx, []string{srv.URL + "/x"}); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("cancelled: %v", err)
	}
}

func TestLoaderLocalFilesAndMerge(t *testing.T) {
	dir := t.TempDir()
	apnic := filepath.Join(dir, "delegated-apnic-latest")
	arin := filepath.Join(dir, "delegated-arin-extended-latest")
	os.WriteFile(apnic, []byte(sampleDelegated), 0o644)
	os.WriteFile(arin, []byte("2|arin|20260101|1|19700101|20260101|-0500\narin|US|ipv4|8.0.0.0|16777216|19921201|allocated|e5e3b9c13678dfc483fb1f819d70883c\n"), 0o644)
	srv := newRIRServer(t, "ripencc|DE|ipv4|2.0.0.0|1024|20100101|allocated\n")
	l := &Loader{HTTPClient: srv.Client(), CacheDir: t.TempDir()}
	d, warns, err := l.Load(context.Background(), []string{apnic, " " + arin + " ", "file://" + filepath.ToSlash(arin), apnic, srv.URL + "/ripe/delegated-ripencc-latest"})
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	if v := classOf(t, d, "8.8.8.8"); v.Class != Offshore || v.Evidence != "ARIN delegation 8.0.0.0/8 (US) from "+arin+" (2026-01-01)" || v.DataDate != "2026-01-01" {
		t.Errorf("%+v", v)
	}
	if v := classOf(t, d, "2.0.1.1"); v.Class != Offshore || v.Evidence != "RIPENCC delegation 2.0.0.0/22 (DE) from delegated-ripencc-latest" {
		t.Errorf("%+v", v)
	}
	if classOf(t, d, "1.0.1.1").Class != Mainland || len(d.Sources()) != 3 {
		t.Errorf("sources %v", d.Sources())
	}

	for _, tt := range []struct {
		src  []string
		want string
	}{
		{[]string{filepath.Join(dir, "missing")}, `rir_sources: cannot read "` + filepath.Join(dir, "missing")},
		{[]string{""}, "rir_sources[0] is empty"},
		{[]string{"ftp://ftp.apnic.net/x"}, `unsupported scheme "ftp"`},
	} {
		if _, _, err := l.Load(context.Background(), tt.src); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.src, err, tt.want)
		}
	}
	bad := filepath.Join(dir, "bad")
	os.WriteFile(bad, []byte("# ok\napnic|CN|ipv4|1.0.1.0|x|1|allocated\n"), 0o644)
	if _, _, err := l.Load(context.Background(), []string{bad}); err == nil || !strings.Contains(err.Error(), bad+":2: address count") {
		t.Errorf("bad file: %v", err)
	}
	d, _, err = l.Load(context.Background(), nil)
	if err != nil || d.Len() != 0 || d.Classify(netip.MustParseAddr("1.1.1.1")).Class != Unknown {
		t.Errorf("no sources: %v", err)
	}
}

func TestLoaderCacheWriteFailureWarns(t *testing.T) {
	srv := newRIRServer(t, sampleDelegated)
	file := filepath.Join(t.TempDir(), "not-a-dir")
	os.WriteFile(file, nil, 0o644)
	l := &Loader{HTTPClient: srv.Client(), CacheDir: file}
	d, warns, err := l.Load(context.Background(), []string{srv.URL + "/delegated-apnic-latest"})
	if err != nil || d.Len() != 7 || len(warns) != 1 || !strings.Contains(warns[0], "could not cache it") {
		t.Errorf("%v %q", err, warns)
	}
}

func TestHumanAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		30 * time.Minute: "30 minutes", 5 * time.Hour: "5 hours", 72 * time.Hour: "3 days", -time.Second: "an unknown time (its timestamp is in the future)",
	} {
		if got := humanAge(d); got != want {
			t.Errorf("humanAge(%v) = %q, want %q", d, got, want)
		}
	}
}

// The caller's own cancellation (Ctrl-C) says nothing about the host: it is returned as a
// cancellation and not remembered, so the next run downloads at once.
func TestLoaderDoesNotRememberCancellation(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			select { // the first request hangs until the caller cancels
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.Write([]byte(sampleDelegated))
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	l := &Loader{HTTPClient: srv.Client(), CacheDir: dir, Now: clock.Now}
	_, _, err := l.Load(ctx, []string{srv.URL + "/delegated"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled load: want a cancellation, got %v", err)
	}
	if _, serr := os.Stat(l.CachePath(srv.URL+"/delegated") + ".failed"); !os.IsNotExist(serr) {
		t.Errorf("the cancellation was remembered as a failed download (stat: %v)", serr)
	}
	l = &Loader{HTTPClient: srv.Client(), CacheDir: dir, Now: clock.Now}
	if _, _, err := l.Load(context.Background(), []string{srv.URL + "/delegated"}); err != nil || hits.Load() != 2 {
		t.Fatalf("next load after a cancellation: %v, %d requests", err, hits.Load())
	}
}
