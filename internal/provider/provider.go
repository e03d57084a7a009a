// Package provider is the terraform-plugin-framework glue of the beian provider: schemas,
// plan checks and diagnostics. The rules live in internal/icp and internal/mainland, the
// cloud calls in internal/aliyun.
package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
	"github.com/beian-dev/terraform-provider-beian/internal/readiness"
)

// RegistryAddress is the provider's source address, used by main and the release build.
const RegistryAddress = "registry.terraform.io/beian-dev/beian"

// TypeName is the provider type name: resources are beian_*.
const TypeName = "beian"

var (
	_ provider.Provider                  = (*beianProvider)(nil)
	_ provider.ProviderWithFunctions     = (*beianProvider)(nil)
	_ provider.ProviderWithListResources = (*beianProvider)(nil)
)

type beianProvider struct {
	version string
	// getenv, home and now are replaceable in tests.
	getenv func(string) string
	home   func() (string, error)
	now    func() time.Time
	// failure is the run's provider-level failure, which the protocol server reports
	// once (provider_server.go); nil when the provider is served without it.
	failure *runFailure
}

// New returns the provider factory for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &beianProvider{version: version, getenv: os.Getenv, home: os.UserHomeDir, now: time.Now}
	}
}

type providerModel struct {
	AccessKey             types.String     `tfsdk:"access_key"`
	SecretKey             types.String     `tfsdk:"secret_key"`
	SecurityToken         types.String     `tfsdk:"security_token"`
	Profile               types.String     `tfsdk:"profile"`
	SharedCredentialsFile types.String     `tfsdk:"shared_credentials_file"`
	Region                types.String     `tfsdk:"region"`
	AssumeRole            *assumeRoleModel `tfsdk:"assume_role"`
	Endpoints             types.Object     `tfsdk:"endpoints"`
	MaxRetries            types.Int64      `tfsdk:"max_retries"`
	ClientConnectTimeout  types.String     `tfsdk:"client_connect_timeout"`
	ClientReadTimeout     types.String     `tfsdk:"client_read_timeout"`
	RequestsPerSecond     types.Float64    `tfsdk:"requests_per_second"`
	Enforcement           types.String     `tfsdk:"enforcement"`
	IcpSource             types.String     `tfsdk:"icp_source"`
	DeclaredFilings       types.Map        `tfsdk:"declared_filings"`
	MainlandCIDRs         types.List       `tfsdk:"mainland_cidrs"`
	OffshoreCIDRs         types.List       `tfsdk:"offshore_cidrs"`
	LocationSources       types.List       `tfsdk:"location_sources"`
	RIRSources            types.List       `tfsdk:"rir_sources"`
	RIRCacheMaxAge        types.String     `tfsdk:"rir_cache_max_age"`
	AccountLookup         types.Bool       `tfsdk:"account_lookup"`
	AccountLookupMethods  types.List       `tfsdk:"account_lookup_methods"`

	// The alicloud provider's arguments (provider_alicloud.go).
	ECSRoleName          types.String `tfsdk:"ecs_role_name"`
	CredentialsURI       types.String `tfsdk:"credentials_uri"`
	AssumeRoleWithOIDC   *oidcModel   `tfsdk:"assume_role_with_oidc"`
	Protocol             types.String `tfsdk:"protocol"`
	SkipRegionValidation types.Bool   `tfsdk:"skip_region_validation"`
	ConfigurationSource  types.String `tfsdk:"configuration_source"`
	alicloudUnusedModel
}

type assumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	ExternalID        types.String `tfsdk:"external_id"`
}

// endpointURLs reads the endpoints block: one attribute per row of aliyun.Products, and
// alicloud's names for them (alicloudEndpointAliases). A value without a scheme gets
// http:// when protocol is HTTP (alicloud's protocol argument), else https://.
func endpointURLs(block types.Object, protocol string) (map[aliyun.Product]string, error) {
	if block.IsNull() || block.IsUnknown() {
		return nil, nil
	}
	out := map[aliyun.Product]string{}
	from := map[aliyun.Product]string{}
	attrs := block.Attributes()
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sv, ok := attrs[name].(types.String)
		if !ok || sv.IsNull() || sv.IsUnknown() || strings.TrimSpace(sv.ValueString()) == "" {
			continue
		}
		p := aliyun.Product(name)
		if alias, ok := alicloudEndpointAliases[name]; ok {
			p = alias
		} else if !isProduct(p) {
			continue // one of alicloud's other keys: named in a warning
		}
		v := strings.TrimSpace(sv.ValueString())
		v = guardconfig.EndpointURL(v, protocol)
		if prev, dup := from[p]; dup && out[p] != v {
			return nil, fmt.Errorf("endpoints.%s and endpoints.%s both set the %s endpoint, to different values (%q and %q); keep one", prev, name, p, out[p], v)
		}
		out[p], from[p] = v, name
	}
	return out, nil
}

