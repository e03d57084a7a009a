package mainland

// Class is the answer to "is this address in mainland China?".
type Class int

// Classes.
const (
	// Unknown: there is not enough evidence to decide.
	Unknown Class = iota
	// Mainland: the address is in mainland China; a website served from it
	// needs an approved ICP filing.
	Mainland
	// Offshore: the address is outside mainland China (Hong Kong, Macau,
	// Taiwan or abroad); no ICP filing is needed.
	Offshore
)

// String returns "unknown", "mainland" or "offshore".
func (c Class) String() string {
	switch c {
	case Mainland:
		return "mainland"
	case Offshore:
		return "offshore"
	}
	return "unknown"
}

// Sources of a verdict.
const (
	SourceDeclared = "declared" // the provider settings mainland_cidrs / offshore_cidrs
	SourceAccount  = "account"  // a resource of the caller's cloud account
	SourceLocation = "location" // location data (location_sources; by default the embedded table)
	SourceRIR      = "rir"      // a regional Internet registry delegation (rir_sources)
)

// Provider settings named in evidence so users know what to change.
const (
	SettingMainlandCIDRs   = "mainland_cidrs"
	SettingOffshoreCIDRs   = "offshore_cidrs"
	SettingRIRSources      = "rir_sources"
	SettingLocationSources = "location_sources"
)

// Verdict is a classification with the evidence for it.
type Verdict struct {
	// Class is the answer.
	Class Class
	// Source is who decided: SourceDeclared, SourceAccount, SourceLocation,
	// SourceRIR, or "" when nothing did (Class is Unknown).
	Source string
	// Location is where location data places the address (SourceLocation only;
	// LocationUnknown otherwise).
	Location Location
	// DataDate is the date of the data that decided, YYYY-MM-DD: the location table's
	// (SourceLocation) or the registry file's (SourceRIR, from its version line); ""
	// for declarations and the account, which are read live.
	DataDate string
	// Weak is set for an offshore answer of registry data: the registry country is
	// the block holder's, not necessarily the server's (foreign clouds' China regions
	// sit in blocks registered abroad), so it is weaker evidence than a declaration,
	// the account or location data.
	Weak bool
	// Evidence is a human-readable account of the answer, e.g. "ECS instance
	// i-abc in cn-hangzhou (mainland region)".
	Evidence string
	// Sources are the sources location data of several sources (the embedded table)
	// consulted, each with its answer: "origin AS37963 (Alibaba Cloud mainland network):
	// mainland", "@ip-location-db/dbip-country@2.3.2026060120: CN (mainland China)", …;
	// the deciding ones first. Empty for other verdicts.
	Sources []string
	// Decided names the sources the answer rests on (a subset of Sources), e.g. "origin AS
	// network" or "dbip-country".
	Decided []string
	// Agreed is true when every source in Sources that places the address places it in the
	// same class (mainland or offshore). Meaningful only when Sources is not empty.
	Agreed bool
	// Caution is set on an offshore answer that could hide a mainland server: a source
	// places the address in mainland China, or the answer rests on geolocation alone
	// inside a network or block known to hold both mainland and offshore servers. The ICP
	// guard warns about such an answer rather than staying silent.
	Caution string
}
