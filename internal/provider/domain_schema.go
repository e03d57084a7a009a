package provider

// The schema and model of beian_domain.

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

type domainModel struct {
	ID                       types.String   `tfsdk:"id"`
	DomainName               domainName     `tfsdk:"domain_name"`
	Years                    types.Int64    `tfsdk:"years"`
	AutoRenew                types.Bool     `tfsdk:"auto_renew"`
	RegistrantProfileID      types.Int64    `tfsdk:"registrant_profile_id"`
	AdoptExisting            types.Bool     `tfsdk:"adopt_existing"`
	DNSServers               types.Set      `tfsdk:"dns_servers"`
	PrivacyProtection        types.Bool     `tfsdk:"privacy_protection"`
	CancelAutoRenewOnDestroy types.Bool     `tfsdk:"cancel_auto_renew_on_destroy"`
	InstanceID               types.String   `tfsdk:"instance_id"`
	RegistrationDate         types.String   `tfsdk:"registration_date"`
	ExpirationDate           types.String   `tfsdk:"expiration_date"`
	DomainStatus             types.String   `tfsdk:"domain_status"`
	RealNameStatus           types.String   `tfsdk:"real_name_status"`
	RealNameVerified         types.Bool     `tfsdk:"real_name_verified"`
	DaysUntilExpiry          types.Int64    `tfsdk:"days_until_expiry"`
	FilingEligibleAfter      types.String   `tfsdk:"filing_eligible_after"`
	Timeouts                 timeouts.Value `tfsdk:"timeouts"`
}

