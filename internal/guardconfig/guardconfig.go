// Package guardconfig builds the ICP guard and its Alibaba Cloud client from plain
// settings named as the provider's arguments (enforcement, icp_source,
// declared_filings, mainland_cidrs, offshore_cidrs, location_sources, rir_sources,
// rir_cache_max_age, account_lookup; access_key, profile, region, endpoints, …).
//
// The provider (internal/provider/provider.go and guard_settings.go) and beian-guard
// (cmd/beian-guard) both build their guard here, so a record is judged with the same
// sources, in the same order, with the same defaults, whichever front end asks. Nothing
// here imports the plugin framework: a bad setting is a Problem naming the argument
// (and the list entry or map key), which each front end reports its own way.
package guardconfig

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// Argument names, as written in the provider block and in .beian-guard.hcl.
const (
	ArgEnforcement     = "enforcement"
	ArgICPSource       = "icp_source"
	ArgDeclaredFilings = "declared_filings"
	ArgMainlandCIDRs   = mainland.SettingMainlandCIDRs
	ArgOffshoreCIDRs   = mainland.SettingOffshoreCIDRs
	ArgLocationSources = mainland.SettingLocationSources
	ArgRIRSources      = mainland.SettingRIRSources
	ArgRIRCacheMaxAge  = "rir_cache_max_age"
	ArgAccountLookup   = "account_lookup"
)

// MaxRIRCacheAge is the longest rir_cache_max_age accepted: address blocks are
// reallocated, and data a year old misplaces them.
const MaxRIRCacheAge = 365 * 24 * time.Hour

// Guard holds the guard settings of a provider block. The zero value is the
// provider's defaults: enforcement "error", icp_source "companyreg", the embedded
// location data, no registry data, the account's servers asked.
type Guard struct {
	Enforcement     string            // "error" (default) or "warn"
	ICPSource       string            // "companyreg" (default), "beian" or "declared"
	DeclaredFilings map[string]string // domain → ICP number
	MainlandCIDRs   []string
	OffshoreCIDRs   []string
	// LocationSources nil means the default, ["embedded"]; an empty list turns location
	// data off.
	LocationSources []string
	RIRSources      []string
	RIRCacheMaxAge  string // a duration; "" means mainland.DefaultMaxAge
	AccountLookup   *bool  // nil means true
}

// Problem is a setting that cannot be used: the argument, the list entry (Index ≥ 0) or
// map key that holds it, and what to write instead.
type Problem struct {
	Setting string
	Index   int    // the list entry, or -1
	Key     string // the map key, or ""
	Summary string
	Detail  string
}

// Error reads as the diagnostic would: the summary, then the detail.
func (p Problem) Error() string { return p.Summary + ": " + p.Detail }

// Where names the setting, with the entry or key: mainland_cidrs[2],
// declared_filings["example.com"].
func (p Problem) Where() string {
	switch {
	case p.Index >= 0:
		return fmt.Sprintf("%s[%d]", p.Setting, p.Index)
	case p.Key != "":
		return fmt.Sprintf("%s[%q]", p.Setting, p.Key)
	}
	return p.Setting
}

func problem(setting, summary, detail string) Problem {
	return Problem{Setting: setting, Index: -1, Summary: summary, Detail: detail}
}

