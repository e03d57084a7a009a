// Package guard is the ICP guard (备案检查) as a service: given a DNS record, it follows
// it to where it ends (an address, an Alibaba Cloud service in a named region, Alibaba
// Cloud DNS's URL-forwarding servers, a delegation, a host it cannot follow), classifies
// each end as a server in mainland China or not, and, for a mainland server, requires an
// approved ICP filing of the record's registrable domain. It answers with findings —
// what was found, how sure, what blocks the record and what to do next — that the
// provider turns into diagnostics.
//
// The promise is "no silent path": every way a name can end at a mainland server ends in
// a blocking finding or at least a warning that names the record, the server and the
// missing filing. The guard fails closed: a record it could not judge because the cloud
// refused or did not answer blocks it, cause first; only an end no source can place
// (an external host, an unallocated address) is a warning.
//
// Everything the guard asks (zone listings, the account's servers, the ICP filings) is
// asked once per provider run through its dependencies, which cache: judging a thousand
// records costs the same calls as judging one per zone and address.
package guard

import (
	"context"
	"errors"
	"net/netip"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// Enforcement is what a finding that blocks a record becomes: an error that fails the
// plan, or a warning.
type Enforcement string

// Enforcement values, as written in the provider's enforcement setting.
const (
	EnforceError Enforcement = "error"
	EnforceWarn  Enforcement = "warn"
)

// Phase is when a record is judged.
type Phase int

const (
	// Plan judges a record that is created or re-pointed, at plan time.
	Plan Phase = iota
	// Apply judges the same record again just before it is written: values unknown at
	// plan time are known now, and the account is asked again about an address it did
	// not hold at plan time (a server created earlier in the same apply).
	Apply
	// Unchanged re-judges a record that does not change, because its server or its
	// filing may have: what it finds is a warning, never an error (an unrelated apply
	// must not be blocked by a lapsed filing).
	Unchanged
)

// Record is a DNS record as the guard sees it.
type Record struct {
	// Name is the host name the record answers for, e.g. "www.example.com"
	// (lower-case, punycode, no trailing dot).
	Name string
	// Type is the record type: A, AAAA, CNAME, REDIRECT_URL, FORWARD_URL, NS, MX, …
	Type string
	// Value is the record value as the DNS service stores it.
	Value string
	// Enabled is false for a record that does not resolve (status DISABLE).
	Enabled bool
}

// Severity is how a finding is shown.
type Severity int

// Severities.
const (
	Warning Severity = iota
	Error
)

// Kind says what a finding is about; data sources expose it.
type Kind string

// Kinds of findings.
const (
	// KindNoFiling: the record ends at a mainland server and the registrable domain has
	// no approved ICP filing.
	KindNoFiling Kind = "no_filing"
	// KindCannotJudge: the cloud refused or did not answer, so the record could not be
	// judged.
	KindCannotJudge Kind = "cannot_judge"
	// KindUnknownLocation: no source places the end (an unallocated or non-public
	// address, an Alibaba Cloud service whose host name names no region), or only weak
	// evidence does (registry data alone, an account scan that left regions out).
	KindUnknownLocation Kind = "unknown_location"
	// KindUnfollowed: the record points at a host the guard cannot follow (outside the
	// account's zones, missing, a loop, too deep).
	KindUnfollowed Kind = "unfollowed"
	// KindDelegation: an NS record hands the name to other name servers.
	KindDelegation Kind = "delegation"
	// KindForwarding: a URL-forwarding record, served by Alibaba Cloud DNS's forwarding
	// servers; notes about its destination.
	KindForwarding Kind = "forwarding"
	// KindRisk: an approved filing with a rectification deadline.
	KindRisk Kind = "risk"
	// KindUnverifiedFiling: allowed only through declared_filings, which the provider
	// cannot verify.
	KindUnverifiedFiling Kind = "unverified_filing"
	// KindStaleData: the location or registry data used is a stale copy.
	KindStaleData Kind = "stale_data"
	// KindAccountLookup: the account lookup could not use a method of
	// account_lookup_methods and fell back to the next one (said once a run).
	KindAccountLookup Kind = "account_lookup"
)

// Finding is one thing the guard has to say about a record.
type Finding struct {
	Kind     Kind
	Severity Severity
	// Blocks is true for a violation: the record must not be written (with enforcement
	// "error" the finding is an error; with "warn", or for an unchanged record, a
	// warning that still says so).
	Blocks  bool
	Summary string
	Detail  string
}

// End is one place a record ends at.
type End struct {
	// Address is the server's address, when the end is one.
	Address netip.Addr
	// Host is the host name when the end is not an address: a service host name, a
	// forwarding destination, a host the guard could not follow.
	Host string
	// Via is the chain of CNAME targets from the record to the end, in order.
	Via []string
	// Location is where the end is.
	Location mainland.Class
	// Evidence says how the location was decided.
	Evidence string
	// Registrable is the registrable domain whose filing the end needs ("" when it
	// needs none).
	Registrable string
	// Filing is the ICP answer for Registrable.
	Filing icp.Answer
}

// Judgement is everything the guard has to say about one record.
type Judgement struct {
	Record   Record
	Ends     []End
	Findings []Finding
}

// Allowed reports whether nothing the guard found blocks the record.
func (j Judgement) Allowed() bool {
	for _, f := range j.Findings {
		if f.Blocks {
			return false
		}
	}
	return true
}

// Settings build a Guard. They are plain values and interfaces, so a test (or another
// front end than the provider) builds one without the provider's configuration.
type Settings struct {
	Enforcement Enforcement
	// Filings answers "has this registrable domain an approved ICP filing?".
	Filings icpstatus.Source
	// Locator decides where an address is.
	Locator *Locator
	// Zones are the account's DNS zones, to follow CNAME chains through; nil follows none.
	Zones Zones
	// Now is the clock, for rectification deadlines; nil means time.Now.
	Now func() time.Time
}

// Guard judges records. It is safe for concurrent use.
type Guard struct {
	s Settings
}

// New returns a Guard.
func New(s Settings) *Guard {
	if s.Enforcement == "" {
		s.Enforcement = EnforceError
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.Locator == nil {
		s.Locator = NewLocator(LocatorSettings{})
	}
	if s.Filings == nil {
		s.Filings = noFilings{} // fail closed: a mainland end cannot be allowed without an answer
	}
	return &Guard{s: s}
}

// noFilings is the ICP source of a guard built without one: it never knows.
type noFilings struct{}

func (noFilings) Lookup(_ context.Context, registrable string) (icp.Answer, error) {
	return icp.Answer{Domain: registrable, Status: icp.Unknown, Evidence: "no ICP source is configured"}, errors.New("the guard has no ICP source to ask")
}

// Enforcement is the guard's enforcement setting.
func (g *Guard) Enforcement() Enforcement { return g.s.Enforcement }

// Filings is the ICP source the guard asks.
func (g *Guard) Filings() icpstatus.Source { return g.s.Filings }

// Locator is the address classifier the guard uses.
func (g *Guard) Locator() *Locator { return g.s.Locator }

// Judge follows rec to where it ends and judges every end; CNAME targets are followed
// through the account's zones.
func (g *Guard) Judge(ctx context.Context, rec Record, phase Phase) Judgement {
	return g.judge(ctx, rec, phase, nil)
}

// JudgeAll judges each of recs as Judge does, following CNAME targets through the other
// records of recs first (records known to the caller but not, or not yet, in the
// account's zones: the records given to a data source), then through the zones.
func (g *Guard) JudgeAll(ctx context.Context, recs []Record, phase Phase) []Judgement {
	extra := indexRecords(recs)
	out := make([]Judgement, len(recs))
	for i, rec := range recs {
		out[i] = g.judge(ctx, rec, phase, extra)
	}
	return out
}

func (g *Guard) judge(ctx context.Context, rec Record, phase Phase, extra map[string][]Record) Judgement {
	j := Judgement{Record: rec}
	if !rec.Enabled {
		return j // a disabled record does not resolve
	}
	r := resolver{g: g, extra: extra}
	for _, e := range r.resolve(ctx, rec) {
		g.judgeEnd(ctx, &j, e, phase)
	}
	return j
}
