// Package provider is the terraform-plugin-framework glue of the beian provider: schemas,
// plan checks and diagnostics. The rules live in internal/icp and internal/mainland, the
// cloud calls in internal/aliyun.
package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icpstatus"
)

// RegistryAddress is the provider's source address, used by main and the release build.
const RegistryAddress = "registry.terraform.io/beian-dev/beian"

// TypeName is the provider type name: resources are beian_*.
const TypeName = "beian"

var (
	_ provider.Provider              = (*beianProvider)(nil)
	_ provider.ProviderWithFunctions = (*beianProvider)(nil)
)

type beianProvider struct {
	version string
	// getenv, home and now are replaceable in tests.
	getenv func(string) string
	home   func() (string, error)
	now    func() time.Time
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
}

type assumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
}

// endpointURLs reads the endpoints block: one attribute per row of aliyun.Products.
func endpointURLs(block types.Object) map[aliyun.Product]string {
	if block.IsNull() || block.IsUnknown() {
		return nil
	}
	out := map[aliyun.Product]string{}
	for name, v := range block.Attributes() {
		if sv, ok := v.(types.String); ok && !sv.IsNull() && !sv.IsUnknown() {
			out[aliyun.Product(name)] = sv.ValueString()
		}
	}
	return out
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
	return schema.SingleNestedBlock{
		MarkdownDescription: "Per-product endpoint overrides (private endpoints, proxies, the emulator).",
		Attributes:          attrs,
	}
}

