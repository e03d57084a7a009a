package apicatalog

import "sort"

// Sources of the error codes.
const (
	// srcCommon: the client and server error tables every Alibaba Cloud RPC API reference
	// links to ("Error Code Reference", e.g. https://help.aliyun.com/en/dns/error-code), and
	// the OpenAPI gateway's client error table (管控 OpenAPI 的客户端公用错误码; a copy at
	// https://developer.aliyun.com/ask/278265).
	srcCommon = "Alibaba Cloud common RPC error codes (https://help.aliyun.com/en/dns/error-code; OpenAPI gateway client error table, copy at https://developer.aliyun.com/ask/278265)"
	// srcDNS2016: the error tables of the 2016 Alibaba Cloud DNS API reference; the current
	// reference and the OpenAPI metadata list no per-action codes for Alidns.
	srcDNS2016 = "Alibaba Cloud DNS API reference, 2016 edition, 错误码 table of the action (AddDomainRecord: copy at https://help-w.com/microsoft/windows/1498112608.html; UpdateDomainRecord: copy at https://help-w.com/mix/1547615208_zh.html); the current reference and metadata list none"
	// srcEmulator: a code the emulator answers that no source settles; the emulator guide
	// lists it under "Unverified behaviour".
	srcEmulator = "UNVERIFIED: answered by the emulator, listed under Unverified behaviour in docs/guides/emulator.md; no official list of this action's codes was found"
)

// srcIncorrectDomainUser: the answer for a zone hosted in Alibaba Cloud DNS by another
// Alibaba Cloud account. No metadata lists it; the error center documents it, and its
// status and message are as users of the API reported them.
const srcIncorrectDomainUser = "Alibaba Cloud's API error center (https://api.aliyun.com/troubleshoot?q=IncorrectDomainUser&product=Alidns, the answer's Recommend link); " +
	"HTTP 400 and \"The domain name belongs to other users. Transfer the domain name to the current user and then try the binding and setting actions.\" " +
	"as reported for DescribeSubDomainRecords naming a zone of another account (jeessy2/ddns-go issues #1030, 2024-03-01, and #1393, 2025-02-15), " +
	"DescribeDomainRecords (kubernetes-sigs/external-dns issue #3625, 2023-05-23) and DescribeDomainRecordInfo (aliyun/terraform-provider-alicloud issue #1699, 2019-09-28)"

// zoneOfAnotherAccount is IncorrectDomainUser: the zone exists, in another account. Not
// ClassNotFound: a record whose zone moved to another account is not gone, and forgetting
// it would plan it again into the same answer; not ClassAuth: the credentials are fine,
// the zone is someone else's. internal/aliyun explains it (aliyun.Explain).
func zoneOfAnotherAccount(src string) Code {
	return Code{Code: "IncorrectDomainUser", Status: 400, Class: ClassOther, Source: src}
}

// meta names the OpenAPI metadata snapshot an action's codes or access come from.
func meta(product, version, what string) string {
	return "Alibaba Cloud OpenAPI metadata " + product + " " + version +
		" (api-docs.json, snapshot dew-serverless/acs-sdk-php@2da261e490af93414113673cdeb6bb7305b3212d, 2024-06-24): " + what
}

