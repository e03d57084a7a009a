package guard

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
)

// forwardingServers says where URL forwarding is served from. Alibaba Cloud DNS answers a
// URL-forwarding record with an A record of its own forwarding servers ("an A record …
// points to the URL forwarding server address provided by Alibaba Cloud DNS … 203.107.XX.XX",
// https://www.alibabacloud.com/help/en/dns/pubz-explicit-url-implicit-url-forwarding-faq),
// and requires the domain's ICP filing before such a record is added ("Before you add a
// URL forwarding record, you must obtain an Internet Content Provider (ICP) filing for
// the domain name used before URL forwarding",
// https://www.alibabacloud.com/help/en/dns/troubleshoot-url-forwarding-issues).
const forwardingServers = "Alibaba Cloud DNS's URL-forwarding servers (203.107.x.x, in mainland China)"

// report collects what the guard finds about one end of a record.
type report struct {
	g     *Guard
	j     *Judgement
	phase Phase
	lc    *locCache
}

func (r report) add(f Finding) {
	if r.phase == Unchanged || r.phase == Current {
		f.Severity = Warning // never block an unrelated apply
	}
	r.j.Findings = append(r.j.Findings, f)
}

// block reports a violation: an error, or a warning with enforcement = "warn".
func (r report) block(kind Kind, summary, detail string) {
	sev := Error
	if r.g.s.Enforcement == EnforceWarn {
		sev = Warning
	}
	r.add(Finding{Kind: kind, Severity: sev, Blocks: true, Summary: summary, Detail: detail})
}

func (r report) warn(kind Kind, summary, detail string) {
	r.add(Finding{Kind: kind, Severity: Warning, Summary: summary, Detail: detail})
}

// judgeEnd judges one end of the record and adds it, and what is found about it, to j.
func (g *Guard) judgeEnd(ctx context.Context, j *Judgement, e end, phase Phase, lc *locCache) {
	j.Ends = append(j.Ends, g.judgeOne(ctx, report{g: g, j: j, phase: phase, lc: lc}, e))
}

// show is a name for a message: an internationalised name as written and in punycode.
func show(name string) string { return icp.DisplayName(name) }

