package guard

// The run's view of the account's DNS and its planned changes, and the reverse paths: a
// change to one record is judged for every name that reaches it.
//
// Design (order independence). The CLI sends each resource's PlanResourceChange and
// ApplyResourceChange separately, in an order it chooses (dependencies, -parallelism),
// to one provider process per command. The guard therefore keeps, for the process:
//
//   - the zones as first listed in the run (zonePins): one listing per zone and run,
//     whatever is written later, so judging costs no listing per record, also at apply
//     when every write would otherwise make the zone's next read a new listing;
//   - a registry of the run's planned changes (registry): each change is put there
//     before it is judged — at plan by ModifyPlan, at apply again just before the write —
//     and stays there, so the run's own writes are part of the view without listing the
//     zones again;
//   - the view (view) a judgement sees: the pinned zones, without the records the
//     registered changes take out (by record ID), with the records they put in.
//
// A change is judged forward (where the new record ends, through the view) and in
// reverse (which names reach the changed name through CNAME chains in the view, and
// whether any of them would newly resolve to a mainland server without a filing —
// "newly" against the zones as they are, without the registered changes). Of the records
// that make a chain together, whichever is judged last sees the others registered, so a
// plan or an apply gives the same errors in any order; at apply every write is judged
// against the zones as the run has written them so far plus everything about to be
// written, so no write completes a chain that a concurrent one is judged without.

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"sync"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/dnsrecord"
	"github.com/beian-dev/terraform-provider-beian/internal/memo"
)

// zonePins is the run's first listing of the account's zones, and the index of CNAMEs
// built from it.
type zonePins struct {
	names   memo.Value[[]string]
	zones   memo.Map[*pinnedZone]
	reverse memo.Value[*reverseIndex]
}

// zrec is a record of a pinned zone.
type zrec struct {
	id, rr, typ, value string
	enabled            bool
}

// pinnedZone is a zone's records by host record (lower case).
type pinnedZone struct {
	name string
	byRR map[string][]zrec
}

// zoneNames are the account's zones, listed once a run.
func (g *Guard) zoneNames(ctx context.Context) ([]string, error) {
	return g.zones.names.Get(ctx, 0, func(ctx context.Context) ([]string, error) {
		return g.s.Zones.ZoneNames(ctx)
	})
}

// zone is a zone's records as first listed in the run.
func (g *Guard) zone(ctx context.Context, name string) (*pinnedZone, error) {
	return g.zones.zones.Get(ctx, name, 0, func(ctx context.Context) (*pinnedZone, error) {
		recs, err := g.s.Zones.ZoneRecords(ctx, name)
		if err != nil {
			return nil, err
		}
		pz := &pinnedZone{name: name, byRR: make(map[string][]zrec, len(recs))}
		for _, r := range recs {
			rr := strings.ToLower(r.RR)
			pz.byRR[rr] = append(pz.byRR[rr], zrec{id: r.ID, rr: rr, typ: strings.ToUpper(r.Type), value: r.Value,
				enabled: r.Enabled})
		}
		return pz, nil
	})
}

// view is what a judgement sees of the account's DNS: the zones as first listed in the
// run, with the run's registered changes laid over them (reg), or with the records a
// data source was given in place of those names' own (shadow). The zero overlay is the
// account as it is.
type view struct {
	g      *Guard
	reg    *registry
	shadow map[string][]Record
	// shadowCNAMEs are the names of shadow's enabled CNAME records, by target.
	shadowCNAMEs map[string][]string
}

// cnamesByTarget indexes the enabled CNAME records of recs (by name) by their target.
func cnamesByTarget(recs map[string][]Record) map[string][]string {
	out := map[string][]string{}
	for name, rs := range recs {
		for _, r := range rs {
			if r.Enabled && strings.EqualFold(strings.TrimSpace(r.Type), "CNAME") {
				t := canonicalName(r.Value)
				out[t] = append(out[t], name)
			}
		}
	}
	return out
}

// base is the same account without the overlay.
func (v view) base() view { return view{g: v.g} }