// common are the codes of the API gateway, which any action can answer.
var common = []Code{
	{Code: "Throttling", Status: 400, Class: ClassThrottled, Source: srcCommon},
	{Code: "Throttling.User", Status: 400, Class: ClassThrottled, Source: srcCommon},
	{Code: "Throttling.Api", Status: 400, Class: ClassThrottled, Source: srcCommon},
	{Code: "ServiceUnavailable", Status: 503, Class: ClassUnavailable, Source: srcCommon},
	{Code: "InternalError", Status: 500, Class: ClassUnavailable, Source: srcCommon},
	{Code: "InvalidAccessKeyId.NotFound", Status: 404, Class: ClassAuth, Credentials: true, Source: srcCommon},
	{Code: "InvalidAccessKeyId.Inactive", Status: 400, Class: ClassAuth, Credentials: true, Source: srcCommon},
	// A wrong secret is the usual cause, but one request whose parameters were encoded
	// differently from the server's canonical form answers the same: no source says it
	// always means the secret.
	{Code: "SignatureDoesNotMatch", Status: 400, Class: ClassAuth, Credentials: true, OneRequest: true, Source: srcCommon},
	{Code: "IncompleteSignature", Status: 400, Class: ClassAuth, Credentials: true, OneRequest: true,
		Source: "Alibaba Cloud client error codes (e.g. https://help.aliyun.com/en/polardb/client-error-codes)"},
	{Code: "InvalidSecurityToken.Expired", Status: 400, Class: ClassAuth, Credentials: true,
		Source: "UNVERIFIED as a table entry: the STS token codes of the OpenAPI gateway, as alibaba-cloud-sdk-go users report them; no official table of them was found"},
	{Code: "InvalidSecurityToken.Malformed", Status: 400, Class: ClassAuth, Credentials: true,
		Source: "UNVERIFIED as a table entry: the STS token codes of the OpenAPI gateway; no official table of them was found"},
	{Code: "InvalidSecurityToken.MismatchWithAccessKey", Status: 400, Class: ClassAuth, Credentials: true,
		Source: "UNVERIFIED as a table entry: the STS token codes of the OpenAPI gateway; no official table of them was found"},
	{Code: "InvalidTimeStamp.Format", Status: 400, Class: ClassAuth, Source: srcCommon},
	{Code: "InvalidTimeStamp.Expired", Status: 400, Class: ClassAuth, Source: srcCommon},
	{Code: "SignatureNonceUsed", Status: 400, Class: ClassAuth, Source: srcCommon},
	{Code: "InvalidSignatureMethod", Status: 400, Class: ClassOther, Source: srcCommon},
	{Code: "InvalidSignatureVersion", Status: 400, Class: ClassOther,
		Source: "UNVERIFIED: the emulator's answer to a SignatureVersion other than 1.0 (docs/guides/emulator.md)"},
	{Code: "Forbidden", Status: 403, Class: ClassAuth, Source: srcCommon},
	{Code: "Forbidden.RAM", Status: 403, Class: ClassAuth, Source: "Alibaba Cloud client error codes (e.g. https://help.aliyun.com/en/polardb/client-error-codes)"},
	{Code: "Forbidden.RiskControl", Status: 403, Class: ClassAuth, Source: srcCommon},
	{Code: "Forbidden.UserVerification", Status: 403, Class: ClassAuth, Source: srcCommon},
	{Code: "NoPermission", Status: 403, Class: ClassAuth, Source: meta("sts", "2015-04-01", "AssumeRole errorCodes (403 NoPermission); the RAM answer of other products too")},
	{Code: "MissingParameter", Status: 400, Class: ClassOther, Source: srcCommon},
	// Missing{Parameter}: the gateway names the missing parameter in the code.
	{Code: "Missing*", Status: 400, Class: ClassOther, Source: srcCommon},
	{Code: "InvalidParameter", Status: 400, Class: ClassOther, Source: srcCommon},
	// An unknown action or version is a wrong endpoint or a client bug — never an object
	// that is gone, whatever the ".NotFound" in the code says.
	{Code: "InvalidApi.NotFound", Status: 404, Class: ClassOther, Source: srcCommon},
	{Code: "InvalidAction.NotFound", Status: 404, Class: ClassOther,
		Source: "UNVERIFIED: the emulator's answer to an unknown action (docs/guides/emulator.md); the gateway's table names InvalidApi.NotFound with the same message"},
	{Code: "InvalidVersion", Status: 400, Class: ClassOther,
		Source: "UNVERIFIED: the emulator's answer to an unknown Version (docs/guides/emulator.md); the common table names NoSuchVersion"},
	{Code: "NoSuchVersion", Status: 400, Class: ClassOther, Source: srcCommon},
}

