package provider

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/readiness"
)

var _ datasource.DataSourceWithConfigure = (*readinessDataSource)(nil)

// NewReadinessDataSource lists what still blocks an ICP filing of a domain.
func NewReadinessDataSource() datasource.DataSource { return &readinessDataSource{} }

type readinessDataSource struct{ dataSourceBase }

type readinessModel struct {
	Domain                 types.String `tfsdk:"domain"`
	ServerIP               types.String `tfsdk:"server_ip"`
	HomepageURL            types.String `tfsdk:"homepage_url"`
	AllowPrivateAddresses  types.Bool   `tfsdk:"allow_private_addresses"`
	GoLiveDate             types.String `tfsdk:"go_live_date"`
	PublicSecurityNumber   types.String `tfsdk:"public_security_number"`
	Commercial             types.Bool   `tfsdk:"commercial"`
	ICPLicense             types.String `tfsdk:"icp_license"`
	ServerMinDaysLeft      types.Int64  `tfsdk:"server_min_days_left"`
	Registrable            types.String `tfsdk:"registrable_domain"`
	ReadyToFile            types.Bool   `tfsdk:"ready_to_file"`
	FilingApproved         types.Bool   `tfsdk:"filing_approved"`
	Blocking               []string     `tfsdk:"blocking"`
	Checks                 []checkModel `tfsdk:"checks"`
	PublicSecurityDeadline types.String `tfsdk:"public_security_deadline"`
	Report                 types.String `tfsdk:"report"`
}

type checkModel struct {
	Name     types.String `tfsdk:"name"`
	Status   types.String `tfsdk:"status"`
	Evidence types.String `tfsdk:"evidence"`
}

func (d *readinessDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_readiness"
}

func (d *readinessDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A readiness checklist for the ICP filing (备案) of a domain: each prerequisite with `pass`, `fail` or " +
			"`unknown` and the evidence. Before filing: the domain is in the account (`domain_owned`), real-name verification " +
			"(实名认证) succeeded (`real_name_verified`), the waiting period after registration has elapsed " +
			"(`waiting_period_elapsed`, same rule as `beian_domain.filing_eligible_after`), the server is in mainland China " +
			"(`server_in_mainland`: filings go through the access provider of a mainland server), the server can issue the filing service " +
			"number (备案服务号) the filing needs (`server_eligible`: an ECS instance, Simple Application Server, CLB instance or NAT gateway of " +
			"this account in a mainland region, on subscription (包年包月) bought for at least 3 months with `server_min_days_left` left, running; " +
			"pay-as-you-go, ALB and NLB do not qualify), and the homepage answers " +
			"(`homepage_reachable`). Then: the filing itself (`icp_filing`), the public-security filing (公安联网备案) within " +
			"30 days of going live (`public_security_filing`) and, for commercial sites, the ICP licence (经营性ICP许可证, " +
			"`commercial_license`).",
		Attributes: map[string]schema.Attribute{
			"domain": schema.StringAttribute{Required: true, MarkdownDescription: "The site's domain (any host name; the registrable domain is checked).", Validators: []validator.String{validDomainName}},
			"server_ip": schema.StringAttribute{Optional: true, MarkdownDescription: "The web server's public address, classified like the ICP guard does.",
				Validators: []validator.String{validIPAddress}},
			"homepage_url": schema.StringAttribute{Optional: true, MarkdownDescription: "A URL of the site's homepage on that server (before approval: by IP, e.g. `http://47.96.10.20/`); it must answer with HTTP 2xx.",
				Validators: []validator.String{validPageURL}},
			"allow_private_addresses": schema.BoolAttribute{
				Optional: true, MarkdownDescription: "Allow `homepage_url` to point at loopback or private addresses (refused by default so a shared configuration cannot probe internal services).",
			},
			"go_live_date": schema.StringAttribute{Optional: true, MarkdownDescription: "Date the site went (or goes) live, `YYYY-MM-DD`: the public-security filing is due within 30 days.",
				Validators: []validator.String{validChinaDate}},
			"public_security_number": schema.StringAttribute{Optional: true, MarkdownDescription: "The public-security filing number (公安联网备案号), e.g. `京公网安备11010502030143号`, once issued."},
			"commercial":             schema.BoolAttribute{Optional: true, MarkdownDescription: "The site does business (经营性): it needs a commercial ICP licence (`icp_license`)."},
			"icp_license":            schema.StringAttribute{Optional: true, MarkdownDescription: "The commercial ICP licence number, e.g. `浙B2-20080101`, `B2-20080207` (cross-regional, issued by MIIT) or `京ICP证030173号`; a website's record number under the licence (`京ICP证030173号-1`) names it too."},
			"registrable_domain":     str("The registrable domain the checks are about."),
			"ready_to_file":          schema.BoolAttribute{Computed: true, MarkdownDescription: "True when every prerequisite of a filing passes: " + backticked(readiness.Prerequisites) + "."},
			"server_min_days_left": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "`server_eligible` fails when the server's subscription has fewer days left than this (it must outlast the review, up " +
					"to 20 working days, and the filing lapses with the server). Default `90`: no source found states a minimum — figures of 30 and " +
					"90 days circulate — so the stricter is the default. A freshly bought 3-month subscription has 89–92 days left: set `60` or " +
					"renew first.",
				Validators: []validator.Int64{int64validator.Between(1, 3650)},
			},
			"filing_approved":          schema.BoolAttribute{Computed: true, MarkdownDescription: "True when an approved ICP filing covers the domain."},
			"blocking":                 schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Names of the checks that did not pass."},
			"public_security_deadline": str("The date (`YYYY-MM-DD`) by which the public-security filing is due: `go_live_date` + 30 days; empty without `go_live_date`."),
			"report":                   str("The checklist as text, one line per check, for outputs."),
			"checks": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "Every check, in order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":     str("Check name."),
					"status":   str("`pass`, `fail` or `unknown`."),
					"evidence": str("What was found, and for a check that fails, the fix (`server_eligible`: e.g. \"convert to subscription\", \"renew: 20 days left\")."),
				}},
			},
		},
	}
}

