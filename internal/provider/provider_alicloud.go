package provider

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
)

// The alicloud provider's arguments: a provider block written for
// aliyun/terraform-provider-alicloud works here. What means the same here is honoured
// (credentials, region, endpoints under alicloud's names, protocol, timeouts in
// milliseconds, configuration_source); what has no meaning for this provider is accepted
// and named in a warning instead of failing as "Unsupported argument".
//
// Source of every name below: aliyun/terraform-provider-alicloud, alicloud/provider.go
// (Provider's schema, assumeRoleSchema, assumeRoleWithOidcSchema, signVersionSchema,
// featuresSchema, endpointsSchema) and website/docs/index.html.markdown, at commit
// 81c43b6727a09e9da37b3d88818c3ba5fa17fa14 (2026-08-21).

// alicloudEndpointAliases are alicloud's endpoints keys for products this provider calls
// under another name.
var alicloudEndpointAliases = map[string]aliyun.Product{"dns": aliyun.ProductAlidns}

// alicloudUnusedEndpoints are the other keys of alicloud's endpoints block: products this
// provider never calls (its own keys alidns, antiddos_public, bssopenapi, ecs, slb, sts,
// swas_open and vpc are served as they are).
var alicloudUnusedEndpoints = strings.Fields(`acr actiontrail adb aiworkspace alb alidfs alikafka amqp apig
	apigateway arms bastionhost beebot bpstudio brain_industrial cas cassandra cbn cbs cddc cdn cds chatbot clickhouse cloudapi
	cloudauth cloudfirewall cloudfw cloudphone cloudsso cms computenest config cr cs das datahub dataworks_public
	dataworkspublic dbfs dbs dcdn ddosbasic ddosbgp ddoscoo dds devops_rdc devopsrdc dfs dg dm dms_enterprise dmsenterprise
	drds dts dysms dysmsapi eais ebs ecd eci edas edasschedulerx eds_user edsuser eflo eflo_cnp eflo_controller ehpc ehs
	eipanycast elasticsearch emr ens esa ess eventbridge fc fc_open fnf ga gaplus gdb gds gpdb gwlb gwsecd hbr hcs_sgw hitsdb
	imm imp ims iot kms kvstore location log market maxcompute mhub mns mns_open mscopensubscription mse nas nlb oceanbase
	oceanbasepro ons onsproxy oos opensearch oss ots polardb polardbx privatelink pvtz quickbi quickbi_public quotas r_kvstore
	ram rds redisa resourcemanager resourcesharing ressharing rocketmq ros sae sas scdn schedulerx2 sddp selectdb serverless
	servicecatalog servicemesh sgw smartag srvcatalog swas tag vod vpcipam vpcpeer vs waf waf_openapi`)

// alicloudUnused are alicloud's top-level arguments that mean nothing here, with why.
var alicloudUnused = map[string]string{
	"account_id":         "this provider never needs the account ID",
	"account_type":       "this provider calls the China site's endpoints (or those of endpoints) whatever the account",
	"source_ip":          "an alicloud request header this provider does not send",
	"security_transport": "an alicloud request header this provider does not send",
	"secure_transport":   "an alicloud request header this provider does not send",
	"max_retry_timeout":  "retries are bounded by max_retries and each call by client_read_timeout",
	"ots_instance_name":  "deprecated in alicloud; Table Store is not used here",
	"log_endpoint":       "deprecated in alicloud; Log Service is not used here",
	"mns_endpoint":       "deprecated in alicloud; MNS is not used here",
	"fc":                 "deprecated in alicloud; Function Compute is not called here",
}

// alicloudUnusedAttributes are the schema of alicloudUnused.
func alicloudUnusedAttributes() map[string]schema.Attribute {
	out := map[string]schema.Attribute{}
	for name, why := range alicloudUnused {
		desc := "Accepted so that an alicloud provider block works unchanged; not used: " + why + ". Setting it warns."
		if name == "max_retry_timeout" {
			out[name] = schema.Int64Attribute{Optional: true, MarkdownDescription: desc}
			continue
		}
		out[name] = schema.StringAttribute{Optional: true, MarkdownDescription: desc}
	}
	return out
}

