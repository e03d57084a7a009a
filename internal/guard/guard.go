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
//
// A change to one record is judged for every name that reaches it (JudgeChange): the
// guard keeps the run's planned changes (a registry: what each changed record was and
// will be) and sees the account's zones as their first listing in the run with those
// changes laid over it. A record that changes where a name resolves is judged itself and
// for every name that reaches that name through a CNAME chain — in the account's zones
// or among the planned records — each for its own registrable domain's filing. Whichever
// record of a chain the CLI plans or writes last sees the others, so the verdict of a
// plan or an apply does not depend on the order (see changes.go).
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
	// Current judges what a record that the plan changes resolves to now, before the
	// change is written — and after a write that failed, when the record stays where it
	// was: like Unchanged, what it finds is a warning.
	Current
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
	// KindDeclarationConflict: mainland_cidrs / offshore_cidrs place an address on the
	// other side of the border from where the account's own server holding it is.
	KindDeclarationConflict Kind = "declaration_conflict"
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

// Guard judges records. It is safe for concurrent use. One Guard serves one provider
// run: it keeps the run's view of the account's zones and its planned changes.
type Guard struct {
	s Settings
	// zones is the run's first listing of the account's zones, which the guard's view
	// is built on; the run's own writes are in reg, not in a new listing.
	zones zonePins
	// reg holds the changes planned (and, at apply, being written) in this run.
	reg registry
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
// through the account's zones as they are (the run's planned changes are not laid over
// them: Judge is for a record that does not change, and for one judged alone).
func (g *Guard) Judge(ctx context.Context, rec Record, phase Phase) Judgement {
	return g.judge(ctx, rec, phase, view{g: g}, &locCache{})
}

// JudgeAll judges each of recs as Judge does, following CNAME targets through the other
// records of recs first (records known to the caller but not, or not yet, in the
// account's zones: the records given to a data source), then through the zones. Each
// record is also judged for the names of the account's zones that reach it (a CNAME to
// it), with recs in place of those names' own records: a name that would newly resolve
// to a mainland server without a filing blocks the record it reaches.
func (g *Guard) JudgeAll(ctx context.Context, recs []Record, phase Phase) []Judgement {
	v := view{g: g, shadow: indexRecords(recs)}
	v.shadowCNAMEs = cnamesByTarget(v.shadow)
	out := make([]Judgement, len(recs))
	for i, rec := range recs {
		lc := &locCache{}
		out[i] = g.judge(ctx, rec, phase, v, lc)
		// The names that reach a record are judged for a change; records judged as
		// unchanged (live, warnings only) change nothing.
		if rec.Enabled && MayLeadToServer(rec.Type) && phase != Unchanged && phase != Current {
			out[i].Findings = dedupe(append(out[i].Findings, g.reverse(ctx, v, changedNames(nil, &rec), phase, lc, "")...))
		}
	}
	return out
}

// Change is one record's change planned in this run: a create (Old nil), an update, or
// a delete (New nil).
type Change struct {
	Old, New *PlannedRecord
}

// PlannedRecord is one side of a Change.
type PlannedRecord struct {
	Record
	// ID is the record's ID in its zone, "" for a record not written yet: the record
	// with this ID is taken out of the zone's listing in the run's view.
	ID string
	// ValueUnknown is true when the value is known only at apply: names that reach the
	// record are judged again then.
	ValueUnknown bool
}

// JudgeChange registers ch as planned in this run — at Apply, as about to be written —
// and judges it: the new record as Judge does, but with CNAME targets followed through
// the run's view (the zones with every registered change laid over them), and every
// name that reaches the record's name, old or new, through a CNAME chain in that view,
// each for its own registrable domain's filing. A name that would newly resolve to a
// mainland server without an approved filing is a violation of this change: its
// finding names the chain (x3.example.com → origin3.filed.com → 47.96.10.20).
//
// Registering before judging makes the verdict independent of the order of calls:
// of two changes that make a chain together, the one judged second sees the first.
// A change stays registered for the run (a failed write is still counted as made:
// the guard errs on the side of a finding).
func (g *Guard) JudgeChange(ctx context.Context, ch Change, phase Phase) Judgement {
	g.reg.put(ch)
	return g.judgeChange(ctx, ch, phase)
}

// JudgeChanges registers every change of chs, then judges each as JudgeChange does: the
// verdicts of a whole plan known at once (a plan file).
func (g *Guard) JudgeChanges(ctx context.Context, chs []Change, phase Phase) []Judgement {
	for _, ch := range chs {
		g.reg.put(ch)
	}
	out := make([]Judgement, len(chs))
	for i, ch := range chs {
		out[i] = g.judgeChange(ctx, ch, phase)
	}
	return out
}

func (g *Guard) judgeChange(ctx context.Context, ch Change, phase Phase) Judgement {
	v := view{g: g, reg: &g.reg}
	lc := &locCache{}
	var j Judgement
	switch {
	case ch.New != nil && !ch.New.ValueUnknown:
		j = g.judge(ctx, ch.New.Record, phase, v, lc)
	case ch.New != nil:
		j.Record = ch.New.Record
	default:
		j.Record = ch.Old.Record
	}
	var oldRec, newRec *Record
	if ch.Old != nil {
		oldRec = &ch.Old.Record
	}
	if ch.New != nil && !ch.New.ValueUnknown {
		newRec = &ch.New.Record
	}
	if names := changedNames(oldRec, newRec); len(names) > 0 {
		j.Findings = dedupe(append(j.Findings, g.reverse(ctx, v, names, phase, lc, describeChange(ch))...))
	}
	return j
}

func (g *Guard) judge(ctx context.Context, rec Record, phase Phase, v view, lc *locCache) Judgement {
	j := Judgement{Record: rec}
	if !rec.Enabled {
		return j // a disabled record does not resolve
	}
	r := resolver{v: v}
	for _, e := range r.resolve(ctx, rec) {
		g.judgeEnd(ctx, &j, e, phase, lc)
	}
	return j
}
