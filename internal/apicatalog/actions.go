package apicatalog

// products: each product this project speaks, with the one API version it uses.
var products = []Product{
	{Code: "Alidns", Version: "2015-01-09", Endpoint: "alidns"},
	{Code: "Domain", Version: "2018-01-29", Endpoint: "domain"},
	{Code: "BssOpenApi", Version: "2017-12-14", Endpoint: "bssopenapi"},
	{Code: "Companyreg", Version: "2026-04-23", Endpoint: "companyreg"},
	{Code: "Beian", Version: "2016-08-10", Endpoint: "beian"},
	{Code: "Ecs", Version: "2014-05-26", Endpoint: "ecs"},
	{Code: "Vpc", Version: "2016-04-28", Endpoint: "vpc"},
	{Code: "Slb", Version: "2014-05-15", Endpoint: "slb"},
	{Code: "Sts", Version: "2015-04-01", Endpoint: "sts"},
	// The account lookup (issue 25). The endpoint keys are the provider's endpoints
	// attributes, which may not hold a hyphen: the SDK packages are antiddos-public and
	// swas-open.
	{Code: "ResourceCenter", Version: "2022-12-01", Endpoint: "resourcecenter"},
	{Code: "antiddos-public", Version: "2017-05-18", Endpoint: "antiddos_public"},
	{Code: "SWAS-OPEN", Version: "2020-06-01", Endpoint: "swas_open"},
}

// How Resend was decided for the writes. A write is resent after a timeout only when its
// official request model carries an idempotency token (ClientToken) or a source says a
// repeat is harmless. None of these writes has either, so none is resent: a write that
// timed out may have been carried out, and the caller sorts that out on the next apply
// (a create adopts what it finds) — the rule this client followed before the table.
const noResend = "Not resent: the official request model has no idempotency token (ClientToken) and no source says a repeat is harmless. "

// The Access of an action comes from its OpenAPI metadata: systemTags.operationType
// (get/list = Read; create/update/delete = Write), or the operationType field where the
// tags are empty.
func alidns(op string) string    { return meta("alidns", "2015-01-09", "systemTags.operationType "+op) }
func domainAPI(op string) string { return meta("domain", "2018-01-29", "systemTags.operationType "+op) }