func isProduct(p aliyun.Product) bool {
	for _, info := range aliyun.Products {
		if info.Product == p {
			return true
		}
	}
	return false
}

// endpointsBlock is the endpoints block's schema, an attribute per product.
func endpointsBlock() schema.SingleNestedBlock {
	attrs := map[string]schema.Attribute{}
	for _, p := range aliyun.Products {
		host := strings.ReplaceAll(p.Host, "{region}", "cn-hangzhou")
		attrs[string(p.Product)] = schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("URL of the %s API, e.g. `https://%s`. HTTPS unless the URL says `http://` explicitly. Wins over `BEIAN_ENDPOINT_OVERRIDE`.", p.Title, host),
		}
	}
	for alias, p := range alicloudEndpointAliases {
		attrs[alias] = schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: fmt.Sprintf("The alicloud provider's name for `%s`; the same as setting it.", p),
		}
	}
	for _, k := range alicloudUnusedEndpoints {
		attrs[k] = schema.StringAttribute{Optional: true, MarkdownDescription: "An alicloud provider endpoint of a product this provider does not call: accepted, not used (it warns)."}
	}
	return schema.SingleNestedBlock{
		MarkdownDescription: "Per-product endpoint overrides (private endpoints, proxies, the emulator): a URL, or a bare host name (HTTPS, " +
			"or HTTP with `protocol = \"HTTP\"`). The alicloud provider's keys are accepted too: `dns` is `alidns`, and the keys of " +
			"products this provider does not call (`rds`, `oss`, …) are accepted and named in a warning.",
		Attributes: attrs,
	}
}

// providerData is handed to every resource and data source: the cloud client and the
// services built on it, each one for the whole provider run.
type providerData struct {
	client *aliyun.Client
	now    func() time.Time
	// guard judges DNS records (the ICP guard); its Filings answer ICP filing questions
	// (icp_source and declared_filings), its Locator classifies addresses. It keeps the
	// run's planned record changes.
	guard *guard.Guard
	// plannedZones are the domains (lower-case punycode) that a beian_domain of this run
	// registers or adopts: their zones may not exist yet when a record in them is planned.
	plannedZones sync.Map
	// account finds servers in the account and reads their billing (beian_readiness's
	// server_eligible); nil when account_lookup = false or there is no client.
	account readiness.Account
	// claims holds the records the beian_dns_record creates of this run have claimed, by
	// dnsrecord.Key → dnsrecord.Marker: the first create of a record claims it, a second
	// resource creating the same record in the same run fails instead of sharing it. Not a
	// cache: nothing is ever read back except to refuse a second claim.
	claims sync.Map
}

func (p *beianProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = TypeName
	resp.Version = p.version
}

