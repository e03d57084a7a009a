// Package mainland decides whether an IP address is in mainland China —
// where a website needs an approved ICP filing (ICP备案) before its domain may
// point at it — or offshore (Hong Kong, Macau, Taiwan, abroad), with the
// evidence for the answer.
//
// A Classifier asks, in order of precedence:
//
//  1. the operator's declarations, provider settings mainland_cidrs and
//     offshore_cidrs (Declared) — they win over everything;
//  2. addresses that are not public (private, loopback, link-local,
//     documentation …) are Unknown;
//  3. the caller's cloud account (AccountLookup): an ECS instance, EIP or load
//     balancer in an Alibaba Cloud region cn-* other than cn-hongkong is
//     mainland, in any other region offshore;
//  4. the regional Internet registries' delegated statistics files,
//     provider setting rir_sources (RIRData, loaded by Loader, by default
//     APNIC's https://ftp.apnic.net/stats/apnic/delegated-apnic-latest): a
//     block delegated to CN is mainland, to any other country (HK, MO and TW
//     included) offshore;
//  5. otherwise Unknown, with evidence naming the settings that would decide.
//
// Registry data says to whom a block was delegated, not where it is routed:
// it is good evidence for Chinese and foreign providers' ranges but can be
// wrong for, e.g., a Chinese company's block announced abroad. Declarations
// and account evidence exist to override it.
//
// The file format is the RIR statistics exchange format described in
// https://www.apnic.net/about-apnic/corporate-documents/documents/resource-guidelines/rir-statistics-exchange-format/
// (see ParseDelegated for what is accepted).
package mainland
