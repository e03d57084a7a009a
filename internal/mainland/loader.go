package mainland

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// DefaultAPNICURL is APNIC's delegated statistics file, which covers mainland
// China, Hong Kong, Macau, Taiwan and the rest of the Asia-Pacific region.
const DefaultAPNICURL = "https://ftp.apnic.net/stats/apnic/delegated-apnic-latest"

// Loader defaults.
const (
	// DefaultMaxAge is how long a downloaded file is reused. Registries
	// publish new files daily.
	DefaultMaxAge = 24 * time.Hour
	// DefaultMaxBytes bounds a download (the APNIC file is about 4 MiB, the
	// ip-location-db IPv6 CSV about 17 MiB).
	DefaultMaxBytes = 64 << 20
	// DefaultFailureTTL is how long a failed download is remembered across runs
	// (in CacheDir): runs within it do not try again (and wait for the host again)
	// but use the cached copy, or fail at once, saying when the next try is.
	DefaultFailureTTL = 15 * time.Minute
)

// EmbeddedSource is the location_sources entry naming the location table compiled
// into the provider.
const EmbeddedSource = "embedded"

// Loader loads RIR delegated statistics files from local paths and http(s)
// URLs, caching downloads on disk.
type Loader struct {
	// HTTPClient downloads URLs; nil means http.DefaultClient. Timeouts come
	// from the context given to Load (and the client's own settings).
	HTTPClient *http.Client
	// CacheDir keeps downloaded files (named by a hash of the URL); "" means
	// no cache: every Load downloads.
	CacheDir string
	// MaxAge is how long a cached download is used without downloading again;
	// zero or negative means DefaultMaxAge.
	MaxAge time.Duration
	// MaxBytes bounds the size of a download; zero or negative means
	// DefaultMaxBytes.
	MaxBytes int64
	// FailureTTL is how long a failed download is remembered in CacheDir; zero
	// means DefaultFailureTTL, negative turns the memory off.
	FailureTTL time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// sourceKind is what a list of sources holds: its setting, the format's name, the cache
// file prefix and the parser.
type sourceKind[T any] struct {
	setting, format, prefix, example string
	parse                            func(r io.Reader, name string, at time.Time) (T, error)
}

var rirKind = sourceKind[*RIRData]{
	setting: SettingRIRSources, format: "RIR delegated statistics file", prefix: "rir-", example: DefaultAPNICURL,
	parse: func(r io.Reader, name string, _ time.Time) (*RIRData, error) { return ParseDelegated(r, name) },
}

var locationKind = sourceKind[*LocationTable]{
	setting: SettingLocationSources, format: "location CSV file (start,end,country_code)", prefix: "loc-",
	example: "/data/geo-whois-asn-country-ipv4-num.csv",
	parse: func(r io.Reader, name string, at time.Time) (*LocationTable, error) {
		var b LocationBuilder
		if err := b.ReadCSV(r, name); err != nil {
			return nil, err
		}
		date := ""
		if !at.IsZero() {
			date = at.UTC().Format("2006-01-02")
		}
		return b.Build(LocationInfo{Source: name, Date: date}), nil
	},
}

// Load reads every source — a local path, a file:// URL or an http(s) URL —
// and merges them into one RIRData, parsed once and safe to share. Duplicate
// sources are read once; no sources gives empty data.
//
// A URL is served from CacheDir when its cached copy is younger than MaxAge,
// otherwise downloaded (at most MaxBytes, within ctx's deadline), parsed and
// cached. When a download fails (or is not a valid file) and a cached copy
// exists, the cached copy is used and a warning says how old it is; without a
// cached copy it is an error naming the URL and the settings that fix it. A
// failed download is remembered for FailureTTL: runs within it do not try
// again. Local files are read every time; an unreadable or malformed file is
// an error.
func (l *Loader) Load(ctx context.Context, sources []string) (*RIRData, []string, error) {
	parts, warnings, err := loadAll(l, ctx, indexed(sources), rirKind, map[string]bool{})
	if err != nil {
		return nil, warnings, err
	}
	d, err := Merge(parts...)
	if err != nil {
		return nil, warnings, fmt.Errorf("%s: %w", SettingRIRSources, err)
	}
	return d, warnings, nil
}

// LoadLocation reads the location_sources entries in order: "embedded" is the table
// compiled into the provider (EmbeddedLocation), anything else a local path, file://
// or http(s) URL of a location CSV file in ip-location-db's format (see
// LocationBuilder.ReadCSV), cached and refreshed like Load's URLs. A file's data date is
// its modification date; a URL's the day it was downloaded. Duplicates are read once.
func (l *Loader) LoadLocation(ctx context.Context, sources []string) ([]*LocationTable, []string, error) {
	var rest []entry
	var out []*LocationTable
	var warnings []string
	seen := map[string]bool{}
	for i, raw := range sources {
		if strings.TrimSpace(raw) != EmbeddedSource {
			rest = append(rest, entry{i, raw})
			continue
		}
		// Keep the order: load what came before, then the embedded table.
		tabs, warns, err := loadAll(l, ctx, rest, locationKind, seen)
		warnings = append(warnings, warns...)
		if err != nil {
			return nil, warnings, err
		}
		out, rest = append(out, tabs...), nil
		t, err := EmbeddedLocation()
		if err != nil {
			return nil, warnings, fmt.Errorf("%s[%d] %q: %w", SettingLocationSources, i, raw, err)
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	tabs, warns, err := loadAll(l, ctx, rest, locationKind, seen)
	warnings = append(warnings, warns...)
	if err != nil {
		return nil, warnings, err
	}
	return append(out, tabs...), warnings, nil
}

// entry is a source with its index in the setting, for messages.
type entry struct {
	i   int
	raw string
}

func indexed(sources []string) []entry {
	out := make([]entry, len(sources))
	for i, s := range sources {
		out[i] = entry{i, s}
	}
	return out
}

// loadAll loads sources of one kind, skipping those already in seen.
func loadAll[T any](l *Loader, ctx context.Context, sources []entry, k sourceKind[T], seen map[string]bool) ([]T, []string, error) {
	var parts []T
	var warnings []string
	for _, e := range sources {
		i, raw := e.i, e.raw
		src := strings.TrimSpace(raw)
		if src == "" {
			return nil, warnings, fmt.Errorf("%s[%d] is empty; expected a file path or an https:// URL such as %s", k.setting, i, k.example)
		}
		kind, loc := classifySource(src)
		if seen[kind+" "+loc] {
			continue
		}
		seen[kind+" "+loc] = true
		var d T
		var warn string
		var err error
		switch kind {
		case "url":
			d, warn, err = loadURL(l, ctx, loc, k)
		case "file":
			d, err = loadFile(loc, k)
		default:
			err = fmt.Errorf("%s[%d] %q: unsupported scheme %q; use a file path or an http(s):// URL", k.setting, i, src, kind)
		}
		if err != nil {
			return nil, warnings, err
		}
		if warn != "" {
			warnings = append(warnings, warn)
		}
		parts = append(parts, d)
	}
	return parts, warnings, nil
}

// CheckLocalSources checks, without reading them, that the local files among sources
// exist and are regular files: a misspelled path is a configuration error to report when
// the provider is configured, not when the data is first needed. It returns one error per
// bad entry, keyed by its index; URLs and "embedded" are not checked.
func CheckLocalSources(setting string, sources []string) map[int]error {
	out := map[int]error{}
	for i, raw := range sources {
		src := strings.TrimSpace(raw)
		if src == "" || (setting == SettingLocationSources && src == EmbeddedSource) {
			continue
		}
		kind, loc := classifySource(src)
		if kind != "file" {
			continue
		}
		fi, err := os.Stat(loc)
		switch {
		case err != nil && errors.Is(err, fs.ErrNotExist):
			out[i] = fmt.Errorf("%s[%d]: the file %q does not exist", setting, i, loc)
		case err != nil:
			out[i] = fmt.Errorf("%s[%d]: cannot read %q: %w", setting, i, loc, err)
		case !fi.Mode().IsRegular():
			out[i] = fmt.Errorf("%s[%d]: %q is not a regular file", setting, i, loc)
		}
	}
	return out
}

// classifySource returns ("url", url), ("file", path) or (scheme, src) for an
// unsupported scheme.
func classifySource(src string) (kind, loc string) {
	i := strings.Index(src, "://")
	if i <= 0 {
		return "file", src
	}
	scheme := strings.ToLower(src[:i])
	switch scheme {
	case "http", "https":
		return "url", src
	case "file":
		if u, err := url.Parse(src); err == nil && u.Path != "" {
			return "file", filepath.FromSlash(u.Path)
		}
		return "file", src[i+3:]
	}
	return scheme, src
}

func loadFile[T any](p string, k sourceKind[T]) (T, error) {
	var zero T
	f, err := os.Open(p)
	if err != nil {
		return zero, fmt.Errorf("%s: cannot read %q: %w", k.setting, p, err)
	}
	// Opened read-only: a Close error cannot lose data.
	defer func() { _ = f.Close() }()
	var at time.Time
	if fi, err := f.Stat(); err == nil {
		at = fi.ModTime()
	}
	d, err := k.parse(f, p, at)
	if err != nil {
		return zero, fmt.Errorf("%s: %q is not a valid %s: %w", k.setting, p, k.format, err)
	}
	return d, nil
}

// evidenceName names a URL in evidence: its last path element (e.g.
// "delegated-apnic-latest"), or the URL when it has none.
func evidenceName(u string) string {
	if pu, err := url.Parse(u); err == nil {
		if b := path.Base(pu.Path); b != "" && b != "." && b != "/" {
			return b
		}
	}
	return u
}

// CachePath returns the file an rir_sources URL is cached in, "" without CacheDir.
func (l *Loader) CachePath(u string) string { return l.cachePath(rirKind.prefix, u) }

func (l *Loader) cachePath(prefix, u string) string {
	if l.CacheDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(u))
	return filepath.Join(l.CacheDir, prefix+hex.EncodeToString(sum[:16])+".txt")
}

func (l *Loader) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func loadURL[T any](l *Loader, ctx context.Context, u string, k sourceKind[T]) (T, string, error) {
	var zero T
	name := evidenceName(u)
	maxAge := l.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	now := l.now()
	cache := l.cachePath(k.prefix, u)
	var stale T
	var haveStale bool
	var staleTime time.Time
	if cache != "" {
		if fi, err := os.Stat(cache); err == nil {
			f, err := os.Open(cache)
			if err == nil {
				d, perr := k.parse(f, name, fi.ModTime())
				_ = f.Close() // read-only: a Close error cannot lose data
				if perr == nil {
					age := now.Sub(fi.ModTime())
					if age >= 0 && age < maxAge {
						return d, "", nil
					}
					stale, haveStale, staleTime = d, true, fi.ModTime()
				}
			}
			// An unreadable or damaged cache file is ignored and replaced.
		}
	}
	var err error
	if failedAt, msg, ok := l.recentFailure(cache, now); ok {
		// A download failed a short while ago (this run or an earlier one): do not wait
		// on the host again.
		err = fmt.Errorf("not retried: the download failed %s ago (at %s: %s); the next try is after %s",
			humanAge(now.Sub(failedAt)), failedAt.UTC().Format(time.RFC3339), msg, failedAt.Add(l.failureTTL()).UTC().Format(time.RFC3339))
	} else {
		var body []byte
		body, err = l.download(ctx, u, k.setting)
		if err == nil {
			var d T
			d, err = k.parse(bytes.NewReader(body), name, now)
			if err == nil {
				warn := ""
				if cache != "" {
					if werr := writeCache(cache, body, now); werr != nil {
						warn = fmt.Sprintf("%s: downloaded %s but could not cache it in %s: %v", k.setting, u, l.CacheDir, werr)
					}
					_ = os.Remove(cache + ".failed") // best effort: the memory of an old failure
				}
				return d, warn, nil
			}
			err = fmt.Errorf("the download is not a valid %s: %w", k.format, err)
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			// The caller gave up (Ctrl-C, a cancelled operation): that says nothing about
			// the host, so it is not remembered, and the caller's cancellation is returned
			// as such (a once-per-run cache does not keep it either).
			return zero, "", fmt.Errorf("%s: loading %s stopped: %w", k.setting, u, ctx.Err())
		}
		// Flattened to its text: a timeout must not look like the caller's cancellation
		// (context.DeadlineExceeded), so that the failure is remembered — for the run by
		// the caller's once-per-run cache, and in CacheDir for FailureTTL.
		err = errors.New(err.Error())
		l.rememberFailure(cache, now, err)
	}
	if haveStale {
		return stale, fmt.Sprintf("%s: could not refresh %s (%v); using the copy cached at %s, %s old",
			k.setting, u, err, staleTime.UTC().Format(time.RFC3339), humanAge(now.Sub(staleTime))), nil
	}
	return zero, "", fmt.Errorf("%s: cannot load %s: %w; check that this machine can reach it, set %s to a local copy of the file (or another URL), or declare addresses with %s / %s",
		k.setting, u, err, k.setting, SettingMainlandCIDRs, SettingOffshoreCIDRs)
}

func (l *Loader) failureTTL() time.Duration {
	if l.FailureTTL == 0 {
		return DefaultFailureTTL
	}
	return l.FailureTTL
}

// recentFailure reads the memory of a failed download of the URL cached in cache.
func (l *Loader) recentFailure(cache string, now time.Time) (time.Time, string, bool) {
	if cache == "" || l.failureTTL() < 0 {
		return time.Time{}, "", false
	}
	b, err := os.ReadFile(cache + ".failed")
	if err != nil {
		return time.Time{}, "", false
	}
	stamp, msg, _ := strings.Cut(string(b), "\n")
	at, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil || now.Sub(at) < 0 || now.Sub(at) >= l.failureTTL() {
		return time.Time{}, "", false
	}
	return at, strings.TrimSpace(msg), true
}

// rememberFailure records a failed download next to the cache file (best effort).
func (l *Loader) rememberFailure(cache string, now time.Time, err error) {
	if cache == "" || l.failureTTL() < 0 {
		return
	}
	if os.MkdirAll(filepath.Dir(cache), 0o700) != nil {
		return
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	_ = os.WriteFile(cache+".failed", []byte(now.UTC().Format(time.RFC3339Nano)+"\n"+msg+"\n"), 0o600)
}

func (l *Loader) download(ctx context.Context, u, setting string) ([]byte, error) {
	limit := l.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	client := l.HTTPClient
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "terraform-provider-beian ("+setting+")")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	// The body is read (up to the limit) below; a Close error carries nothing for the caller.
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("the file is %d bytes, more than the limit of %d", resp.ContentLength, limit)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("the file is more than the limit of %d bytes", limit)
	}
	return body, nil
}

// writeCache stores body atomically (temporary file + rename) with the
// modification time set to now, the clock the age is measured with.
func writeCache(p string, body []byte, now time.Time) error {
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".rir-*.tmp")
	if err != nil {
		return err
	}
	// Best-effort cleanup, a no-op after a successful rename: the error that matters is returned below.
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(body); err != nil {
		_ = tmp.Close() // the write error is the one to report
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chtimes(tmp.Name(), now, now); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// humanAge renders an age as "45 minutes", "5 hours" or "3 days".
func humanAge(d time.Duration) string {
	switch {
	case d < 0:
		return "an unknown time (its timestamp is in the future)"
	case d < 2*time.Hour:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}