func (p *beianProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The `beian` provider treats China ICP filing (备案) prerequisites as infrastructure: domains on auto-renew, " +
			"the DNS records that point a domain at its server, and a plan-time guard that fails when a record would resolve to a " +
			"mainland-China server before the domain's ICP filing is approved. It talks to Alibaba Cloud (阿里云).\n\n" +
			"Credentials are looked up in this order, as the alicloud provider and Alibaba's credential chain (credentials-go) do: what the " +
			"provider block says — `access_key`/`secret_key`, `assume_role_with_oidc`, `ecs_role_name`, `credentials_uri` or `profile`; " +
			"the environment — `ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`/`ALIBABA_CLOUD_SECURITY_TOKEN` (or the alicloud " +
			"provider's `ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`), an OIDC login as RRSA injects it " +
			"(`ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`), an ECS instance RAM role " +
			"(`ALIBABA_CLOUD_ECS_METADATA`/`ALICLOUD_ECS_ROLE_NAME`), a credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`/`ALICLOUD_CREDENTIALS_URI`), " +
			"a profile named by `ALIBABA_CLOUD_PROFILE`/`ALICLOUD_PROFILE`; then the current profile of the Alibaba Cloud CLI's config file. " +
			"`assume_role` then assumes a role with whichever was found. A provider block written for the alicloud provider works unchanged: " +
			"its other arguments are accepted, and those that mean nothing here are named in a warning. " +
			"Set `BEIAN_ENDPOINT_OVERRIDE=http://127.0.0.1:18080` to send every request to the bundled emulator (`beian-emulator`).",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Alibaba Cloud AccessKey ID. Environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` or `ALICLOUD_ACCESS_KEY`. Must be set together with `secret_key`; conflicts with `profile`.",
				Validators:          staticKeyRules("secret_key"),
			},
			"secret_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Alibaba Cloud AccessKey secret. Environment: `ALIBABA_CLOUD_ACCESS_KEY_SECRET` or `ALICLOUD_SECRET_KEY`. Never logged. Must be set together with `access_key`; conflicts with `profile`.",
				Validators:          staticKeyRules("access_key"),
			},
			"security_token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "STS security token for temporary credentials. Environment: `ALIBABA_CLOUD_SECURITY_TOKEN` or `ALICLOUD_SECURITY_TOKEN`. Never logged. Conflicts with `profile` (a profile brings its own credentials).",
				// Without access_key it needs ALIBABA_CLOUD_ACCESS_KEY_ID, which a
				// validator cannot see: that rule stays in aliyun.ResolveCredentials.
				Validators: []validator.String{stringvalidator.ConflictsWith(path.MatchRoot("profile"))},
			},
			"profile": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Name of a profile in the Alibaba Cloud CLI's config file. Modes `AK`, `StsToken` and `RamRoleArn` are read here; " +
					"`EcsRamRole`, `OIDC`, `ChainableRamRoleArn`, `CloudSSO`, `OAuth` and `External` through Alibaba's credential provider (credentials-go). " +
					"The profile's `region_id` is the default region. Environment: `ALIBABA_CLOUD_PROFILE` or `ALICLOUD_PROFILE`. Conflicts with `access_key`.",
			},
			"shared_credentials_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Path of the Alibaba Cloud CLI's config file. Default `~/.aliyun/config.json`. Environment: " +
					"`ALIBABA_CLOUD_CREDENTIALS_FILE` or `ALICLOUD_SHARED_CREDENTIALS_FILE` (the alicloud provider's names), or `ALIBABA_CLOUD_CONFIG_FILE`.",
			},
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Default region for regional APIs (ECS, VPC, SLB). Environment: `ALIBABA_CLOUD_REGION`, `ALIBABA_CLOUD_REGION_ID` or " +
					"`ALICLOUD_REGION`; else the `region_id` of the CLI profile the credentials come from; else `cn-hangzhou`.",
				Validators: []validator.String{regionValidator{}},
			},
			"skip_region_validation": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Accept a `region` whose form this provider does not know (the alicloud provider's argument). Default `false`.",
			},
			"ecs_role_name": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Log in with the RAM role attached to the ECS instance Terraform runs on: temporary credentials from the instance " +
					"metadata service (`http://100.100.100.200/latest/meta-data/ram/security-credentials/<name>`), renewed before they expire. " +
					"`*` asks the metadata service for the role's name. Environment: `ALIBABA_CLOUD_ECS_METADATA` or `ALICLOUD_ECS_ROLE_NAME`. " +
					"Conflicts with `access_key`, `profile` and `credentials_uri`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("access_key"), path.MatchRoot("profile"), path.MatchRoot("credentials_uri"))},
			},
			"credentials_uri": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Log in with temporary credentials from a credentials service (a sidecar) at this URL, which answers " +
					"`{\"Code\": \"Success\", \"AccessKeyId\", \"AccessKeySecret\", \"SecurityToken\", \"Expiration\"}`. Environment: " +
					"`ALIBABA_CLOUD_CREDENTIALS_URI` or `ALICLOUD_CREDENTIALS_URI`. Conflicts with `access_key` and `profile`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1),
					stringvalidator.ConflictsWith(path.MatchRoot("access_key"), path.MatchRoot("profile"))},
			},
			"protocol": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "`HTTPS` (default) or `HTTP`: the scheme of the `endpoints` given as a bare host name (the alicloud provider's " +
					"argument). Alibaba Cloud's public endpoints are always asked over HTTPS.",
				Validators: []validator.String{stringvalidator.OneOf("HTTPS", "HTTP")},
			},
			"configuration_source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A mark of where the configuration comes from, appended to the User-Agent of every request (the alicloud provider's " +
					"argument), at most 1,024 characters. Environment: `TF_APPEND_USER_AGENT`.",
				Validators: []validator.String{stringvalidator.LengthAtMost(1024)},
			},
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("How many times a call is retried on throttling (`Throttling*`), `ServiceUnavailable`, `InternalError`, `LastOperationNotFinished`, HTTP 5xx and connection errors, with exponential backoff and jitter. An endpoint that cannot be reached — a refused connection (nothing listens there), no route to it, or a host name that does not exist — is tried once more only, at once. Client errors (4xx) are never retried. Default %d.", aliyun.DefaultMaxRetries),
				Validators:          []validator.Int64{int64validator.Between(0, 30)},
			},
			"client_connect_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long opening a connection to an Alibaba Cloud endpoint (TCP and TLS handshake) may take, as a duration such as `\"5s\"`. Default `\"%s\"`. "+
					"A bare number is milliseconds, as in the alicloud provider's setting of the same name.", aliyun.DefaultConnectTimeout),
				Validators: []validator.String{connectTimeout},
			},
			"client_read_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one attempt of an API call may take from dialling to the last byte of the answer, as a duration such as `\"10s\"`. Default `\"%s\"`. "+
					"A read (as Alibaba Cloud's API metadata classes the action: `Describe*`, `Query*`, `CheckDomain`, STS `AssumeRole`) that times out is tried once more; a write that times out is not, because it may have been carried out. "+
					"An action whose reads time out twice on an endpoint is not asked there again in the same run, and once two actions have, the endpoint is not asked at all: later calls fail at once with the first cause, so a blackholed endpoint costs about four timeouts per run, not two per call. "+
					"A bare number is milliseconds, as in the alicloud provider's setting of the same name.", aliyun.DefaultReadTimeout),
				Validators: []validator.String{readTimeout},
			},
			"requests_per_second": schema.Float64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("Client-side rate limit (token bucket) shared by every call of one provider run, to stay under Alibaba Cloud's API quotas. Default %d; `0` disables it.", aliyun.DefaultRequestsPerSecond),
				Validators:          []validator.Float64{float64validator.Between(0, 1000)},
			},
			"enforcement": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What the ICP guard (备案检查) does when a DNS record would point a domain without an approved ICP filing at a " +
					"mainland-China server: `error` (default) fails the plan, `warn` only warns.",
				Validators: []validator.String{stringvalidator.OneOf(string(guard.EnforceError), string(guard.EnforceWarn))},
			},
			"icp_source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Where ICP filing status comes from: `companyreg` (default; the account's approved filings, Alibaba Cloud " +
					"companyreg `QuerySuccessIcpData`), `beian` (`QueryAccessorDomainStatus` of the Beian API, for access-provider accounts), " +
					"or `declared` (only `declared_filings`, no API call). Answers are cached for the provider run.",
				Validators: []validator.String{stringvalidator.OneOf(icpstatus.Sources...)},
			},
			"declared_filings": schema.MapAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "ICP numbers of filings made through another access provider (接入商), by domain: " +
					"`{ \"example.com\" = \"浙ICP备12345678号-1\" }`. The guard accepts them when the API source does not list the domain; " +
					"`beian_filing` reports them as `verified = false`.",
			},
			"mainland_cidrs": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Addresses (CIDRs or single IPs) to treat as mainland-China servers. Wins over every other source.",
			},
			"offshore_cidrs": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Addresses (CIDRs or single IPs) to treat as servers outside mainland China (Hong Kong, Macau, Taiwan, abroad). Wins over every other source.",
			},
			"location_sources": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Where the ICP guard looks up the location of an address that `mainland_cidrs`/`offshore_cidrs` and the " +
					"account do not settle: `CN` is mainland; `HK`, `MO`, `TW` and every other country are offshore. Entries are asked in order, " +
					"the first that places the address decides: `\"embedded\"` is the location table compiled into the provider " +
					"(origin networks from RouteViews routing data and two geolocation sources, `@ip-location-db/dbip-country` and " +
					"`@ip-location-db/geo-whois-asn-country`, combined as the ICP guard guide describes; each verdict names its sources, " +
					"their date and whether they agree), any other " +
					"entry a local path or http(s) URL of a CSV file in the same format (`start,end,country_code`, addresses or numbers, e.g. " +
					"that package's `geo-whois-asn-country-ipv4-num.csv` and `-ipv6-num.csv`) — to use a fresher copy than the embedded one, " +
					"list it first: `[\"/data/geo-whois-asn-country-ipv4-num.csv\", \"embedded\"]`. URLs are downloaded on first need and " +
					"cached like `rir_sources`. Default `[\"embedded\"]`: no file, no network. `[]` turns location data off. A local " +
					"path that does not exist is a configuration error.",
			},
			"rir_sources": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Registry delegation files (APNIC `delegated-apnic-latest` format), as local paths or http(s) URLs, asked " +
					"only when `location_sources` does not place an address: `CN` is mainland, `HK`/`MO`/`TW` and other countries are offshore. " +
					"A registry's country is the block holder's, not necessarily the server's, so its \"not CN\" is reported as weaker " +
					"evidence. Default `[]`: nothing is downloaded. " +
					"E.g. `[\"https://ftp.apnic.net/stats/apnic/delegated-apnic-latest\"]`: downloaded on first need and cached in the user " +
					"cache directory; a failed download is remembered for the run and, for 15 minutes, across runs. A local path that does " +
					"not exist is a configuration error.",
			},
			"rir_cache_max_age": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "How long a downloaded registry or location file (`rir_sources`, `location_sources` URLs) is used before it is downloaded again, e.g. `24h` (default) or `168h`, at most `8760h`. A stale copy is used, with a warning, when a download fails.",
				Validators:          []validator.String{rirCacheMaxAge},
			},
			"account_lookup": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Classify addresses by the account's own servers — ECS instances, EIPs, CLB (SLB), ALB and NLB instances, NAT gateways and " +
					"Simple Application Servers (轻量应用服务器); regions `cn-*` except `cn-hongkong` are mainland. Default `true`. How the account is " +
					"searched is `account_lookup_methods`. `false` decides without the account (declarations and location data only).",
			},
			"account_lookup_methods": schema.ListAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "How the account lookup (`account_lookup`) searches the account, in order; a method the account cannot use is left " +
					"for the rest of the run with one warning that says why, and the next one is used. `resource_center`: Resource Center " +
					"(资源中心) `SearchResources` lists the account's servers of every region in one call a run (100 a page) — it must be enabled " +
					"for the account (free) and the credentials need `resourcecenter:SearchResources` (and `resourcecenter:GetResourceCenterServiceStatus`). " +
					"`ip_location_service`: Anti-DDoS `DescribeIpLocationService`, one call per distinct address (`yundun-ddos:DescribeIpLocationService`); " +
					"it does not know ALB, NLB or NAT gateway addresses. `region_scan`: ECS, EIP and CLB listed in every region, about three calls a " +
					"region once a run; it does not see Simple Application Servers, ALB or NLB. Default `[\"resource_center\", \"ip_location_service\", \"region_scan\"]`.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(stringvalidator.OneOf(aliyun.AccountLookupMethods()...))},
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Assume a RAM role with STS before any other call; the credentials found above (static, an ECS role, OIDC …) sign the AssumeRole request.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "ARN of the RAM role, e.g. `acs:ram::123456789012:role/terraform`. Environment: `ALIBABA_CLOUD_ROLE_ARN` or `ALICLOUD_ASSUME_ROLE_ARN`. " +
							"Empty (and no environment variable): no role is assumed, as in the alicloud provider.",
					},
					"session_name": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Role session name shown in ActionTrail: 2–64 letters, digits and `.@-_`. Environment: `ALIBABA_CLOUD_ROLE_SESSION_NAME` or `ALICLOUD_ASSUME_ROLE_SESSION_NAME`. Default `terraform-provider-beian`.",
						Validators:          sessionNameValidators,
					},
					"external_id": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "The role's external ID, which a role trusted by another account can demand (against the confused deputy " +
							"problem): 2–1,224 letters, digits and `= , . @ : / - _`.",
						Validators: externalIDValidators,
					},
					"policy": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "A RAM policy (JSON) that further restricts the session.",
					},
					"session_expiration": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Session lifetime in seconds, 900–43200 (at most the role's maximum session duration). Environment: `ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION`. Default 3600. The session is renewed when less than five minutes of it are left, so a long apply needs no longer one.",
						Validators:          []validator.Int64{int64validator.Between(900, 43200)},
					},
				},
			},
			"assume_role_with_oidc": oidcBlock(),
			"endpoints":             endpointsBlock(),
			"sign_version":          signVersionBlock(),
			"features":              featuresBlock(),
		},
	}
	for name, a := range alicloudUnusedAttributes() {
		resp.Schema.Attributes[name] = a
	}
}