// actions is the table: one row per action, grouped by product.
var actions = []Action{
	// Alidns 2015-01-09
	{Product: "Alidns", Version: "2015-01-09", Name: "AddDomain", Access: Write, Source: alidns("create"),
		ResendWhy: noResend + "A repeat of a carried-out call would answer DomainAlreadyExist.",
		Codes: []Code{{Code: "InvalidDomainName.Format", Status: 400, Class: ClassOther, Source: srcEmulator}, {Code: "DomainAlreadyExist", Status: 400, Class: ClassConflict, Source: srcEmulator},
			zoneOfAnotherAccount("UNVERIFIED for AddDomain: answered by the emulator for a zone of another account (its message speaks of binding the domain); " + srcIncorrectDomainUser)}},
	{Product: "Alidns", Version: "2015-01-09", Name: "DescribeDomains", Access: Read, Resend: true, Source: alidns("get")},
	{Product: "Alidns", Version: "2015-01-09", Name: "DescribeDomainInfo", Access: Read, Resend: true, Source: alidns("get"),
		Codes: []Code{zoneNotFound, zoneOfAnotherAccount("UNVERIFIED for DescribeDomainInfo: answered by the emulator for a zone of another account, as the record reads are; " + srcIncorrectDomainUser)}},
	{Product: "Alidns", Version: "2015-01-09", Name: "AddDomainRecord", Access: Write, Source: alidns("create"),
		ResendWhy: noResend + "A repeat of a carried-out create answers DomainRecordDuplicate; beian_dns_record adopts the record it finds on the next apply.",
		Codes:     join([]Code{zoneNotFound, zoneOfAnotherAccount(srcDNS2016 + "; " + srcIncorrectDomainUser)}, recordWriteCodes)},
	{Product: "Alidns", Version: "2015-01-09", Name: "UpdateDomainRecord", Access: Write, Source: alidns("update"),
		ResendWhy: noResend + "A repeat sets the same values (answering DomainRecordDuplicate) but would undo a change made by someone else in between.",
		Codes:     join([]Code{zoneNotFound, recordNotFound, {Code: "DomainRecordLocked", Status: 400, Class: ClassOther, Source: srcDNS2016}}, recordWriteCodes)},
	{Product: "Alidns", Version: "2015-01-09", Name: "DeleteDomainRecord", Access: Write, Source: alidns("delete"),
		ResendWhy: noResend + "A repeat of a carried-out delete answers DomainRecordNotBelongToUser, which the resource takes as deleted.",
		Codes:     []Code{recordNotFound}},
	{Product: "Alidns", Version: "2015-01-09", Name: "DescribeDomainRecords", Access: Read, Resend: true, Source: alidns("get"),
		Codes: []Code{zoneNotFound, zoneOfAnotherAccount(srcIncorrectDomainUser)}},
	{Product: "Alidns", Version: "2015-01-09", Name: "DescribeDomainRecordInfo", Access: Read, Resend: true, Source: alidns("get"),
		Codes: []Code{recordNotFound, zoneOfAnotherAccount(srcIncorrectDomainUser)}},
	{Product: "Alidns", Version: "2015-01-09", Name: "DescribeSubDomainRecords", Access: Read, Resend: true, Source: alidns("get"),
		Codes: []Code{zoneNotFound, zoneOfAnotherAccount(srcIncorrectDomainUser), {Code: "InvalidSubDomain", Status: 400, Class: ClassOther, Source: srcEmulator}}},
	{Product: "Alidns", Version: "2015-01-09", Name: "SetDomainRecordStatus", Access: Write, Source: alidns("update"),
		ResendWhy: noResend + "A repeat sets the same status again.",
		Codes:     []Code{recordNotFound}},
	{Product: "Alidns", Version: "2015-01-09", Name: "UpdateDomainRecordRemark", Access: Write, Source: alidns("update"),
		ResendWhy: noResend + "A repeat sets the same remark again.",
		Codes:     []Code{recordNotFound}},

	// Domain 2018-01-29
	{Product: "Domain", Version: "2018-01-29", Name: "CheckDomain", Access: Read, Resend: true, Source: domainAPI("get"),
		Codes: []Code{domainNameFormat}},
	{Product: "Domain", Version: "2018-01-29", Name: "QueryDomainByDomainName", Access: Read, Resend: true, Source: domainAPI("get"),
		Codes: []Code{domainNotExist}},
	{Product: "Domain", Version: "2018-01-29", Name: "QueryDomainList", Access: Read, Resend: true, Source: domainAPI("get")},
	{Product: "Domain", Version: "2018-01-29", Name: "QueryRegistrantProfiles", Access: Read, Resend: true, Source: domainAPI("list")},
	{Product: "Domain", Version: "2018-01-29", Name: "QueryTaskDetailList", Access: Read, Resend: true, Source: domainAPI("get")},
	{Product: "Domain", Version: "2018-01-29", Name: "PollTaskResult", Access: Read, Resend: true, Source: domainAPI("get")},
	{Product: "Domain", Version: "2018-01-29", Name: "SetupDomainAutoRenew", Access: Write, Source: domainAPI("update"),
		ResendWhy: noResend + "A repeat of SET or CANCEL sets the same renewal state again.",
		Codes:     []Code{domainNotExist}},
	{Product: "Domain", Version: "2018-01-29", Name: "SaveSingleTaskForCreatingOrderActivate", Access: Write, Source: domainAPI("create"),
		ResendWhy: noResend + "A repeat may place a second paid registration order.",
		Codes: []Code{domainNameFormat,
			{Code: "RegistrantProfileNotExist", Status: 400, Class: ClassNotFound, Source: srcEmulator},
			{Code: "RegistrantProfileNotVerified", Status: 400, Class: ClassOther, Source: srcEmulator},
			{Code: "LastOperationNotFinished", Status: 400, Class: ClassUnavailable, Source: srcEmulator + " (a task of the domain is still running: tried again)"}}},
	{Product: "Domain", Version: "2018-01-29", Name: "SaveSingleTaskForCreatingOrderRenew", Access: Write, Source: domainAPI("update"),
		ResendWhy: noResend + "A repeat may renew, and charge, twice; CurrentExpirationDate refuses it only once the first renewal has moved the date.",
		Codes:     []Code{domainNotExist, {Code: "InvalidCurrentExpirationDate", Status: 400, Class: ClassOther, Source: srcEmulator}}},
	{Product: "Domain", Version: "2018-01-29", Name: "SaveBatchTaskForModifyingDomainDns", Access: Write, Source: domainAPI("update"),
		ResendWhy: noResend + "A repeat starts another task setting the same name servers.",
		Codes:     []Code{domainNotExist, {Code: "InvalidDomainNameServer", Status: 400, Class: ClassOther, Source: srcEmulator}}},
	{Product: "Domain", Version: "2018-01-29", Name: "SaveBatchTaskForDomainNameProxyService", Access: Write,
		Source:    meta("domain", "2018-01-29", "operationType write (its systemTags are empty)"),
		ResendWhy: noResend + "A repeat starts another task setting the same privacy state.",
		Codes:     []Code{domainNotExist}},

	// BssOpenApi 2017-12-14
	{Product: "BssOpenApi", Version: "2017-12-14", Name: "QueryAvailableInstances", Access: Read, Resend: true,
		Source: meta("bssopenapi", "2017-12-14", "systemTags.operationType get")},

	// Companyreg 2026-04-23 and Beian 2016-08-10: not in the metadata snapshot, and the
	// darabonba models carry no operation type.
	{Product: "Companyreg", Version: "2026-04-23", Name: "QuerySuccessIcpData", Access: Read, Resend: true,
		Source: "UNVERIFIED: no model states its operation type; a query whose only parameter is the optional Caller (darabonba model companyreg-20260423) can change nothing. Its ErrorCode values are unverified too (typed int32, example \"NoPermission\")"},
	{Product: "Beian", Version: "2016-08-10", Name: "QueryAccessorDomainStatus", Access: Read, Resend: true,
		Source: "UNVERIFIED: no model states its operation type; a status query by Domain and Caller (darabonba model beian-20160810) reads only"},

	// Ecs 2014-05-26, Vpc 2016-04-28, Slb 2014-05-15: their metadata lists their codes.
	// A code saying that a parameter value (a language, a filter, a status the client never
	// sends) is ".NotFound" is bad input, not an object that is gone: ClassOther.
	{Product: "Ecs", Version: "2014-05-26", Name: "DescribeRegions", Access: Read, Resend: true,
		Source: meta("ecs", "2014-05-26", "systemTags.operationType get"),
		Codes: metaCodes("ecs", "2014-05-26", "DescribeRegions", []Code{{Code: "Unauthorized.EmptyRegion", Status: 403, Class: ClassAuth}, {Code: "Invalid.InstanceChargeType", Status: 403, Class: ClassOther},
			{Code: "InvalidAcceptLanguage.NotFound", Status: 404, Class: ClassOther}, {Code: "InvalidResourceType.NotFound", Status: 404, Class: ClassOther}})},
	{Product: "Ecs", Version: "2014-05-26", Name: "DescribeInstances", Access: Read, Resend: true,
		Source: meta("ecs", "2014-05-26", "systemTags.operationType get"),
		Codes: metaCodes("ecs", "2014-05-26", "DescribeInstances", []Code{{Code: "InvalidTag.Mismatch", Status: 400, Class: ClassOther}, {Code: "InvalidTagCount", Status: 400, Class: ClassOther},
			{Code: "InvalidHpcClusterId.NotFound", Status: 400, Class: ClassOther}, {Code: "InvalidHpcClusterId.Creating", Status: 400, Class: ClassOther},
			{Code: "InvalidInstanceChargeType.NotFound", Status: 404, Class: ClassOther}, {Code: "InvalidInternetChargeType.ValueNotSupported", Status: 404, Class: ClassOther},
			{Code: "InvalidLockReason.NotFound", Status: 404, Class: ClassOther}, {Code: "InvalidFilterKey.NotFound", Status: 404, Class: ClassOther}, {Code: "InvalidFilterValue", Status: 404, Class: ClassOther},
			{Code: "InvalidNetworkType.NotFound", Status: 404, Class: ClassOther}, {Code: "InvalidStatus.NotFound", Status: 404, Class: ClassOther}})},
	{Product: "Vpc", Version: "2016-04-28", Name: "DescribeEipAddresses", Access: Read, Resend: true,
		Source: meta("vpc", "2016-04-28", "systemTags.operationType list"),
		Codes: metaCodes("vpc", "2016-04-28", "DescribeEipAddresses", []Code{
			{Code: "InvalidIAssociatedInstanceType.ValueNotSupported", Status: 400, Class: ClassOther}, {Code: "InvalidChargeType.ValueNotSupported", Status: 400, Class: ClassOther},
			{Code: "InvalidAliuid", Status: 400, Class: ClassOther}, {Code: "InvalidResourceGroupId", Status: 400, Class: ClassOther}, {Code: "InstanceType.Invalid", Status: 400, Class: ClassOther},
			{Code: "InstanceIdLength.Exceed", Status: 400, Class: ClassOther}, {Code: "InvalidTagKey", Status: 400, Class: ClassOther}, {Code: "InvalidTagValue", Status: 400, Class: ClassOther},
			{Code: "OperationUnsupported.ResourceGroupId", Status: 400, Class: ClassOther}, {Code: "IellgalParameter.OwnerAccount", Status: 400, Class: ClassOther},
			{Code: "InvalidFilterValue", Status: 404, Class: ClassOther}, {Code: "InvalidFilterKey.NotFound", Status: 404, Class: ClassOther}, {Code: "InvalidLockReason.NotFound", Status: 404, Class: ClassOther},
			// "Specified region is not found during access authentication": the region is not
			// open to the account, which the account scan skips like a missing permission.
			{Code: "Forbidden.RegionNotFound", Status: 404, Class: ClassAuth}})},
	{Product: "Slb", Version: "2014-05-15", Name: "DescribeLoadBalancers", Access: Read, Resend: true,
		Source: meta("slb", "2014-05-15", "systemTags.operationType get"),
		Codes: metaCodes("slb", "2014-05-15", "DescribeLoadBalancers", []Code{{Code: "InvalidTag", Status: 400, Class: ClassOther}, {Code: "TooManyResult", Status: 400, Class: ClassOther},
			// "Please try again later" in its message, but no source says it is transient:
			// left ClassOther (not tried again), as before the table.
			{Code: "LocationServiceTimeout", Status: 400, Class: ClassOther}})},

	// Vpc 2016-04-28 DescribeNatGateways: a NAT gateway's billing for beian_readiness's
	// server_eligible.
	{Product: "Vpc", Version: "2016-04-28", Name: "DescribeNatGateways", Access: Read, Resend: true,
		Source: meta("vpc", "2016-04-28", "systemTags.operationType get"),
		Codes:  metaCodes("vpc", "2016-04-28", "DescribeNatGateways", []Code{{Code: "InvalidRegionId.NotFound", Status: 404, Class: ClassOther}})},

	// ResourceCenter 2022-12-01: the account's resources of every region in one listing.
	// Its metadata gives NoPermission status 400 (403 among the common codes: one class,
	// auth). What it answers when Resource Center is not enabled is documented
	// nowhere: ServiceNotEnabled ("ResourceCenter Service is not enabled.") is the
	// product's code for that state, documented on DisableResourceCenter.
	{Product: "ResourceCenter", Version: "2022-12-01", Name: "SearchResources", Access: Read, Resend: true,
		Source: meta("resourcecenter", "2022-12-01", "systemTags.operationType list"),
		Codes: append(metaCodes("resourcecenter", "2022-12-01", "SearchResources", []Code{{Code: "NoPermission", Status: 400, Class: ClassAuth},
			{Code: "InvalidParameter.MaxResults", Status: 400, Class: ClassOther},
			{Code: "InvalidParameter.SortCriterion.Key", Status: 409, Class: ClassOther}, {Code: "ExceedLimit.Filter", Status: 409, Class: ClassOther}}),
			resourceCenterNotEnabled)},
	{Product: "ResourceCenter", Version: "2022-12-01", Name: "GetResourceCenterServiceStatus", Access: Read, Resend: true,
		Source: meta("resourcecenter", "2022-12-01", "systemTags.operationType get"),
		Codes:  metaCodes("resourcecenter", "2022-12-01", "GetResourceCenterServiceStatus", []Code{{Code: "NoPermission", Status: 400, Class: ClassAuth}})},

	// antiddos-public 2017-05-18: the region and instance of one of the account's public
	// addresses. Its metadata lists no error codes at all, so only the common ones are
	// declared; what it answers for an address the account does not hold is undocumented.
	{Product: "antiddos-public", Version: "2017-05-18", Name: "DescribeIpLocationService", Access: Read, Resend: true,
		Source: meta("antiddos-public", "2017-05-18", "systemTags.operationType get")},

	// SWAS-OPEN 2020-06-01: Simple Application Servers (轻量应用服务器), per region.
	{Product: "SWAS-OPEN", Version: "2020-06-01", Name: "ListInstances", Access: Read, Resend: true,
		Source: meta("swas-open", "2020-06-01", "systemTags.operationType get"),
		Codes: metaCodes("swas-open", "2020-06-01", "ListInstances", []Code{
			{Code: "InvalidChargeType.ValueNotSupported", Status: 400, Class: ClassOther},
			{Code: "InvalidPublicIpAddresses.ValueNotSupported", Status: 400, Class: ClassOther},
			// InstanceIds is a filter: an id it does not know is a bad filter value, and
			// the lookup that sends it reads an empty answer as "gone" itself.
			{Code: "InvalidInstanceId.NotFound", Status: 404, Class: ClassOther}})},
	// Sts 2015-04-01 AssumeRoleWithOIDC is sent by Alibaba's credential provider (credentials-go) for
	// assume_role_with_oidc, not by this client; the emulator serves it. It creates nothing
	// in the account, like AssumeRole. Its request carries no signature (the darabonba
	// model's AuthType "Anonymous"). No source lists its error codes.
	{Product: "Sts", Version: "2015-04-01", Name: "AssumeRoleWithOIDC", Access: Read, Resend: true,
		Source: "darabonba model github.com/alibabacloud-go/sts-20150401/v2@v2.0.4 (AssumeRoleWithOIDC: AuthType Anonymous, no operation type; it issues a credential and changes nothing, as AssumeRole, which the metadata tags get)",
		Codes: []Code{
			{Code: "InvalidParameter.RoleArn", Status: 400, Class: ClassOther, Source: meta("sts", "2015-04-01", "AssumeRole errorCodes, the same parameter")},
			{Code: "InvalidParameter.RoleSessionName", Status: 400, Class: ClassOther, Source: meta("sts", "2015-04-01", "AssumeRole errorCodes, the same parameter")},
			{Code: "InvalidParameter.DurationSeconds", Status: 400, Class: ClassOther, Source: meta("sts", "2015-04-01", "AssumeRole errorCodes, the same parameter")},
			{Code: "InvalidParameter.OIDCProviderArn", Status: 400, Class: ClassOther, Source: srcEmulator},
			{Code: "InvalidParameter.OIDCToken", Status: 400, Class: ClassOther, Source: srcEmulator},
			{Code: "AuthenticationFail.OIDCToken.Expired", Status: 400, Class: ClassOther, Source: srcEmulator},
		}},

	// Sts 2015-04-01: the metadata tags AssumeRole "get" — it creates nothing in the account
	// (a repeat issues one more temporary credential), so a timed-out call is sent again.
	{Product: "Sts", Version: "2015-04-01", Name: "AssumeRole", Access: Read, Resend: true,
		Source: meta("sts", "2015-04-01", "systemTags.operationType get"),
		Codes: metaCodes("sts", "2015-04-01", "AssumeRole", []Code{
			{Code: "InvalidParameter.DurationSeconds", Status: 400, Class: ClassOther}, {Code: "InvalidParameter.ExternalId", Status: 400, Class: ClassOther},
			{Code: "InvalidParameter.RoleArn", Status: 400, Class: ClassOther}, {Code: "InvalidParameter.RoleSessionName", Status: 400, Class: ClassOther},
			{Code: "InvalidParameter.SerialNumber", Status: 400, Class: ClassOther}, {Code: "InvalidParameter.TokenCode", Status: 400, Class: ClassOther},
			{Code: "InvalidParameter.PolicyGrammar", Status: 400, Class: ClassOther}, {Code: "InvalidParameter.PolicySize", Status: 400, Class: ClassOther},
			{Code: "InvalidParameter.ContentType", Status: 400, Class: ClassOther},
			{Code: "AuthenticationFail.ApiUsername", Status: 403, Class: ClassAuth}, {Code: "AuthenticationFail.ApiPassword", Status: 403, Class: ClassAuth},
			// The role of assume_role does not exist: a setting to fix, not an object to forget.
			{Code: "EntityNotExist.Role", Status: 404, Class: ClassOther}})},
}

// metaCodes gives the codes an action's metadata lists (its errorCodes, with their HTTP
// status) the source, sorted by code.
func metaCodes(product, version, action string, codes []Code) []Code {
	out := append([]Code(nil), codes...)
	for i := range out {
		out[i].Source = meta(product, version, action+" errorCodes")
	}
	sortCodes(out)
	return out
}
