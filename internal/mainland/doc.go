// Package mainland decides whether an IP address is in mainland China —
// where a website needs an approved ICP filing (ICP备案) before its domain may
// point at it — or offshore (Hong Kong, Macau, Taiwan, abroad), with the
// evidence for the answer.
//
// A Classifier asks, in order of precedence:
//
//  1. the operator's declarations, provider settings mainland_cidrs and
//     offshore_cidrs (Declared) — they win over everything;
//  2. an IPv6 address that carries an IPv4 address (NAT64 64:ff9b::/96, 6to4
//     2002::/16, Teredo 2001::/32) is judged by that IPv4 address;
//  3. addresses that are not public (private, loopback, link-local,
//     documentation …; the table of internal/netspecial, shared with the
//     compliance check) are Unknown;
//  4. the caller's cloud account (AccountLookup): an ECS instance, EIP or load
//     balancer in an Alibaba Cloud region cn-* other than cn-hongkong is
//     mainland, in any other region offshore;
//  5. location data, provider setting location_sources (LocationTable, loaded
//     by Loader.LoadLocation; by default only the table embedded in the
//     provider, EmbeddedLocation — no download): CN is mainland; HK, MO, TW and
//     every other country offshore;
//  6. the regional Internet registries' delegated statistics files, provider
//     setting rir_sources (RIRData, loaded by Loader.Load; none by default): a
//     block delegated to CN is mainland, to any other country offshore — a weak
//     answer, marked so (Verdict.Weak);
//  7. otherwise Unknown, with evidence naming the settings that would decide.
//
// Registry data says to whom a block was delegated, not where it is routed:
// foreign clouds' China regions sit in blocks registered abroad (AWS's
// 52.80.0.0/16, serving cn-north-1, is ARIN space). The embedded location table
// (locationdata/, refreshed by `make update-location-data`, composed by
// internal/locgen) keeps, per range, what several sources say — the origin
// network (RouteViews routing data), two geolocation packages, and the network
// list internal/locgen/networks.txt: networks that serve one side or both,
// blocks their operators' own documentation settles, and the networks a cloud's
// own region list confirms — and LocationMeta.Decide combines them
// (location_multi.go). The rule is measured against the truth set in
// testdata/truth, whose independent part samples AWS's and Azure's own region
// lists (location_truth_test.go); see NOTICE for the data's licences and why
// those lists are not embedded. Every verdict names its sources, which decided,
// whether they agreed, and the data date.
//
// The registry file format is the RIR statistics exchange format described in
// https://www.apnic.net/about-apnic/corporate-documents/documents/resource-guidelines/rir-statistics-exchange-format/
// (see ParseDelegated for what is accepted).
package mainland