func (g *Guard) judgeOne(ctx context.Context, r report, e end) End {
	rec := r.j.Record
	out := End{Address: e.addr, Host: e.host, Via: e.via}
	path := describePath(rec, e)
	switch e.kind {
	case endCannotList:
		out.Location, out.Evidence = mainland.Unknown, "the account's DNS zones could not be read: "+e.err.Error()
		r.block(KindCannotJudge, fmt.Sprintf("ICP guard (备案检查) could not judge %s → %s: Alibaba Cloud could not be asked", show(rec.Name), show(e.host)),
			fmt.Sprintf("Cause: %s\n\n%s. To follow it the guard lists the account's DNS zones, and that failed, so it cannot tell whether the name ends at a server in mainland China.\n\n%s",
				errorText(e.err), path, g.failClosedAdvice(r.phase)))
		return out
	case endUnfollowed:
		out.Location, out.Evidence = mainland.Unknown, e.why
		r.warn(KindUnfollowed, fmt.Sprintf("ICP guard (备案检查) cannot follow %s → %s", show(rec.Name), show(e.host)),
			fmt.Sprintf("%s, and the guard cannot follow %s: %s. Where it ends was not checked, so neither was the ICP filing (备案) requirement. "+
				"If it ends at a server in mainland China, %s needs an approved filing first.", path, show(e.host), e.why, show(registrableOr(rec.Name))))
		return out
	case endPending:
		out.Location, out.Evidence = mainland.Unknown, "planned in this run with a value known only at apply"
		r.warn(KindUnfollowed, fmt.Sprintf("ICP guard (备案检查) will judge %s → %s at apply", show(rec.Name), show(e.host)),
			fmt.Sprintf("%s, which is planned in this run with a value known only at apply (for example the address of a server created in the same apply). "+
				"Where it ends is judged when it is written, for every name that reaches it, %s included: a chain that ends at a server in mainland China without an approved ICP filing (备案) of %s stops the apply then.",
				path, show(rec.Name), show(registrableOr(rec.Name))))
		return out
	case endInvalid:
		out.Location, out.Evidence = mainland.Unknown, e.why
		r.block(KindCannotJudge, fmt.Sprintf("ICP guard (备案检查) cannot judge %s: %q is not an address", show(rec.Name), e.host),
			fmt.Sprintf("%s (%s) has the value %q, and %s. The guard cannot tell where it points, so whether it needs an ICP filing (备案) was not checked, and the record is not allowed. "+
				"Write the address as Alibaba Cloud DNS stores it, e.g. 203.0.113.10 for A (no leading zeros) or 2001:db8::10 for AAAA.",
				show(rec.Name), strings.ToUpper(strings.TrimSpace(rec.Type)), e.host, e.why))
		return out
	case endDelegation:
		delegated := rec.Name
		if len(e.via) > 0 {
			delegated = e.via[len(e.via)-1] // a CNAME target below a delegation in the account's zone
		}
		out.Location, out.Evidence = mainland.Unknown, "delegated to the name server "+e.host
		r.warn(KindDelegation, fmt.Sprintf("ICP guard (备案检查) cannot see past the delegation of %s to %s", show(delegated), show(e.host)),
			fmt.Sprintf("%s: the name server %s answers for %s, and the provider cannot see where the delegated zone points. "+
				"If it resolves to a server in mainland China, %s needs an approved ICP filing (备案) first; check that zone's records with the tool that manages them (beian_record_guard judges records of any DNS provider).",
				path, show(e.host), show(delegated), show(registrableOr(rec.Name))))
		return out
	case endService:
		if e.region == "" {
			g.judgeRegionless(ctx, r, e, &out, path)
			return out
		}
		out.Location = mainland.Offshore
		out.Evidence = fmt.Sprintf("%s %s names the region %s (outside mainland China)", e.service, e.host, e.region)
		if icp.IsMainlandRegion(e.region) {
			out.Location = mainland.Mainland
			out.Evidence = fmt.Sprintf("%s %s names the region %s (mainland region)", e.service, e.host, e.region)
			g.requireFiling(ctx, r, e, &out, path)
		}
		return out
	case endForwarding:
		out.Location, out.Evidence = mainland.Mainland, "a URL-forwarding record is answered by "+forwardingServers
		g.requireFiling(ctx, r, e, &out, path)
		return out
	}
	// An address.
	loc := g.locate(ctx, r.lc, e.addr, r.phase)
	out.Location, out.Evidence = loc.Class, loc.Evidence
	for _, s := range loc.Stale {
		r.warn(KindStaleData, "Location or registry data for the ICP guard is stale", s)
	}
	if loc.Conflict != "" {
		r.warn(KindDeclarationConflict, fmt.Sprintf("ICP guard (备案检查): the declaration for %s contradicts the account's own server", e.addr), loc.Conflict)
	}
	for _, n := range loc.AccountNotes {
		r.warn(KindAccountLookup, "ICP guard (备案检查): the cloud account is searched another way", n)
	}
	switch {
	case loc.CloudErr != nil && loc.Class != mainland.Mainland:
		// The account ranks above location and registry data (a server of the account in
		// a mainland region may sit in a block the data places abroad): without its answer
		// only a declaration may clear the address, and a declared address never asks it.
		placed := "no other source (mainland_cidrs, offshore_cidrs, location_sources, rir_sources) places it"
		if loc.Class == mainland.Offshore {
			placed = "only " + loc.Evidence + " places it offshore, and the account, which ranks above location and registry data, could not confirm that no server of it in a mainland region holds the address"
		}
		r.block(KindCannotJudge, fmt.Sprintf("ICP guard (备案检查) could not judge %s: Alibaba Cloud could not be asked", chain(rec, e)),
			fmt.Sprintf("Cause: %s\n\n%s. The guard could not search the cloud account for that address, and %s, so it cannot tell whether the server is in mainland China and whether an ICP filing (备案) is required.\n\n%s",
				errorText(loc.CloudErr), path, placed, g.failClosedAdvice(r.phase)))
	case loc.Class == mainland.Unknown:
		r.warn(KindUnknownLocation, "ICP guard (备案检查) cannot classify "+e.addr.String(),
			fmt.Sprintf("%s, and the provider cannot tell whether that server is in mainland China, so the ICP filing (备案) requirement was not checked.\n\nEvidence: %s",
				path, loc.Evidence))
	case loc.Class == mainland.Mainland:
		g.requireFiling(ctx, r, e, &out, path)
		g.noteUnverified(r, &out, loc)
	case loc.Weak:
		r.warn(KindUnknownLocation, fmt.Sprintf("ICP guard (备案检查): only registry data places %s outside mainland China", e.addr),
			fmt.Sprintf("%s. No declaration, server of the cloud account or location data places the address; registry data (rir_sources) names the country its block is registered to, which is not always where the server is (foreign clouds' China regions sit in blocks registered abroad). "+
				"If the server is in mainland China, %s needs an approved ICP filing (备案) first; declare the address in mainland_cidrs or offshore_cidrs to settle it.\n\nEvidence: %s",
				path, show(registrableOr(rec.Name)), loc.Evidence))
	case loc.Class == mainland.Offshore && loc.Caution != "":
		// Location data whose sources disagree, or that rests on geolocation inside a
		// network serving both sides, is not proof of offshore: say so (locate.go).
		r.warn(KindUnknownLocation, fmt.Sprintf("ICP guard (备案检查): the location data's offshore answer for %s is not proof", e.addr),
			fmt.Sprintf("%s, which location data places outside mainland China, but %s. "+
				"If the server is in mainland China, %s needs an approved ICP filing (备案) first; declare the address in mainland_cidrs or offshore_cidrs to settle it.\n\nEvidence: %s",
				path, loc.Caution, show(registrableOr(rec.Name)), loc.Evidence))
	case len(loc.Skipped) > 0 && loc.Source != mainland.SourceDeclared && loc.Source != mainland.SourceAccount:
		r.warn(KindUnknownLocation, fmt.Sprintf("ICP guard (备案检查): the cloud account could not be searched everywhere for %s", e.addr),
			fmt.Sprintf("%s, which %s places outside mainland China. The account, which ranks above location data, could not be searched everywhere (%s): a server of it in one of those regions would decide instead. "+
				"Grant the provider's credentials read access there (ecs:DescribeInstances, vpc:DescribeEipAddresses, slb:DescribeLoadBalancers), or declare the address in offshore_cidrs.",
				path, loc.Evidence, strings.Join(loc.Skipped, "; ")))
	}
	return out
}