// alicloudUnusedModel holds the values of alicloudUnused and the unused blocks.
type alicloudUnusedModel struct {
	AccountID         types.String `tfsdk:"account_id"`
	AccountType       types.String `tfsdk:"account_type"`
	SourceIP          types.String `tfsdk:"source_ip"`
	SecurityTransport types.String `tfsdk:"security_transport"`
	SecureTransport   types.String `tfsdk:"secure_transport"`
	MaxRetryTimeout   types.Int64  `tfsdk:"max_retry_timeout"`
	OTSInstanceName   types.String `tfsdk:"ots_instance_name"`
	LogEndpoint       types.String `tfsdk:"log_endpoint"`
	MNSEndpoint       types.String `tfsdk:"mns_endpoint"`
	FC                types.String `tfsdk:"fc"`
	SignVersion       types.Object `tfsdk:"sign_version"`
	Features          types.Object `tfsdk:"features"`
}

// signVersionBlock is alicloud's sign_version block (signature versions of OSS and SLS).
func signVersionBlock() schema.SingleNestedBlock {
	desc := "Accepted so that an alicloud provider block works unchanged; not used: it picks the signature version of OSS and SLS, which " +
		"this provider does not call (every API it calls is signed by the Alibaba Cloud SDK with RPC signature 1.0). Setting it warns."
	return schema.SingleNestedBlock{
		MarkdownDescription: desc,
		Attributes: map[string]schema.Attribute{
			"oss": schema.StringAttribute{Optional: true, MarkdownDescription: "Not used (see the block)."},
			"sls": schema.StringAttribute{Optional: true, MarkdownDescription: "Not used (see the block)."},
		},
	}
}

// featuresBlock is alicloud's features block (behaviour of alicloud resources).
func featuresBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Accepted so that an alicloud provider block works unchanged; not used: it changes alicloud resources " +
			"(`alicloud_instance`), which this provider does not have. Setting it warns.",
		Blocks: map[string]schema.Block{
			"ecs_instance": schema.SingleNestedBlock{
				MarkdownDescription: "Not used (see the block).",
				Attributes: map[string]schema.Attribute{
					"replace_on_image_update": schema.BoolAttribute{Optional: true, MarkdownDescription: "Not used (see the block)."},
				},
			},
		},
	}
}

// oidcModel is the assume_role_with_oidc block.
type oidcModel struct {
	OIDCProviderARN   types.String `tfsdk:"oidc_provider_arn"`
	RoleARN           types.String `tfsdk:"role_arn"`
	OIDCToken         types.String `tfsdk:"oidc_token"`
	OIDCTokenFile     types.String `tfsdk:"oidc_token_file"`
	RoleSessionName   types.String `tfsdk:"role_session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
}

// sessionNameValidators are STS's RoleSessionName rules (the official API metadata's
// pattern; internal/emulator/sts.go names the source).
var sessionNameValidators = []validator.String{stringvalidator.LengthBetween(2, 64),
	stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9.@_-]*$`), "may hold only letters, digits and the characters . @ - _ (STS AssumeRole RoleSessionName)")}

// oidcBlock is the assume_role_with_oidc block, alicloud's arguments with its names.
func oidcBlock() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Log in with an OIDC token: the token is exchanged for a role session with STS `AssumeRoleWithOIDC` " +
			"(through Alibaba's credential provider, credentials-go, over HTTPS only — `endpoints.sts` must be `https://` when set). This is " +
			"RRSA in ACK and the keyless login of GitHub Actions and other CI systems. The token file is read again each time the session " +
			"is renewed (RRSA rotates it). Without this block, the same login is made from the environment when " +
			"`ALIBABA_CLOUD_OIDC_PROVIDER_ARN` is set (with `ALIBABA_CLOUD_ROLE_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`), as RRSA injects them. " +
			"Conflicts with `access_key`, `profile`, `ecs_role_name` and `credentials_uri`; `assume_role` can chain another role on top.",
		Validators: []validator.Object{objectvalidator.ConflictsWith(path.MatchRoot("access_key"), path.MatchRoot("profile"),
			path.MatchRoot("ecs_role_name"), path.MatchRoot("credentials_uri"))},
		Attributes: map[string]schema.Attribute{
			"oidc_provider_arn": schema.StringAttribute{
				Optional: true, MarkdownDescription: "ARN of the OIDC identity provider in RAM, e.g. `acs:ram::123456789012:oidc-provider/github`. Environment: `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`. Required (here or there).",
			},
			"role_arn": schema.StringAttribute{
				Optional: true, MarkdownDescription: "ARN of the RAM role to assume, e.g. `acs:ram::123456789012:role/terraform-ci`. Environment: `ALIBABA_CLOUD_ROLE_ARN`. Required (here or there).",
			},
			"oidc_token": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "The OIDC token itself (4–20,000 characters). Environment: `ALIBABA_CLOUD_OIDC_TOKEN`. One of `oidc_token` and `oidc_token_file` is required. Never logged.",
				Validators: []validator.String{stringvalidator.LengthBetween(4, 20000),
					stringvalidator.ConflictsWith(path.MatchRelative().AtParent().AtName("oidc_token_file"))},
			},
			"oidc_token_file": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Path of a file holding the OIDC token, read again at each renewal. Environment: `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.",
			},
			"role_session_name": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Role session name shown in ActionTrail: 2–64 letters, digits and `.@-_`. Environment: `ALIBABA_CLOUD_ROLE_SESSION_NAME`. Default `terraform-provider-beian`.",
				Validators: sessionNameValidators,
			},
			"policy": schema.StringAttribute{
				Optional: true, MarkdownDescription: "A RAM policy (JSON) that further restricts the session.",
			},
			"session_expiration": schema.Int64Attribute{
				Optional: true, MarkdownDescription: "Session lifetime in seconds, 900–43200 (at most the role's maximum session duration). Default 3600; the session is renewed when less than three minutes are left.",
				Validators: []validator.Int64{int64validator.Between(900, 43200)},
			},
		},
	}
}

// externalIDValidators are alicloud's documented rule for assume_role.external_id: 2 to
// 1,224 characters of letters, digits and = , . @ : / - _.
var externalIDValidators = []validator.String{stringvalidator.LengthBetween(2, 1224),
	stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Za-z0-9=,.@:/_-]*$`), "may hold only letters, digits and the characters = , . @ : / - _")}