// Codes shared by several actions.
var (
	zoneNotFound = Code{Code: "InvalidDomainName.NoExist", Status: 400, Class: ClassNotFound, Source: srcEmulator}
	// The 2016 reference lists it for UpdateDomainRecord; the emulator answers it for every
	// action that names a RecordId.
	recordNotFound   = Code{Code: "DomainRecordNotBelongToUser", Status: 400, Class: ClassNotFound, Source: srcDNS2016 + "; for the other RecordId actions: " + srcEmulator}
	recordDuplicate  = Code{Code: "DomainRecordDuplicate", Status: 400, Class: ClassConflict, Source: srcDNS2016}
	recordConflict   = Code{Code: "DomainRecordConflict", Status: 400, Class: ClassConflict, Source: srcDNS2016}
	domainForbidden  = Code{Code: "DomainForbidden", Status: 400, Class: ClassOther, Source: srcDNS2016}
	recordBlackHole  = Code{Code: "RecordForbidden.BlackHole", Status: 400, Class: ClassOther, Source: srcDNS2016}
	recordQuota      = Code{Code: "QuotaExceeded.Record", Status: 400, Class: ClassOther, Source: srcDNS2016}
	recordQuotaA     = Code{Code: "QuotaExceeded.ARecord", Status: 400, Class: ClassOther, Source: srcDNS2016}
	dnsUnknownError  = Code{Code: "UnKnownError", Status: 400, Class: ClassUnavailable, Source: srcDNS2016 + " (\"There is an unknown error in system\"; tried again like InternalError)"}
	recordType       = Code{Code: "InvalidType", Status: 400, Class: ClassOther, Source: srcEmulator}
	recordValue      = Code{Code: "InvalidValue", Status: 400, Class: ClassOther, Source: srcEmulator}
	recordTTL        = Code{Code: "QuotaExceeded.TTL", Status: 400, Class: ClassOther, Source: srcEmulator}
	recordPriority   = Code{Code: "InvalidPriority", Status: 400, Class: ClassOther, Source: srcEmulator}
	domainNotExist   = Code{Code: "DomainNotExist", Status: 400, Class: ClassNotFound, Source: srcEmulator}
	domainNameFormat = Code{Code: "InvalidDomainName", Status: 400, Class: ClassOther, Source: "the code: Domain API; its message: " + srcEmulator}
	// recordLine: a Line the zone does not offer. The service refuses one (the Line
	// parameter's description points at the line enumeration, and DescribeDomainInfo lists
	// the zone's lines), but no source gives the code it answers with.
	recordLine = Code{Code: "InvalidLine", Status: 400, Class: ClassOther, Source: srcEmulator + "; the code Alibaba Cloud DNS answers for a Line the zone does not offer is documented nowhere"}
	// resourceCenterNotEnabled: Resource Center is not enabled for the account.
	resourceCenterNotEnabled = Code{Code: "ServiceNotEnabled", Status: 400, Class: ClassOther,
		Source: meta("resourcecenter", "2022-12-01", "DisableResourceCenter errorCodes (400 ServiceNotEnabled, \"ResourceCenter Service is not enabled.\")") +
			"; UNVERIFIED for SearchResources, whose metadata does not say what it answers before Resource Center is enabled"}
)

// recordWriteCodes are what a record create or update can answer.
var recordWriteCodes = []Code{recordDuplicate, recordConflict, domainForbidden, recordBlackHole, recordQuota, recordQuotaA, dnsUnknownError,
	recordType, recordValue, recordTTL, recordPriority, recordLine}

// join concatenates code lists into a new slice.
func join(lists ...[]Code) []Code {
	var out []Code
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func sortCodes(cs []Code) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].Code < cs[j].Code })
}