// records returns the records that answer for host in the view (none when why says why
// not), or an end the lookup stops at (the zones could not be read, or the host is in
// none of them).
func (v view) records(ctx context.Context, host string) (recs []hostRecord, why string, stop *end) {
	if given := v.shadow[host]; len(given) > 0 {
		return hostRecords(given), "none of the records given for it is an enabled A, AAAA or CNAME record", nil
	}
	planned := v.reg.added(host)
	if v.g.s.Zones == nil {
		if len(planned) > 0 {
			return planned, "", nil
		}
		return nil, "", &end{kind: endUnfollowed, host: host, why: "the provider does not look CNAME targets up in the account's zones here"}
	}
	zones, err := v.g.zoneNames(ctx)
	if err != nil {
		return nil, "", &end{kind: endCannotList, host: host, err: err}
	}
	zone := longestZone(zones, host)
	if zone == "" {
		if len(planned) > 0 {
			return planned, "", nil // a zone this run adds (a domain registered in the same apply)
		}
		return nil, "", &end{kind: endUnfollowed, host: host,
			why: "it is not in any zone of this Alibaba Cloud account's DNS, and the provider does not resolve names outside them"}
	}
	pz, err := v.g.zone(ctx, zone)
	if err != nil {
		if !aliyun.IsNotFound(err) {
			// The zone exists but could not be listed (throttled, unreachable): the records
			// already at the host are unknown, so the planned ones alone prove nothing —
			// fail closed.
			return nil, "", &end{kind: endCannotList, host: host, err: err}
		}
		if len(planned) > 0 {
			return planned, "", nil // the zone is gone: only this run's records are there
		}
		return nil, "", &end{kind: endUnfollowed, host: host, why: "its zone " + zone + " could not be listed: " + err.Error()}
	}
	return zoneRecordsFor(v.at(pz), zone, host), "the zone " + zone + " of this account has no enabled A, AAAA or CNAME record for it", nil
}

// at returns a function giving the zone's records at a host record in the view.
func (v view) at(pz *pinnedZone) func(rr string) []hostRecord {
	return func(rr string) []hostRecord {
		rr = strings.ToLower(rr)
		name := dnsrecord.FQDN(rr, pz.name)
		var out []hostRecord
		for _, z := range pz.byRR[rr] {
			if v.reg.removes(z.id, name, z.typ, z.value) {
				continue
			}
			out = append(out, hostRecord{Record: Record{Name: name, Type: z.typ, Value: z.value, Enabled: z.enabled}})
		}
		return append(out, v.reg.added(name)...)
	}
}

// registry holds the run's planned changes: what each changed record was (taken out of
// the view) and will be (put in). Safe for concurrent use; every lookup takes the lock
// for its own duration only, so a judgement sees every change registered before it
// started and perhaps some registered while it runs.
type registry struct {
	mu    sync.Mutex
	byKey map[string]Change
	// out counts the registered changes that take a record out: "id <ID>", or
	// "rec <name> <type> <value>" for a record known without its ID.
	out map[string]int
	// in are the records the registered changes put in, by name.
	in map[string][]keyed
	// cnames are the names of the records put in that are CNAMEs, by target.
	cnames map[string]map[string]int
	seq    int
}

// keyed is a record put in by the change with key.
type keyed struct {
	key string
	rec hostRecord
}

func recKey(name, typ, value string) string {
	typ = strings.ToUpper(strings.TrimSpace(typ))
	return "rec " + canonicalName(name) + " " + typ + " " + dnsrecord.CanonicalValue(typ, value)
}

// changeKey identifies a change, so that the same record planned again (the CLI plans
// every record again in the apply, just before writing it) replaces its entry.
func (r *registry) changeKey(ch Change) string {
	switch {
	case ch.Old != nil && ch.Old.ID != "":
		return "id " + ch.Old.ID
	case ch.New != nil && !ch.New.ValueUnknown:
		return "new " + recKey(ch.New.Name, ch.New.Type, ch.New.Value)
	case ch.New != nil:
		r.seq++
		return fmt.Sprintf("new %s %s unknown #%d", canonicalName(ch.New.Name), strings.ToUpper(ch.New.Type), r.seq)
	case ch.Old != nil:
		return "old " + recKey(ch.Old.Name, ch.Old.Type, ch.Old.Value)
	}
	return ""
}

// put registers ch, replacing an earlier registration of the same change.
func (r *registry) put(ch Change) {
	if ch.Old == nil && ch.New == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKey == nil {
		r.byKey, r.out, r.in, r.cnames = map[string]Change{}, map[string]int{}, map[string][]keyed{}, map[string]map[string]int{}
	}
	key := r.changeKey(ch)
	if prev, ok := r.byKey[key]; ok {
		r.apply(key, prev, -1)
	}
	r.byKey[key] = ch
	r.apply(key, ch, 1)
}