// providerData is handed to every resource and data source: the cloud client and the
// services built on it, each one for the whole provider run.
type providerData struct {
	client *aliyun.Client
	now    func() time.Time
	// guard judges DNS records (the ICP guard); its Filings answer ICP filing questions
	// (icp_source and declared_filings), its Locator classifies addresses.
	guard *guard.Guard
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
			"Credentials are looked up in this order: `access_key`/`secret_key` in the provider block (or `profile`, when set there); " +
			"the environment variables `ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`/`ALIBABA_CLOUD_SECURITY_TOKEN` " +
			"(or the alicloud provider's `ALICLOUD_ACCESS_KEY`/`ALICLOUD_SECRET_KEY`/`ALICLOUD_SECURITY_TOKEN`); a profile of the Alibaba Cloud CLI " +
			"named by `ALIBABA_CLOUD_PROFILE`/`ALICLOUD_PROFILE` or the file's current profile. " +
			"Set `BEIAN_ENDPOINT_OVERRIDE=http://127.0.0.1:18080` to send every request to the bundled emulator (`beian-emulator`).",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Alibaba Cloud AccessKey ID. Environment: `ALIBABA_CLOUD_ACCESS_KEY_ID` or `ALICLOUD_ACCESS_KEY`. Must be set together with `secret_key`.",
			},
			"secret_key": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Alibaba Cloud AccessKey secret. Environment: `ALIBABA_CLOUD_ACCESS_KEY_SECRET` or `ALICLOUD_SECRET_KEY`. Never logged.",
			},
			"security_token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "STS security token for temporary credentials. Environment: `ALIBABA_CLOUD_SECURITY_TOKEN` or `ALICLOUD_SECURITY_TOKEN`. Never logged.",
			},
			"profile": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Name of a profile in the Alibaba Cloud CLI's config file (modes `AK`, `StsToken`, `RamRoleArn`). Environment: `ALIBABA_CLOUD_PROFILE` or `ALICLOUD_PROFILE`. Conflicts with `access_key`.",
			},
			"shared_credentials_file": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Path of the Alibaba Cloud CLI's config file. Default `~/.aliyun/config.json`.",
			},
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Default region for regional APIs (ECS, VPC, SLB). Default `cn-hangzhou`. Environment: `ALIBABA_CLOUD_REGION_ID` or `ALICLOUD_REGION`.",
				Validators:          []validator.String{stringvalidator.RegexMatches(regionPattern, "must be an Alibaba Cloud region ID such as cn-hangzhou")},
			},
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("How many times a call is retried on throttling (`Throttling*`), `ServiceUnavailable`, `InternalError`, `LastOperationNotFinished`, HTTP 5xx and connection errors, with exponential backoff and jitter. A refused connection (nothing listens at the endpoint) is tried once more only, at once. Client errors (4xx) are never retried. Default %d.", aliyun.DefaultMaxRetries),
				Validators:          []validator.Int64{int64validator.Between(0, 30)},
			},
			"client_connect_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long opening a connection to an Alibaba Cloud endpoint (TCP and TLS handshake) may take, as a duration such as `\"5s\"`. Default `\"%s\"`. "+
					"Unlike the alicloud provider's setting of the same name, this is a duration, not a number of milliseconds.", aliyun.DefaultConnectTimeout),
				Validators: []validator.String{durationValidator{min: 100 * time.Millisecond, max: 5 * time.Minute}},
			},
			"client_read_timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How long one attempt of an API call may take from dialling to the last byte of the answer, as a duration such as `\"10s\"`. Default `\"%s\"`. "+
					"A read (as Alibaba Cloud's API metadata classes the action: `Describe*`, `Query*`, `CheckDomain`, STS `AssumeRole`) that times out is tried once more; a write that times out is not, because it may have been carried out. "+
					"An action whose reads time out twice on an endpoint is not asked there again in the same run, and once two actions have, the endpoint is not asked at all: later calls fail at once with the first cause, so a blackholed endpoint costs about four timeouts per run, not two per call. "+
					"Unlike the alicloud provider's setting of the same name, this is a duration, not a number of milliseconds.", aliyun.DefaultReadTimeout),
				Validators: []validator.String{durationValidator{min: 100 * time.Millisecond, max: 30 * time.Minute}},
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
				Optional:            true,
				MarkdownDescription: "Classify addresses by the account's own ECS instances, EIPs and SLB instances (regions `cn-*` except `cn-hongkong` are mainland). Default `true`; each region is scanned once per run.",
			},
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				MarkdownDescription: "Assume a RAM role with STS before any other call; the credentials found above sign the AssumeRole request.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "ARN of the RAM role, e.g. `acs:ram::123456789012:role/terraform`. Required when the block is present.",
					},
					"session_name": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "Role session name shown in ActionTrail: 2–64 letters, digits and `.@-_`. Default `terraform-provider-beian`.",
						// The form is STS AssumeRole's RoleSessionName (the official API metadata's
						// pattern and error codes; internal/emulator/sts.go names the source).
						Validators: []validator.String{stringvalidator.LengthBetween(2, 64),
							stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9.@_-]*$`), "may hold only letters, digits and the characters . @ - _ (STS AssumeRole RoleSessionName)")},
					},
					"policy": schema.StringAttribute{
						Optional:            true,
						MarkdownDescription: "A RAM policy (JSON) that further restricts the session.",
					},
					"session_expiration": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Session lifetime in seconds, 900–43200 (at most the role's maximum session duration). Default 3600. The session is renewed when less than five minutes of it are left, so a long apply needs no longer one.",
						Validators:          []validator.Int64{int64validator.Between(900, 43200)},
					},
				},
			},
			"endpoints": endpointsBlock(),
		},
	}
}

func (p *beianProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"access_key": m.AccessKey, "secret_key": m.SecretKey, "security_token": m.SecurityToken,
		"profile": m.Profile, "region": m.Region, "shared_credentials_file": m.SharedCredentialsFile,
	} {
		if v.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Provider setting not known at plan time",
				fmt.Sprintf("The beian provider's %s depends on a value that is only known after apply. Provider settings must be known when the plan is made: use a variable or a data source instead of a resource attribute.", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	// Credentials are resolved now but only needed by objects that call the cloud: a
	// problem with them is kept in the client and reported by the first such object, so
	// provider functions and offline data sources work without any (issue: "offline
	// features need no key").
	home, _ := p.home()
	creds, credErr := aliyun.ResolveCredentials(aliyun.CredentialInput{
		AccessKey: m.AccessKey.ValueString(), SecretKey: m.SecretKey.ValueString(), SecurityToken: m.SecurityToken.ValueString(),
		Profile: m.Profile.ValueString(), SharedCredentialsFile: m.SharedCredentialsFile.ValueString(),
	}, p.getenv, home)

	region := m.Region.ValueString()
	if region == "" {
		region, _ = aliyun.FirstEnv(p.getenv, aliyun.EnvRegion)
	}
	if region == "" {
		region = "cn-hangzhou"
	}
	endpoints, err := aliyun.NewEndpoints(endpointURLs(m.Endpoints), p.getenv(aliyun.EndpointOverrideEnv))
	if err != nil {
		resp.Diagnostics.AddError("Invalid endpoint", err.Error()+". Write endpoints as https://host[:port] (or http://host:port for a local emulator).")
		return
	}
	cfg := aliyun.Config{
		Credentials:       creds,
		CredentialsErr:    credErr,
		Region:            region,
		Endpoints:         endpoints,
		MaxRetries:        aliyun.DefaultMaxRetries,
		RequestsPerSecond: aliyun.DefaultRequestsPerSecond,
		UserAgent:         "terraform-provider-beian/" + p.version,
	}
	if !m.MaxRetries.IsNull() && !m.MaxRetries.IsUnknown() {
		cfg.MaxRetries = int(m.MaxRetries.ValueInt64())
	}
	if !m.RequestsPerSecond.IsNull() && !m.RequestsPerSecond.IsUnknown() {
		cfg.RequestsPerSecond = m.RequestsPerSecond.ValueFloat64()
	}
	cfg.ConnectTimeout, _ = time.ParseDuration(m.ClientConnectTimeout.ValueString()) // validated; "" = default
	cfg.ReadTimeout, _ = time.ParseDuration(m.ClientReadTimeout.ValueString())

	cfg.AssumeRole = aliyun.AssumeRoleInput{RoleARN: creds.RoleARN, SessionName: creds.RoleSessionName}
	if m.AssumeRole != nil {
		if m.AssumeRole.RoleARN.ValueString() == "" {
			resp.Diagnostics.AddAttributeError(path.Root("assume_role").AtName("role_arn"), "assume_role needs role_arn",
				"The assume_role block is present but role_arn is empty. Set it to the RAM role's ARN (acs:ram::<account id>:role/<name>) or remove the block.")
			return
		}
		cfg.AssumeRole = aliyun.AssumeRoleInput{
			RoleARN: m.AssumeRole.RoleARN.ValueString(), SessionName: m.AssumeRole.SessionName.ValueString(),
			Policy: m.AssumeRole.Policy.ValueString(), SessionExpiration: int(m.AssumeRole.SessionExpiration.ValueInt64()),
		}
	}
	client, err := aliyun.NewClient(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot initialise the Alibaba Cloud client", err.Error())
		return
	}
	tflog.Debug(ctx, "beian provider configured", map[string]any{
		"region": region, "credentials": client.Credentials(), "max_retries": cfg.MaxRetries, "requests_per_second": cfg.RequestsPerSecond,
	})

	settings, diags := guardSettings(ctx, &m, client, p.now)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{client: client, now: p.now, guard: guard.New(settings)}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *beianProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewDNSRecordResource,
		NewDomainResource,
	}
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

// cloudDown reports whether err means the cloud could not be asked at all — credentials
// missing or rejected, the endpoint unreachable or timing out, throttling that outlasted
// the retries — as opposed to an answer about the object (not found, invalid, no
// permission for one action). A plan-time check that needs the answer fails on it instead
// of passing with a warning: a plan gate in CI must not go green when the cloud was never
// asked.
func cloudDown(err error) bool {
	if err == nil {
		return false
	}
	if aliyun.IsCredentialError(err) || aliyun.CredentialsRejected(err) {
		return true
	}
	switch aliyun.ClassOf(err) {
	case aliyun.ClassUnavailable, aliyun.ClassThrottled:
		return true
	}
	return false
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
