package guard

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// AccountLookup finds which resource of the caller's cloud account holds an address
// (aliyun.Client implements it, cheaply: the provider's region first, filtered by the
// address, and one scan of every region a run). fresh asks again instead of using a
// kept "not found".
type AccountLookup interface {
	LookupAddress(ctx context.Context, addr netip.Addr, fresh bool) (aliyun.AddressLookup, error)
}

// LocatorSettings build a Locator.
type LocatorSettings struct {
	// Declared holds mainland_cidrs / offshore_cidrs.
	Declared *mainland.Declared
	// Account is the cloud account's address lookup; nil when account_lookup = false.
	Account AccountLookup
	// LocationSources are location_sources (mainland.EmbeddedSource for the table
	// embedded in the provider), RIRSources are rir_sources; Loader loads both.
	LocationSources, RIRSources []string
	Loader                      *mainland.Loader
	// LoadTimeout bounds loading the location or registry data; 0 means 2 minutes.
	LoadTimeout time.Duration
}

// Location is where an address is, as far as the guard can tell. For an answer of the
// embedded location data, the Verdict names every source consulted (Sources), which
// decided (Decided), whether they agreed (Agreed), and a Caution when an offshore answer
// could hide a mainland server (a source says CN, or only geolocation places it offshore
// inside a network serving both sides): the guard then warns instead of staying silent
// (judge.go).
type Location struct {
	mainland.Verdict
	// CloudErr is set when the account could not be searched (credentials, network,
	// throttling after retries): the verdict then rests on location or registry data
	// alone, which the account ranks above, or is Unknown only because the cloud did not
	// answer. (A declared address never asks the account.)
	CloudErr error
	// Skipped names the parts of the account scan left out for lack of permission (or a
	// product not activated): a server of the account there would not have been seen.
	Skipped []string
	// Stale are notes about the data used (a stale cached copy of a download), each
	// given once per run: to the first address whose classification used the data.
	Stale []string
	// Conflict says, once per run and address, that the account holds an address a
	// declaration (mainland_cidrs / offshore_cidrs) places on the other side.
	Conflict string
	// AccountNotes say that the account lookup fell back from a method of
	// account_lookup_methods it could not use, each once per run (aliyun.AddressLookup.Notes).
	AccountNotes []string
}

// Locator decides where an address is: the declared CIDRs, then the cloud account's own
// servers, then location data (by default the embedded table, decoded on first need —
// three sources combined by mainland.LocationMeta.Decide: origin networks known to serve
// one side only, then two geolocation sources), then registry data (rir_sources, loaded
// only when nothing else decides). Each source is loaded once per run. It is safe for
// concurrent use.
type Locator struct {
	s   LocatorSettings
	loc memo.Value[loaded[[]*mainland.LocationTable]]
	rir memo.Value[loaded[*mainland.RIRData]]
	// told are the stale-data notes already given, so a stale download is said once a
	// run, not once per record.
	told sync.Map
}

// loaded is location or registry data once loaded, with the loader's notes.
type loaded[T any] struct {
	data  T
	stale []string
}

// NewLocator returns a Locator.
func NewLocator(s LocatorSettings) *Locator {
	if s.Loader == nil {
		s.Loader = &mainland.Loader{}
	}
	if s.LoadTimeout <= 0 {
		s.LoadTimeout = 2 * time.Minute
	}
	return &Locator{s: s}
}

// accountAdapter adapts an AccountLookup to mainland.AccountLookup for one question.
type accountAdapter struct {
	a       AccountLookup
	fresh   bool
	skipped *[]string
	notes   *[]string
}

func (a accountAdapter) LookupIP(ctx context.Context, addr netip.Addr) (mainland.AccountResource, bool, error) {
	ans, err := a.a.LookupAddress(ctx, addr, a.fresh)
	if err != nil {
		return mainland.AccountResource{}, false, err
	}
	*a.skipped = ans.Skipped
	*a.notes = append(*a.notes, ans.Notes...)
	return mainland.AccountResource{Kind: ans.Held.Kind, ID: ans.Held.ID, Region: ans.Held.Region}, ans.Found, nil
}

// Locate classifies addr for phase: at Apply the account is asked again about an
// address it did not hold before. The account is asked for every address the declared
// CIDRs do not settle, unchanged records' too: it ranks above location data, which
// places some blocks of Alibaba Cloud's mainland regions abroad; its answers are kept
// for the run, so this costs a call per distinct address at most.
func (l *Locator) Locate(ctx context.Context, addr netip.Addr, phase Phase) Location {
	var skipped, notes []string
	c := mainland.Classifier{Declared: l.s.Declared}
	if l.s.Account != nil {
		c.Account = accountAdapter{a: l.s.Account, fresh: phase == Apply, skipped: &skipped, notes: &notes}
	}
	v, accErr := c.Classify(ctx, addr)
	out := Location{Verdict: v, CloudErr: accErr, Skipped: skipped, AccountNotes: notes}
	if !addr.IsValid() {
		return out
	}
	if v.Class == mainland.Unknown { // also when the account lookup failed
		data := l.withData(ctx, addr, c.Account, accErr)
		out.Verdict, out.Stale = data.Verdict, l.untold(data.Stale)
	}
	if v.Source == mainland.SourceDeclared {
		out.Conflict = l.declaredConflict(ctx, addr, v)
	}
	if accErr != nil {
		out.Evidence += "; the cloud account could not be searched (account_lookup): " + accErr.Error()
	} else if len(skipped) > 0 && out.Source != mainland.SourceDeclared && out.Source != mainland.SourceAccount {
		out.Evidence += "; the cloud account scan left out (no permission or product not activated): " + strings.Join(skipped, "; ")
	}
	out.AccountNotes = notes // with any the data's classification drew
	return out
}