// apply adds (d = 1) or removes (d = -1) what ch contributes to the overlay.
func (r *registry) apply(key string, ch Change, d int) {
	if o := ch.Old; o != nil {
		k := recKey(o.Name, o.Type, o.Value)
		if o.ID != "" {
			k = "id " + o.ID
		}
		if r.out[k] += d; r.out[k] <= 0 {
			delete(r.out, k)
		}
	}
	n := ch.New
	if n == nil {
		return
	}
	name := canonicalName(n.Name)
	typ := strings.ToUpper(strings.TrimSpace(n.Type))
	rec := hostRecord{Record: Record{Name: name, Type: typ, Value: dnsrecord.CanonicalValue(typ, n.Value), Enabled: n.Enabled}, pending: n.ValueUnknown}
	if d > 0 {
		r.in[name] = append(r.in[name], keyed{key: key, rec: rec})
	} else {
		kept := r.in[name][:0]
		for _, k := range r.in[name] {
			if k.key != key {
				kept = append(kept, k)
			}
		}
		if len(kept) == 0 {
			delete(r.in, name)
		} else {
			r.in[name] = kept
		}
	}
	if typ == "CNAME" && !n.ValueUnknown && n.Enabled {
		target := canonicalName(n.Value)
		if r.cnames[target] == nil {
			r.cnames[target] = map[string]int{}
		}
		if r.cnames[target][name] += d; r.cnames[target][name] <= 0 {
			delete(r.cnames[target], name)
		}
	}
}

// removes reports whether a registered change takes the record out of the view.
func (r *registry) removes(id, name, typ, value string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.out) == 0 {
		return false
	}
	return (id != "" && r.out["id "+id] > 0) || r.out[recKey(name, typ, value)] > 0
}

// added returns the records registered changes put in for name.
func (r *registry) added(name string) []hostRecord {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []hostRecord
	for _, k := range r.in[name] {
		out = append(out, k.rec)
	}
	return out
}