// unusedAlicloudWarnings names the alicloud arguments that are set but mean nothing here.
func unusedAlicloudWarnings(u alicloudUnusedModel, endpoints types.Object) diag.Diagnostics {
	var set []string
	add := func(name string, v attr.Value) {
		if v != nil && !v.IsNull() && !v.IsUnknown() {
			set = append(set, name)
		}
	}
	add("account_id", u.AccountID)
	add("account_type", u.AccountType)
	add("source_ip", u.SourceIP)
	add("security_transport", u.SecurityTransport)
	add("secure_transport", u.SecureTransport)
	add("max_retry_timeout", u.MaxRetryTimeout)
	add("ots_instance_name", u.OTSInstanceName)
	add("log_endpoint", u.LogEndpoint)
	add("mns_endpoint", u.MNSEndpoint)
	add("fc", u.FC)
	add("sign_version", u.SignVersion)
	add("features", u.Features)
	if !endpoints.IsNull() && !endpoints.IsUnknown() {
		attrs := endpoints.Attributes()
		for _, k := range alicloudUnusedEndpoints {
			if sv, ok := attrs[k].(types.String); ok && !sv.IsNull() && !sv.IsUnknown() && strings.TrimSpace(sv.ValueString()) != "" {
				set = append(set, "endpoints."+k)
			}
		}
	}
	if len(set) == 0 {
		return nil
	}
	sort.Strings(set)
	var why []string
	for _, n := range set {
		if w, ok := alicloudUnused[n]; ok {
			why = append(why, n+": "+w)
		}
	}
	var diags diag.Diagnostics
	detail := fmt.Sprintf("The provider block sets %s: alicloud provider arguments this provider accepts, so that an alicloud provider block "+
		"works unchanged, but does not use. They change nothing here; remove them when the block no longer serves the alicloud provider too.", strings.Join(set, ", "))
	if len(why) > 0 {
		detail += "\n\n" + strings.Join(why, "\n")
	}
	diags.AddWarning("alicloud provider arguments not used by beian", detail)
	return diags
}

// regionValidator checks a region ID's form unless skip_region_validation is true (the
// alicloud provider's argument, for regions not public yet and Alibaba-Cloud-like APIs).
type regionValidator struct{}

func (regionValidator) Description(context.Context) string {
	return "an Alibaba Cloud region ID such as cn-hangzhou, unless skip_region_validation = true"
}
func (v regionValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regionValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var skip types.Bool
	if d := req.Config.GetAttribute(ctx, path.Root("skip_region_validation"), &skip); !d.HasError() && skip.ValueBool() {
		return
	}
	if !regionPattern.MatchString(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid region",
			fmt.Sprintf("region = %q must be an Alibaba Cloud region ID such as cn-hangzhou (lower-case letters, digits and hyphens). "+
				"Set skip_region_validation = true for a region this check does not know.", req.ConfigValue.ValueString()))
	}
}