// declaredConflict asks the account about an address a declaration placed (the
// declaration still decides: it ranks first) and says so when the account holds it in
// a region on the other side of the border — a server of the account in cn-hangzhou
// inside offshore_cidrs is allowed without a filing on the declaration's word alone.
// The lookup is the account's ordinary one (the provider's region first, then the run's
// one scan of every region), kept for the run; when it fails, or account_lookup is
// off, nothing is said. Each conflict is said once a run.
func (l *Locator) declaredConflict(ctx context.Context, addr netip.Addr, v mainland.Verdict) string {
	if l.s.Account == nil || mainland.NonPublic(addr) != "" {
		return "" // no server of a cloud account holds a private or documentation address
	}
	ans, err := l.s.Account.LookupAddress(ctx, addr, false)
	if err != nil || !ans.Found {
		return ""
	}
	held, inMainland := ans.Held, icp.IsMainlandRegion(ans.Held.Region)
	if inMainland == (v.Class == mainland.Mainland) {
		return ""
	}
	side, other := "outside mainland China", "a mainland region"
	if v.Class == mainland.Mainland {
		side, other = "in mainland China", "a region outside mainland China"
	}
	note := fmt.Sprintf("%s places %s %s, but %s is %s %s in %s, %s. The declaration decides (it ranks above the account); "+
		"if it is wrong, correct mainland_cidrs / offshore_cidrs, or the ICP guard (备案检查) judges this server on the wrong side of the border.",
		v.Evidence, addr, side, addr, article(held.Kind), held.Kind+" "+held.ID, held.Region, other)
	if n := l.untold([]string{note}); len(n) > 0 {
		return n[0]
	}
	return ""
}

func article(kind string) string {
	if strings.HasPrefix(kind, "E") { // ECS instance, EIP
		return "an"
	}
	return "a"
}

// untold keeps the notes not yet given this run.
func (l *Locator) untold(notes []string) []string {
	var out []string
	for _, n := range notes {
		if _, told := l.told.LoadOrStore(n, true); !told {
			out = append(out, n)
		}
	}
	return out
}

// withData classifies addr with the declared CIDRs, account (when it answered), and the
// location and registry data, loading the data on first need.
func (l *Locator) withData(ctx context.Context, addr netip.Addr, account mainland.AccountLookup, accErr error) Location {
	c := mainland.Classifier{Declared: l.s.Declared}
	if accErr == nil {
		c.Account = account // it answers from the run's cache by now
	}
	var out Location
	if mainland.NonPublic(addr) != "" {
		v, _ := c.Classify(ctx, addr)
		out.Verdict = v
		return out
	}
	var notes []string
	if len(l.s.LocationSources) > 0 {
		ls, err := l.loc.Get(ctx, l.s.LoadTimeout, func(ctx context.Context) (loaded[[]*mainland.LocationTable], error) {
			tabs, warns, err := l.s.Loader.LoadLocation(ctx, l.s.LocationSources)
			return loaded[[]*mainland.LocationTable]{data: tabs, stale: warns}, err
		})
		if err != nil {
			// Not an error of the check: the address falls through to the registry data or
			// stays Unknown, and the evidence says why.
			notes = append(notes, fmt.Sprintf("the location data of %s could not be loaded: %v", mainland.SettingLocationSources, err))
		} else {
			c.Location, out.Stale = ls.data, append(out.Stale, ls.stale...)
		}
	}
	v, _ := c.Classify(ctx, addr)
	if v.Class == mainland.Unknown && len(l.s.RIRSources) > 0 {
		rs, err := l.rir.Get(ctx, l.s.LoadTimeout, func(ctx context.Context) (loaded[*mainland.RIRData], error) {
			data, warns, err := l.s.Loader.Load(ctx, l.s.RIRSources)
			return loaded[*mainland.RIRData]{data: data, stale: warns}, err
		})
		if err != nil {
			notes = append(notes, fmt.Sprintf("the registry data of %s could not be loaded: %v", mainland.SettingRIRSources, err))
		} else {
			c.RIR, out.Stale = rs.data, append(out.Stale, rs.stale...)
			v, _ = c.Classify(ctx, addr)
		}
	}
	out.Verdict = v
	for _, n := range notes {
		out.Evidence += "; " + n
	}
	return out
}