func (p *beianProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewDNSRecordResource,
		NewDomainResource,
	}
}

// ListResources are the list resources `terraform query` (Terraform 1.14+) lists with.
func (p *beianProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewDNSRecordListResource}
}

func (p *beianProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewRegionsDataSource,
		NewFilingDataSource,
		NewSiteComplianceDataSource,
		NewReadinessDataSource,
		NewDNSRecordsDataSource,
		NewRecordGuardDataSource,
	}
}

func (p *beianProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewParseICPNumberFunction,
		NewParsePublicSecurityNumberFunction,
		NewParseICPLicenseFunction,
		NewIsMainlandRegionFunction,
		NewFooterHTMLFunction,
		NewClassifyAddressFunction,
	}
}

// apiErrorDetail turns a client error into the detail of a diagnostic (aliyun.Explain:
// what failed and what to do next).
func apiErrorDetail(err error) string { return aliyun.Explain(err) }

// staticKeyRules are the rules of access_key and secret_key that the configuration alone
// settles, so `validate` reports them: each needs the other (other), and neither goes with
// profile. The rules that involve the environment stay in aliyun.ResolveCredentials, which
// also checks beian-guard's settings, which no schema validates.
func staticKeyRules(other string) []validator.String {
	return []validator.String{
		stringvalidator.AlsoRequires(path.MatchRoot(other)),
		stringvalidator.ConflictsWith(path.MatchRoot("profile")),
	}
}