// requireFiling looks up the filing of the record's registrable domain for an end in
// mainland China.
func (g *Guard) requireFiling(ctx context.Context, r report, e end, out *End, path string) {
	rec, phase := r.j.Record, r.phase
	registrable, err := icp.RegistrableDomain(rec.Name)
	if err != nil {
		// The filing cannot be looked up, and the end is in mainland China: fail closed.
		r.block(KindCannotJudge, "ICP guard (备案检查) cannot find the registrable domain of "+show(rec.Name),
			fmt.Sprintf("%s, %s: %s. The ICP filing (备案) it needs belongs to the registrable domain of %s, and that cannot be found: %v.\n\n%s",
				path, serverPhrase(e), out.Evidence, show(rec.Name), err, g.failClosedAdvice(r.phase)))
		return
	}
	out.Registrable = registrable
	ans, lerr := g.s.Filings.Lookup(ctx, registrable)
	out.Filing = ans
	if ans.Approved() {
		for _, f := range RiskFindings(ans, g.s.Now()) {
			r.warn(f.Kind, f.Summary, f.Detail)
		}
		if e.kind == endForwarding && e.host != "" {
			g.noteForwardingDestination(ctx, r, e)
		}
		return
	}
	if lerr != nil || ans.Status == icp.Unknown {
		cause := ans.Evidence
		if lerr != nil {
			cause = errorText(lerr)
		}
		r.block(KindCannotJudge, "ICP guard (备案检查) could not read the ICP filing (备案) status of "+show(registrable),
			fmt.Sprintf("Cause: %s\n\n%s, %s: %s. Whether %s has an approved ICP filing could not be read from icp_source, so the record cannot be allowed.\n\n%s",
				cause, path, serverPhrase(e), out.Evidence, show(registrable), g.failClosedAdvice(phase)))
		return
	}
	summary := fmt.Sprintf("ICP filing (备案) required: %s is a mainland-China server", chain(rec, e))
	if e.kind == endForwarding {
		summary = fmt.Sprintf("ICP filing (备案) required: %s is a URL-forwarding record, served from mainland China", show(rec.Name))
		if len(e.via) > 0 {
			summary = fmt.Sprintf("ICP filing (备案) required: %s leads to a URL-forwarding record, served from mainland China", chain(rec, e))
		}
	}
	detail := fmt.Sprintf("%s, %s: %s.\n\nThe registrable domain %s has no approved ICP filing (未备案). Evidence: %s\n\n",
		path, serverPhrase(e), out.Evidence, show(registrable), ans.Evidence)
	if e.kind == endForwarding {
		detail += "Alibaba Cloud DNS requires an ICP filing of the domain before a URL-forwarding record is added " +
			"(https://www.alibabacloud.com/help/en/dns/troubleshoot-url-forwarding-issues). Ways forward:\n" +
			"  1. File for ICP (提交备案) and add the forwarding record once the filing is approved.\n" +
			"  2. Until then, redirect from a web server outside mainland China instead of with Alibaba Cloud DNS's forwarding.\n"
	} else {
		detail += "A domain must not resolve to a mainland server before its ICP filing is approved: the site gets blocked and the filing rejected. Two ways forward:\n" +
			"  1. File for ICP (提交备案) with your access provider (接入商, e.g. Alibaba Cloud's ICP filing system) and apply this record once the filing is approved — the plan passes by itself then.\n" +
			"  2. Until approval, point the record at a server outside mainland China (Hong Kong, Macau, Taiwan or abroad, e.g. a cn-hongkong instance): no filing is needed there.\n"
	}
	detail += "\nIf the filing was made through another access provider, declare it in the provider's declared_filings."
	if phase == Unchanged {
		detail += "\n\nThis record is already live and does not change in this plan, so this is a warning: an unrelated apply is not held back. Fix it before the site is blocked."
	} else if phase == Current {
		detail += "\n\nThis is where the record points live now, before this plan's change to it is written (and after, if writing it fails), so this is a warning. Fix it before the site is blocked."
	} else if g.s.Enforcement != EnforceWarn {
		detail += " To only warn, set enforcement = \"warn\" in the provider block."
	}
	r.block(KindNoFiling, summary, detail)
}