// Settings builds the guard's settings. client is the Alibaba Cloud client of the run;
// nil builds a guard that never calls the cloud (no account lookup, no zones to follow
// CNAMEs through; with an API icp_source, every mainland end not in declared_filings
// cannot be judged). now is the clock (nil = time.Now).
func (g Guard) Settings(client *aliyun.Client, now func() time.Time) (guard.Settings, []Problem) {
	var problems []Problem
	s := guard.Settings{Enforcement: guard.EnforceError, Now: now}
	if client != nil {
		s.Zones = Zones(client)
	}
	switch g.Enforcement {
	case "", string(guard.EnforceError):
	case string(guard.EnforceWarn):
		s.Enforcement = guard.EnforceWarn
	default:
		problems = append(problems, problem(ArgEnforcement, "Invalid enforcement",
			fmt.Sprintf("enforcement = %q: write \"error\" (a violation fails) or \"warn\" (a violation only warns).", g.Enforcement)))
	}

	declared, err := icpstatus.NewDeclared(g.DeclaredFilings)
	if err != nil {
		p := problem(ArgDeclaredFilings, "Invalid declared ICP filing (备案号)", err.Error())
		p.Key = declaredKey(g.DeclaredFilings, err)
		problems = append(problems, p)
	}
	chain := icpstatus.Chain{Declared: declared}
	switch g.ICPSource {
	case "", icpstatus.SourceCompanyreg:
		chain.Primary = icpstatus.Companyreg{Client: client}
	case icpstatus.SourceBeian:
		chain.Primary = icpstatus.Beian{Client: client}
	case icpstatus.SourceDeclared:
	default:
		problems = append(problems, problem(ArgICPSource, "Invalid icp_source",
			fmt.Sprintf("icp_source = %q: write one of %s.", g.ICPSource, strings.Join(icpstatus.Sources, ", "))))
	}
	if chain.Primary != nil && client == nil {
		// Fail closed: without a client the API source cannot answer, so a mainland end
		// cannot be allowed by it (declared_filings still can).
		src := g.ICPSource
		if src == "" {
			src = icpstatus.SourceCompanyreg
		}
		chain.Primary = noClient{source: src}
	}
	s.Filings = chain

	decl, err := mainland.NewDeclared(g.MainlandCIDRs, g.OffshoreCIDRs)
	if de := (*mainland.DeclaredError)(nil); errors.As(err, &de) {
		problems = append(problems, Problem{Setting: de.Setting, Index: de.Index, Summary: "Invalid " + de.Setting + " entry",
			Detail: err.Error() + ". Write CIDRs like 203.0.113.0/24 or single addresses like 203.0.113.7."})
	}
	ls := guard.LocatorSettings{Declared: decl, LocationSources: []string{mainland.EmbeddedSource}}
	if client != nil && (g.AccountLookup == nil || *g.AccountLookup) {
		ls.Account = client
	}
	// No download by default: the embedded location table decides, rir_sources is empty.
	if g.LocationSources != nil {
		ls.LocationSources = g.LocationSources
	}
	ls.RIRSources = g.RIRSources
	// A misspelled local path is a configuration error, not a warning at first use.
	for _, src := range []struct {
		setting, what string
		list          []string
	}{{ArgLocationSources, "location data file", ls.LocationSources}, {ArgRIRSources, "registry file", ls.RIRSources}} {
		bad := mainland.CheckLocalSources(src.setting, src.list)
		for i := range src.list {
			if err, ok := bad[i]; ok {
				problems = append(problems, Problem{Setting: src.setting, Index: i, Summary: "Invalid " + src.setting + ": " + src.what + " not found",
					Detail: err.Error() + ". Fix the path (relative paths are resolved from the directory the command runs in), or remove the entry."})
			}
		}
	}
	maxAge := mainland.DefaultMaxAge
	if g.RIRCacheMaxAge != "" {
		d, msg := RIRCacheMaxAge.Parse(ArgRIRCacheMaxAge, g.RIRCacheMaxAge)
		if msg != "" {
			problems = append(problems, problem(ArgRIRCacheMaxAge, "Invalid rir_cache_max_age", msg))
		} else {
			maxAge = d
		}
	}
	cacheDir := ""
	if dir, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(dir, "terraform-provider-beian", "rir")
	}
	ls.Loader = &mainland.Loader{CacheDir: cacheDir, MaxAge: maxAge}
	s.Locator = guard.NewLocator(ls)
	return s, problems
}

// declaredKey finds the key of declared_filings that err (from icpstatus.NewDeclared,
// which checks the keys in sorted order and names the key it stopped at) is about.
func declaredKey(in map[string]string, err error) string {
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.HasPrefix(err.Error(), fmt.Sprintf("declared_filings[%q]", k)) {
			return k
		}
	}
	return ""
}

// noClient is the API ICP source of a guard built without an Alibaba Cloud client: it
// never knows.
type noClient struct{ source string }

func (n noClient) Lookup(_ context.Context, registrable string) (icp.Answer, error) {
	return icp.Answer{Domain: registrable, Status: icp.Unknown, Source: n.source, Evidence: "icp_source = \"" + n.source + "\" asks Alibaba Cloud"},
		fmt.Errorf("icp_source = %q needs Alibaba Cloud credentials, and there are none: give credentials, or set icp_source = \"declared\" and list the filings in declared_filings", n.source)
}