// sourcesOf returns the names of records put in that are CNAMEs to target, or, with
// below, to any name below target.
func (r *registry) sourcesOf(target string, below bool) []string {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for n := range r.cnames[target] {
		out = append(out, n)
	}
	if below {
		for t, names := range r.cnames {
			if strings.HasSuffix(t, "."+target) {
				for n := range names {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// reverseIndex holds every enabled CNAME of the account's zones as first listed in the
// run, by target.
type reverseIndex struct {
	byTarget map[string][]revSource
}

// revSource is a CNAME record of a zone.
type revSource struct {
	name, id, value string
}

// reverseIndex lists every zone of the account once a run (the listings the guard pins)
// and indexes their CNAMEs by target. A zone that no longer exists is left out; any other
// failure fails the index (and the judgement fails closed).
func (g *Guard) reverseIndex(ctx context.Context) (*reverseIndex, error) {
	return g.zones.reverse.Get(ctx, 0, func(ctx context.Context) (*reverseIndex, error) {
		names, err := g.zoneNames(ctx)
		if err != nil {
			return nil, err
		}
		zones := make([]*pinnedZone, len(names))
		errs := make([]error, len(names))
		// The zones are listed a few at a time: an account with many zones lists them in
		// the time of a few, and the rate limit keeps the pace.
		sem := make(chan struct{}, 4)
		var wg sync.WaitGroup
		for i, n := range names {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				zones[i], errs[i] = g.zone(ctx, n)
			}()
		}
		wg.Wait()
		idx := &reverseIndex{byTarget: map[string][]revSource{}}
		for i, pz := range zones {
			if errs[i] != nil {
				if aliyun.IsNotFound(errs[i]) {
					continue
				}
				return nil, errs[i]
			}
			for _, recs := range pz.byRR {
				for _, z := range recs {
					if z.typ == "CNAME" && z.enabled {
						t := canonicalName(z.value)
						idx.byTarget[t] = append(idx.byTarget[t], revSource{name: dnsrecord.FQDN(z.rr, pz.name), id: z.id, value: z.value})
					}
				}
			}
		}
		return idx, nil
	})
}

// changedName is a name whose records a change alters; below is true when the change
// alters what names below it resolve to too (a wildcard, a delegation).
type changedName struct {
	name  string
	below bool
}

// changedNames are the names whose resolution a change from before to after alters (either
// may be nil): the names of the sides that may lead to a server.
func changedNames(before, after *Record) []changedName {
	var out []changedName
	for _, r := range []*Record{before, after} {
		if r == nil || !MayLeadToServer(r.Type) {
			continue
		}
		n := canonicalName(r.Name)
		c := changedName{name: strings.TrimPrefix(n, "*."), below: strings.HasPrefix(n, "*.") || strings.EqualFold(strings.TrimSpace(r.Type), "NS")}
		if len(out) == 0 || out[0] != c {
			out = append(out, c)
		}
	}
	return out
}

// hits reports whether a chain (the CNAME targets followed) goes through a changed name.
func hits(via []string, changed []changedName) bool {
	for _, h := range via {
		for _, c := range changed {
			if h == c.name || (c.below && strings.HasSuffix(h, "."+c.name)) {
				return true
			}
		}
	}
	return false
}

// reverse judges every name that reaches a changed name through a CNAME chain in the
// view (in the account's zones, in the registered changes, in the records given), each
// for its own registrable domain's filing, and returns the violations the change causes:
// a chain through a changed name that ends at a mainland server without an approved
// filing, where the account as it is (the base view) has no such violation at that end.
// what describes the change for the detail. The cost is the run's zone listings: no call
// per record.
func (g *Guard) reverse(ctx context.Context, v view, changed []changedName, phase Phase, lc *locCache, what string) []Finding {
	var idx *reverseIndex
	if g.s.Zones != nil {
		var err error
		if idx, err = g.reverseIndex(ctx); err != nil {
			j := Judgement{}
			r := report{g: g, j: &j, phase: phase}
			summary := fmt.Sprintf("ICP guard (备案检查) could not judge the names that reach %s: Alibaba Cloud could not be asked", show(changed[0].name))
			if what == "" {
				// Records given to beian_record_guard are often in another provider's DNS, and
				// the key may have no Alibaba Cloud DNS permissions at all: the records
				// themselves are judged; that the account's names were not is said, not
				// blocked on.
				r.warn(KindCannotJudge, summary, fmt.Sprintf("Cause: %s\n\nA name of this account's DNS zones that reaches %s through a CNAME would be judged for it too, and the zones could not be listed (alidns:DescribeDomains, alidns:DescribeDomainRecords), so such names were not judged.",
					errorText(err), show(changed[0].name)))
				return j.Findings
			}
			r.block(KindCannotJudge, summary,
				fmt.Sprintf("Cause: %s\n\nA change to %s is judged for every name that reaches it through a CNAME, in every zone of the account, and the zones could not be listed (alidns:DescribeDomains, alidns:DescribeDomainRecords), so the guard cannot tell whether this change makes another name resolve to a server in mainland China.\n\n%s",
					errorText(err), show(changed[0].name), g.failClosedAdvice(phase)))
			return j.Findings
		}
	}
	// The names that reach a changed name, breadth first, as far as a chain is followed.
	reached := map[string]bool{}
	for _, c := range changed {
		reached[c.name] = true
	}
	var sources []string
	frontier := changed
	for depth := 0; depth < maxChain && len(frontier) > 0; depth++ {
		var next []changedName
		for _, c := range frontier {
			for _, s := range g.sourcesOf(idx, v, c) {
				if !reached[s] {
					reached[s] = true
					sources = append(sources, s)
					// A wildcard answers every name below it that has no records of its own:
					// a CNAME to any of them reaches the changed name too.
					next = append(next, changedName{name: strings.TrimPrefix(s, "*."), below: strings.HasPrefix(s, "*.")})
				}
			}
		}
		frontier = next
	}
	sort.Strings(sources)
	var out []Finding
	for _, s := range sources {
		if len(v.shadow[s]) > 0 {
			continue // a record given with this one: judged itself, through all of them
		}
		before := map[string]bool{}
		for _, ev := range g.judgeName(ctx, v.base(), s, Plan, lc) {
			if ev.blocks {
				before[ev.end.key()] = true
			}
		}
		for _, ev := range g.judgeName(ctx, v, s, phase, lc) {
			if !ev.blocks || before[ev.end.key()] || !hits(ev.end.via, changed) {
				continue
			}
			for _, f := range ev.findings {
				if !f.Blocks {
					continue
				}
				f.Detail = fmt.Sprintf("%s reaches %s through a CNAME chain, so %s is judged for %s too, against the records planned in this run, with the filing of %s's own registrable domain.%s "+
					"The ways forward below are about %s; another is to point it away from %s first.\n\n%s",
					show(s), show(changed[0].name), changeNoun(what), show(s), show(s), what, show(s), show(changed[0].name), f.Detail)
				out = append(out, f)
			}
		}
	}
	return out
}

// sourcesOf returns the names whose CNAME points at c (or below it), in the view.
func (g *Guard) sourcesOf(idx *reverseIndex, v view, c changedName) []string {
	var out []string
	add := func(name, id, value string) {
		if v.shadow != nil && len(v.shadow[name]) > 0 {
			return // the records given for the name replace its own
		}
		if v.reg.removes(id, name, "CNAME", value) {
			return
		}
		out = append(out, name)
	}
	if idx != nil {
		for _, s := range idx.byTarget[c.name] {
			add(s.name, s.id, s.value)
		}
		if c.below {
			for t, srcs := range idx.byTarget {
				if strings.HasSuffix(t, "."+c.name) {
					for _, s := range srcs {
						add(s.name, s.id, s.value)
					}
				}
			}
		}
	}
	out = append(out, v.reg.sourcesOf(c.name, c.below)...)
	out = append(out, v.shadowCNAMEs[c.name]...)
	if c.below {
		for t, names := range v.shadowCNAMEs {
			if strings.HasSuffix(t, "."+c.name) {
				out = append(out, names...)
			}
		}
	}
	return out
}

// endVerdict is one end of a record and what was found about it.
type endVerdict struct {
	end      end
	findings []Finding
	blocks   bool
}

// judgeName judges the name's records in the view, end by end.
func (g *Guard) judgeName(ctx context.Context, v view, name string, phase Phase, lc *locCache) []endVerdict {
	recs, _, stop := v.records(ctx, name)
	if stop != nil {
		return nil
	}
	var out []endVerdict
	for _, hr := range recs {
		if !hr.Enabled {
			continue
		}
		r := resolver{v: v}
		for _, e := range r.follow(ctx, hr, nil, map[string]bool{name: true}) {
			j := Judgement{Record: hr.Record}
			g.judgeEnd(ctx, &j, e, phase, lc)
			ev := endVerdict{end: e, findings: j.Findings}
			ev.blocks = !j.Allowed()
			out = append(out, ev)
		}
	}
	return out
}

// describeChange is a sentence about what a change does, for a finding's detail.
func describeChange(ch Change) string {
	side := func(p *PlannedRecord) string {
		if p.ValueUnknown {
			return fmt.Sprintf("%s (%s, a value known at apply)", show(p.Name), strings.ToUpper(p.Type))
		}
		return fmt.Sprintf("%s (%s %s)", show(p.Name), strings.ToUpper(p.Type), p.Value)
	}
	switch {
	case ch.Old == nil && ch.New != nil:
		return " This change creates " + side(ch.New) + "."
	case ch.Old != nil && ch.New == nil:
		return " This change deletes " + side(ch.Old) + "."
	case ch.Old != nil:
		return " This change turns " + side(ch.Old) + " into " + side(ch.New) + "."
	}
	return ""
}

// changeNoun is how the detail names the thing judged: this change, or (for records
// given to a data source) this record.
func changeNoun(what string) string {
	if what == "" {
		return "this record"
	}
	return "this change"
}

// locCache keeps the locations of one judgement: the record and the names that reach it
// often end at the same address, which is then asked about once (at apply, the account
// is asked again about each address, once per judgement).
type locCache struct {
	mu  sync.Mutex
	loc map[locKey]Location
}

// locKey is an address as asked: at Apply the account is asked afresh.
type locKey struct {
	addr  netip.Addr
	fresh bool
}

// locate returns where addr is for phase, asked once per judgement.
func (g *Guard) locate(ctx context.Context, lc *locCache, addr netip.Addr, phase Phase) Location {
	if lc == nil {
		return g.s.Locator.Locate(ctx, addr, phase)
	}
	k := locKey{addr: addr, fresh: phase == Apply}
	lc.mu.Lock()
	l, ok := lc.loc[k]
	lc.mu.Unlock()
	if ok {
		return l
	}
	l = g.s.Locator.Locate(ctx, addr, phase)
	lc.mu.Lock()
	if lc.loc == nil {
		lc.loc = map[locKey]Location{}
	}
	lc.loc[k] = l
	lc.mu.Unlock()
	return l
}

// dedupe drops findings that repeat an earlier one word for word (two chains through
// the same names).
func dedupe(fs []Finding) []Finding {
	seen := map[string]bool{}
	out := fs[:0]
	for _, f := range fs {
		k := f.Summary + "\x00" + f.Detail
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
