package mainland

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
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
	// DefaultMaxBytes bounds a download (the APNIC file is about 4 MiB).
	DefaultMaxBytes = 64 << 20
)

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
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Load reads every source — a local path, a file:// URL or an http(s) URL —
// and merges them into one RIRData, parsed once and safe to share. Duplicate
// sources are read once; no sources gives empty data.
//
// A URL is served from CacheDir when its cached copy is younger than MaxAge,
// otherwise downloaded (at most MaxBytes, within ctx's deadline), parsed and
// cached. When a download fails (or is not a valid file) and a cached copy
// exists, the cached copy is used and a warning says how old it is; without a
// cached copy it is an error naming the URL and the settings that fix it.
// Local files are read every time; an unreadable or malformed file is an
// error.
func (l *Loader) Load(ctx context.Context, sources []string) (*RIRData, []string, error) {
	var parts []*RIRData
	var warnings []string
	seen := map[string]bool{}
	for i, raw := range sources {
		src := strings.TrimSpace(raw)
		if src == "" {
			return nil, warnings, fmt.Errorf("%s[%d] is empty; expected a file path or an https:// URL such as %s", SettingRIRSources, i, DefaultAPNICURL)
		}
		kind, loc := classifySource(src)
		if seen[kind+" "+loc] {
			continue
		}
		seen[kind+" "+loc] = true
		var d *RIRData
		var warn string
		var err error
		switch kind {
		case "url":
			d, warn, err = l.loadURL(ctx, loc)
		case "file":
			d, err = loadFile(loc)
		default:
			err = fmt.Errorf("%s[%d] %q: unsupported scheme %q; use a file path or an http(s):// URL", SettingRIRSources, i, src, kind)
		}
		if err != nil {
			return nil, warnings, err
		}
		if warn != "" {
			warnings = append(warnings, warn)
		}
		parts = append(parts, d)
	}
	d, err := Merge(parts...)
	if err != nil {
		return nil, warnings, fmt.Errorf("%s: %w", SettingRIRSources, err)
	}
	return d, warnings, nil
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

func loadFile(p string) (*RIRData, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read %q: %w", SettingRIRSources, p, err)
	}
	// Opened read-only: a Close error cannot lose data.
	defer func() { _ = f.Close() }()
	d, err := ParseDelegated(f, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a valid RIR delegated statistics file: %w", SettingRIRSources, p, err)
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

// CachePath returns the file a URL is cached in, "" without CacheDir.
func (l *Loader) CachePath(u string) string {
	if l.CacheDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(u))
	return filepath.Join(l.CacheDir, "rir-"+hex.EncodeToString(sum[:16])+".txt")
}

func (l *Loader) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Loader) loadURL(ctx context.Context, u string) (*RIRData, string, error) {
	name := evidenceName(u)
	maxAge := l.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	now := l.now()
	cache := l.CachePath(u)
	var stale *RIRData
	var staleTime time.Time
	if cache != "" {
		if fi, err := os.Stat(cache); err == nil {
			f, err := os.Open(cache)
			if err == nil {
				d, perr := ParseDelegated(f, name)
				_ = f.Close() // read-only: a Close error cannot lose data
				if perr == nil {
					age := now.Sub(fi.ModTime())
					if age >= 0 && age < maxAge {
						return d, "", nil
					}
					stale, staleTime = d, fi.ModTime()
				}
			}
			// An unreadable or damaged cache file is ignored and replaced.
		}
	}
	body, err := l.download(ctx, u)
	if err == nil {
		var d *RIRData
		d, err = ParseDelegated(bytes.NewReader(body), name)
		if err == nil {
			warn := ""
			if cache != "" {
				if werr := writeCache(cache, body, now); werr != nil {
					warn = fmt.Sprintf("%s: downloaded %s but could not cache it in %s: %v", SettingRIRSources, u, l.CacheDir, werr)
				}
			}
			return d, warn, nil
		}
		err = fmt.Errorf("the download is not a valid RIR delegated statistics file: %w", err)
	}
	if stale != nil {
		return stale, fmt.Sprintf("%s: could not refresh %s (%v); using the copy cached at %s, %s old",
			SettingRIRSources, u, err, staleTime.UTC().Format(time.RFC3339), humanAge(now.Sub(staleTime))), nil
	}
	return nil, "", fmt.Errorf("%s: cannot load %s: %w; check that this machine can reach it, set %s to a local copy of the file (or another URL), or declare addresses with %s / %s",
		SettingRIRSources, u, err, SettingRIRSources, SettingMainlandCIDRs, SettingOffshoreCIDRs)
}

func (l *Loader) download(ctx context.Context, u string) ([]byte, error) {
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
	req.Header.Set("User-Agent", "terraform-provider-beian (rir_sources)")
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