// judgeRegionless judges a CNAME to an Alibaba Cloud service whose host name does not
// say where it serves from (CDN, Global Accelerator, OSS transfer acceleration): with an
// approved filing of the domain there is nothing to say; without one, a warning with the
// service's own rule — the service itself refuses to serve an unfiled domain in the
// mainland, so this is not a violation the record can cause alone.
func (g *Guard) judgeRegionless(ctx context.Context, r report, e end, out *End, path string) {
	rec := r.j.Record
	out.Location, out.Evidence = mainland.Unknown, fmt.Sprintf("%s %s: %s", e.service, e.host, e.rule)
	summary := fmt.Sprintf("ICP guard (备案检查): %s (%s) may serve from mainland China", chain(rec, e), e.service)
	registrable, err := icp.RegistrableDomain(rec.Name)
	if err != nil {
		r.warn(KindUnknownLocation, summary, fmt.Sprintf("%s, an Alibaba Cloud %s. %s. The registrable domain of %s cannot be found (%v), so its ICP filing (备案) was not checked.",
			path, e.service, capitalize(e.rule), show(rec.Name), err))
		return
	}
	out.Registrable = registrable
	ans, lerr := g.s.Filings.Lookup(ctx, registrable)
	out.Filing = ans
	if lerr == nil && ans.Approved() {
		return
	}
	status := "has no approved ICP filing (" + ans.Evidence + ")"
	if lerr != nil {
		status = "has an ICP filing (备案) status that could not be read (" + errorText(lerr) + ")"
	}
	r.warn(KindUnknownLocation, summary,
		fmt.Sprintf("%s, an Alibaba Cloud %s. %s. %s %s, so check the service's configuration: serving it from the Chinese mainland needs the filing first.",
			path, e.service, capitalize(e.rule), show(registrable), status))
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// noteUnverified warns when a record on one of the account's (Alibaba Cloud) mainland
// servers passes only through declared_filings: a filing made through another access
// provider (接入商) does not cover Alibaba Cloud's servers until Alibaba Cloud is added
// as an access provider of the filing (接入备案).
func (g *Guard) noteUnverified(r report, out *End, loc Location) {
	if !out.Filing.Approved() || out.Filing.Source != icpstatus.SourceDeclared || loc.Source != mainland.SourceAccount {
		return
	}
	r.add(Finding{Kind: KindUnverifiedFiling, Severity: Warning,
		Summary: fmt.Sprintf("%s is allowed only through declared_filings: the filing must name Alibaba Cloud as access provider (接入商)", show(out.Registrable)),
		Detail: fmt.Sprintf("%s → %s is a server of this Alibaba Cloud account in mainland China (%s). The filing %s of %s is declared in the provider's declared_filings and cannot be verified. "+
			"A filing made through another access provider does not allow Alibaba Cloud's mainland servers until Alibaba Cloud is added to it as an access provider (接入备案, in Alibaba Cloud's ICP filing system); until then the site may be blocked.",
			show(r.j.Record.Name), out.Address, loc.Evidence, out.Filing.ICPNumber, show(out.Registrable))})
}

// noteForwardingDestination warns that the destination of a forwarding record needs a
// filing too when the guard cannot see one: Alibaba Cloud asks that "both the source and
// destination domain names have completed their ICP filings"
// (https://www.alibabacloud.com/help/en/dns/pubz-explicit-url-implicit-url-forwarding-faq).
func (g *Guard) noteForwardingDestination(ctx context.Context, r report, e end) {
	dest, err := icp.RegistrableDomain(e.host)
	if err != nil {
		return
	}
	ans, lerr := g.s.Filings.Lookup(ctx, dest)
	if lerr == nil && ans.Approved() {
		return
	}
	r.warn(KindForwarding, fmt.Sprintf("URL forwarding to %s: its ICP filing could not be confirmed", show(e.host)),
		fmt.Sprintf("Alibaba Cloud DNS answers 502 for a forwarding record unless both the source and the destination domain have ICP filings "+
			"(https://www.alibabacloud.com/help/en/dns/pubz-explicit-url-implicit-url-forwarding-faq). The destination %s (registrable domain %s) is not among the filings icp_source lists (%s). "+
			"If it is filed by another entity, this is expected; otherwise file it.", show(e.host), show(dest), ans.Evidence))
}

// failClosedAdvice ends a "could not judge" finding.
func (g *Guard) failClosedAdvice(phase Phase) string {
	switch {
	case phase == Unchanged:
		return "This record is already live and does not change in this plan, so this is a warning. Fix the cause and plan again to have it checked."
	case phase == Current:
		return "This is where the record points live now, before this plan's change to it is written, so this is a warning. Fix the cause and plan again to have it checked."
	case g.s.Enforcement == EnforceWarn:
		return "With enforcement = \"warn\" this is a warning and the record is written unchecked. Fix the cause and plan again to have it checked."
	}
	return "The guard fails closed: a record it could not check is not allowed (enforcement = \"error\"). Fix the cause and plan again. " +
		"If the address is known to you, mainland_cidrs or offshore_cidrs in the provider block decide without the cloud; enforcement = \"warn\" turns this into a warning."
}

// describePath renders where a record goes: "www.example.com (A) points at 47.96.10.20",
// "cdn.example.com (CNAME, via origin.example.com) points at 47.96.10.20".
func describePath(rec Record, e end) string {
	hops := e.via
	if len(hops) > 0 && (e.kind == endService || e.kind == endUnfollowed || e.kind == endCannotList) {
		// The last hop is the end itself, named after "points at".
		hops = hops[:len(hops)-1]
	}
	via := ""
	if len(hops) > 0 {
		shown := make([]string, len(hops))
		for i, h := range hops {
			shown[i] = show(h)
		}
		via = ", via CNAME " + strings.Join(shown, " → ")
	}
	return fmt.Sprintf("%s (%s%s) points at %s", show(rec.Name), rec.Type, via, endName(e))
}

// chain is the way from a record to an end, every name on it: "www.example.com →
// 47.96.10.20", "x3.example.com → origin3.filed.com → 47.96.10.20".
func chain(rec Record, e end) string {
	hops := e.via
	if len(hops) > 0 && e.kind != endAddress && hops[len(hops)-1] == e.host {
		hops = hops[:len(hops)-1] // the end itself, named last
	}
	parts := []string{show(rec.Name)}
	for _, h := range hops {
		parts = append(parts, show(h))
	}
	if e.kind != endForwarding {
		parts = append(parts, endName(e))
	}
	return strings.Join(parts, " → ")
}

func endName(e end) string {
	if e.kind == endAddress {
		return e.addr.String()
	}
	return show(e.host)
}

func serverPhrase(e end) string {
	switch e.kind {
	case endForwarding:
		return "which is served by " + forwardingServers
	case endService:
		return "an Alibaba Cloud service in mainland China (中国内地)"
	}
	return "a server in mainland China (中国内地)"
}

func registrableOr(name string) string {
	if r, err := icp.RegistrableDomain(name); err == nil {
		return r
	}
	return name
}

// errorText is an error for a finding: what failed and what to do next.
func errorText(err error) string { return aliyun.Explain(err) }

// RiskFindings are the warnings for an approved filing's rectification items that have a
// deadline (整改期限): what they are about, by when, how far off that is.
func RiskFindings(ans icp.Answer, now time.Time) []Finding {
	var out []Finding
	for _, r := range ans.Risks {
		if r.Deadline.IsZero() {
			continue
		}
		out = append(out, Finding{Kind: KindRisk, Severity: Warning,
			Summary: fmt.Sprintf("ICP filing %s has a rectification deadline (整改期限) %s", ans.ICPNumber, r.Deadline.Format("2006-01-02")),
			Detail: fmt.Sprintf("The filing of %s has an open rectification item (整改)%s. It must be resolved by %s (%s), or the filing may be cancelled (注销).",
				ans.Domain, riskDetailText(r), r.Deadline.Format("2006-01-02"), whenText(now, r.Deadline))})
	}
	return out
}

// riskDetailText renders a risk's details (RiskSource and RectifySuggestList) for a
// diagnostic: ": source A (suggested: x; y); source B", or "" without details.
func riskDetailText(r icp.Risk) string {
	var parts []string
	for _, d := range r.Details {
		part := d.Source
		if part == "" {
			part = "unnamed source"
		}
		if len(d.RectifySuggestions) > 0 {
			part += " (suggested: " + strings.Join(d.RectifySuggestions, "; ") + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, "; ")
}

// whenText says how far a deadline is from now, in China calendar days.
func whenText(now, deadline time.Time) string {
	switch days := icp.CalendarDaysUntil(now, deadline); {
	case days < 0:
		return fmt.Sprintf("%d days ago", -days)
	case days == 0:
		return "today"
	default:
		return fmt.Sprintf("in %d days", days)
	}
}