func (r *domainResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A domain name in the Alibaba Cloud (阿里云) domain service: step one of every ICP filing (备案). " +
			"The resource either **registers** a new domain (a purchase, `adopt_existing = false`) or **adopts** one already in the " +
			"account (`adopt_existing = true`, nothing is bought), keeps it on auto-renew (自动续费), and shows its real-name " +
			"verification (实名认证) status and the date from which a filing may be submitted.\n\n" +
			"**Registration** is an asynchronous task: the provider submits it (`SaveSingleTaskForCreatingOrderActivate`), " +
			"polls `QueryTaskDetailList` with backoff until it succeeds or fails, and reports a failed task's reason verbatim. " +
			"Availability is checked with `CheckDomain` at plan time, so a taken name fails the plan before anything is bought. " +
			"The resource is saved in state as soon as the task is submitted: if the wait is interrupted or times out, the " +
			"resource is left *tainted*, never forgotten while a purchase may be running.\n\n" +
			"**Destroying never deletes the domain** (it is a purchase): the resource is removed from state with a warning, " +
			"and auto-renew is left as it was unless `cancel_auto_renew_on_destroy = true`.\n\n" +
			"Plan warnings: a domain expiring within 30 days with auto-renew off; real-name verification not passed (an ICP " +
			"filing cannot start until it succeeds); fewer than 3 years registered.\n\n" +
			"Import by domain name: `terraform import beian_domain.example example.com` (imported domains get `adopt_existing = true`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "The domain name in canonical form: lower case, punycode for internationalised names (`xn--fsqu00a.xn--fiqs8s`).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"domain_name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The domain, e.g. `example.com`. Internationalised names are accepted in either spelling " +
					"(`例子.中国` or `xn--fsqu00a.xn--fiqs8s`) and your spelling is kept in state. Changing it to a different " +
					"domain replaces the resource (the old domain stays registered: see destroy).",
				Validators: []validator.String{validDomainName},
				// Another spelling of the same domain is the same value (domainNameType), so
				// only another domain replaces the resource.
				CustomType: domainNameType{},
				PlanModifiers: []planmodifier.String{replaceOnOtherDomain(false,
					"Replaced when the domain changes (not when only its spelling does, e.g. `例子.中国` → `xn--fsqu00a.xn--fiqs8s`).")},
			},
			"years": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Subscription years (购买年限) for a new registration, 1–10. Required when `adopt_existing = false`; " +
					"not used when adopting, and changing it later does not renew the domain. The plan warns below 3: an ICP filing " +
					"is tied to the domain, and a domain that lapses loses its filing, so filings are made for domains held for several years.",
				Validators: []validator.Int64{int64validator.Between(1, 10)},
			},
			"auto_renew": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Auto-renew (自动续费). Default `true`. Set with the Domain API's `SetupDomainAutoRenew` " +
					"(`SET`/`CANCEL`) and read back from the BSS OpenAPI `QueryAvailableInstances` (`ProductCode = \"domain\"`, " +
					"`RenewStatus` `AutoRenewal` → true, `ManualRenewal`/`NotRenewal` → false), because the Domain API does not " +
					"report it; a change made outside Terraform therefore shows in the plan. Reading it needs the RAM permission " +
					"`bss:QueryAvailableInstances` (e.g. the `AliyunBSSReadOnlyAccess` policy).",
			},
			"registrant_profile_id": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "ID of the registrant profile (域名信息模板) to register the domain with. The profile must have " +
					"passed real-name verification (实名认证); it is checked at plan time. Required when `adopt_existing = false`. " +
					"Only used for registration: changing it later does not transfer the domain to another registrant (过户 is done in the console).",
			},
			"adopt_existing": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "`true`: the domain is already in this Alibaba Cloud account; nothing is bought, and the plan " +
					"fails if the domain is not in the account. `false` (default): register the domain; the plan fails clearly if " +
					"the name is taken, reserved or already in this account. Only affects creation.",
			},
			"dns_servers": schema.SetAttribute{
				ElementType: types.StringType, Optional: true, Computed: true,
				MarkdownDescription: "Name servers of the domain. Default: Alibaba Cloud DNS (云解析 DNS) — a new registration " +
					"uses it and gets its Alidns zone, so `beian_dns_record` can manage the records. Leave it unset to keep whatever " +
					"the domain uses (shown after apply); set 2–13 host names to manage them (`SaveBatchTaskForModifyingDomainDns`). " +
					"Case and a trailing dot do not matter.",
				Validators:    []validator.Set{setvalidator.SizeBetween(2, 13), setvalidator.ValueStringsAre(validDomainName)},
				PlanModifiers: []planmodifier.Set{setplanmodifier.UseStateForUnknown()},
			},
			"privacy_protection": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Privacy protection (隐私保护) of the WHOIS record (`DomainNameProxyService`). Leave unset to keep " +
					"what the domain has (a new registration starts without it); set it to manage it " +
					"(`SaveBatchTaskForDomainNameProxyService`). Some registries (e.g. `.cn`) do not offer it.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"cancel_auto_renew_on_destroy": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "When `true`, destroying the resource turns auto-renew off before removing the domain from " +
					"state, so the domain lapses at `expiration_date`. Default `false`: auto-renew is left as it is. The domain is never deleted.",
			},
			"instance_id": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Instance ID of the domain in the Domain API and in billing (BSS), e.g. `S20261234567890`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"registration_date": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Registration date, `YYYY-MM-DD` in China Standard Time (UTC+8), from `RegistrationDate`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"expiration_date": schema.StringAttribute{
				Computed: true, MarkdownDescription: "Expiration date, `YYYY-MM-DD` in China Standard Time (UTC+8), from `ExpirationDate`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"domain_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Domain status from `DomainStatus`: `NORMAL` (3, 正常), `URGENT_RENEWAL` (1, 急需续费: expired, " +
					"renew now), `URGENT_REDEMPTION` (2, 急需赎回: in redemption); any other code is shown as the API returns it.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"real_name_status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "Real-name verification (实名认证) status from `RealNameStatus`: `NONAUDIT` (not submitted), " +
					"`AUDITING` (under review), `SUCCEED` or `FAILED`. An ICP filing cannot start until it is `SUCCEED`.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"real_name_verified": schema.BoolAttribute{
				Computed: true, MarkdownDescription: "`true` when `real_name_status` is `SUCCEED`.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"days_until_expiry": schema.Int64Attribute{
				Computed: true, MarkdownDescription: "Calendar days (China Standard Time) from the day the provider last read the domain until `expiration_date`: " +
					"0 on the expiration day, negative once expired.",
			},
			"filing_eligible_after": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: fmt.Sprintf("The date (`YYYY-MM-DD`, China Standard Time) from which an ICP filing (备案) "+
					"may be submitted for this domain, by this provider's conservative rule: real-name verification (实名认证) must "+
					"have succeeded, and the domain must have been registered for %d full days (registration date + %d days), "+
					"because real-name data takes days to reach the MIIT (工信部) system and several provinces (管局) and "+
					"access providers (接入商) reject domains registered more recently. Null while real-name verification has "+
					"not succeeded (the API does not tell when it will). Your access provider may be stricter.", icp.FilingWaitDays, icp.FilingWaitDays),
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": domainTimeouts.attribute(ctx),
		},
	}
}