// goneWarning is the warning of a refresh that finds the object of a resource gone:
// the resource type, its ID and why, and that it leaves the state and is planned for
// creation. Without it the CLI shows only a create, as if the configuration had changed.
func goneWarning(typ, id, why string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddWarning(fmt.Sprintf("%s %s no longer exists", typ, id),
		fmt.Sprintf("Refreshing %s %s found it gone: %s. It is removed from state and will be planned for creation "+
			"while the configuration still declares it.", typ, id, why))
	return diags
}

// configuredData extracts providerData in a resource's or data source's Configure.
func configuredData(raw any) (*providerData, error) {
	if raw == nil {
		return nil, nil // provider not configured yet (validate); callers check again later
	}
	d, ok := raw.(*providerData)
	if !ok {
		return nil, fmt.Errorf("unexpected provider data type %T; this is a bug in the beian provider", raw)
	}
	return d, nil
}

// connectTimeout and readTimeout check client_connect_timeout and client_read_timeout:
// a duration, or a bare number of milliseconds (the alicloud provider's unit).
var (
	connectTimeout = durationValidator{guardconfig.ClientConnectTimeout}
	readTimeout    = durationValidator{guardconfig.ClientReadTimeout}
)

// regionPattern matches Alibaba Cloud region IDs (cn-hangzhou, ap-southeast-1, us-west-1 …).
var regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+)+$`)

// resourceBase and dataSourceBase are embedded by every resource and data source that
// calls the cloud: they receive the provider's data in Configure.
type resourceBase struct{ data *providerData }

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	data, err := configuredData(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Provider not configured", err.Error())
		return
	}
	b.data = data
}

type dataSourceBase struct{ data *providerData }

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, err := configuredData(req.ProviderData)
	if err != nil {
		resp.Diagnostics.AddError("Provider not configured", err.Error())
		return
	}
	b.data = data
}