func (d *readinessDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m readinessModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, ok := readinessInput(&m, &resp.Diagnostics)
	if !ok {
		return
	}
	s := readiness.Sources{Domains: d.data.client, Locator: d.data.guard.Locator(), Filings: d.data.guard.Filings(), Now: d.data.now}
	if d.data.account != nil {
		s.Account = d.data.account
	}
	r := readiness.Run(ctx, s, in)
	for _, w := range r.Warnings {
		resp.Diagnostics.AddAttributeWarning(path.Root(w.Attribute), w.Summary, w.Detail)
	}
	m.Registrable = types.StringValue(in.Registrable)
	m.ReadyToFile = types.BoolValue(r.ReadyToFile)
	m.FilingApproved = types.BoolValue(r.FilingApproved)
	m.Blocking = r.Blocking
	m.Checks = make([]checkModel, 0, len(r.Checks))
	for _, c := range r.Checks {
		m.Checks = append(m.Checks, checkModel{Name: types.StringValue(c.Name), Status: types.StringValue(string(c.Status)), Evidence: types.StringValue(c.Evidence)})
	}
	m.PublicSecurityDeadline = types.StringValue("")
	if !r.PublicSecurityDeadline.IsZero() {
		m.PublicSecurityDeadline = types.StringValue(chinaDate(r.PublicSecurityDeadline))
	}
	m.Report = types.StringValue(r.Report)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readinessInput parses the configuration for readiness.Run, reporting a bad value on its
// attribute (the validators catch them first; this is the last line).
func readinessInput(m *readinessModel, diags *diag.Diagnostics) (readiness.Input, bool) {
	var in readiness.Input
	reg, err := icp.RegistrableDomain(m.Domain.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("domain"), "Not a domain an ICP filing can cover", err.Error())
		return in, false
	}
	in.Registrable = reg
	if v := m.GoLiveDate.ValueString(); v != "" {
		if in.GoLive, err = parseChinaDate(v); err != nil {
			diags.AddAttributeError(path.Root("go_live_date"), "Invalid go_live_date", chinaDateProblem("go_live_date", v))
			return in, false
		}
	}
	if ip := m.ServerIP.ValueString(); ip != "" {
		if in.ServerIP, err = netip.ParseAddr(strings.TrimSpace(ip)); err != nil {
			diags.AddAttributeError(path.Root("server_ip"), "Invalid server_ip", fmt.Sprintf("server_ip = %q is not an IP address.", ip))
			return in, false
		}
	}
	in.HomepageURL = m.HomepageURL.ValueString()
	in.AllowPrivateAddresses = m.AllowPrivateAddresses.ValueBool()
	in.PublicSecurityNumber = m.PublicSecurityNumber.ValueString()
	in.Commercial = m.Commercial.ValueBool()
	in.ICPLicense = m.ICPLicense.ValueString()
	in.Rules = readiness.ServerRules{MinDaysLeft: readiness.DefaultMinDaysLeft, MinMonths: readiness.DefaultMinMonths}
	if !m.ServerMinDaysLeft.IsNull() && !m.ServerMinDaysLeft.IsUnknown() {
		in.Rules.MinDaysLeft = int(m.ServerMinDaysLeft.ValueInt64())
	}
	return in, true
}
