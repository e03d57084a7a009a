package provider

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/aliyun"
	"github.com/beian-dev/terraform-provider-beian/internal/compliance"
	"github.com/beian-dev/terraform-provider-beian/internal/guard"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
	"github.com/beian-dev/terraform-provider-beian/internal/mainland"
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

const (
	checkPass    = "pass"
	checkFail    = "fail"
	checkUnknown = "unknown"
)

// The prerequisites of a filing, in the order they are met; ready_to_file needs them all.
var filingPrerequisites = []string{"domain_owned", "real_name_verified", "waiting_period_elapsed", "server_in_mainland", "homepage_reachable"}

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
			"(`server_in_mainland`: filings go through the access provider of a mainland server), and the homepage answers " +
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
			"public_security_number":   schema.StringAttribute{Optional: true, MarkdownDescription: "The public-security filing number (公安联网备案号), e.g. `京公网安备11010502030143号`, once issued."},
			"commercial":               schema.BoolAttribute{Optional: true, MarkdownDescription: "The site does business (经营性): it needs a commercial ICP licence (`icp_license`)."},
			"icp_license":              schema.StringAttribute{Optional: true, MarkdownDescription: "The commercial ICP licence number, e.g. `浙B2-20080101`, `B2-20080207` (cross-regional, issued by MIIT) or `京ICP证030173号`; a website's record number under the licence (`京ICP证030173号-1`) names it too."},
			"registrable_domain":       str("The registrable domain the checks are about."),
			"ready_to_file":            schema.BoolAttribute{Computed: true, MarkdownDescription: "True when every prerequisite of a filing passes: " + backticked(filingPrerequisites) + "."},
			"filing_approved":          schema.BoolAttribute{Computed: true, MarkdownDescription: "True when an approved ICP filing covers the domain."},
			"blocking":                 schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Names of the checks that did not pass."},
			"public_security_deadline": str("The date (`YYYY-MM-DD`) by which the public-security filing is due: `go_live_date` + 30 days; empty without `go_live_date`."),
			"report":                   str("The checklist as text, one line per check, for outputs."),
			"checks": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "Every check, in order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":     str("Check name."),
					"status":   str("`pass`, `fail` or `unknown`."),
					"evidence": str("What was found."),
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
	reg, err := icp.RegistrableDomain(m.Domain.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("domain"), "Not a domain an ICP filing can cover", err.Error())
		return
	}
	var goLive time.Time
	if v := m.GoLiveDate.ValueString(); v != "" {
		// Checked by validChinaDate at validate time; checked again for safety.
		if goLive, err = parseChinaDate(v); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("go_live_date"), "Invalid go_live_date", chinaDateProblem("go_live_date", v))
			return
		}
	}
	now := d.data.now()
	var checks []checkModel
	add := func(name, status, evidence string) {
		checks = append(checks, checkModel{Name: types.StringValue(name), Status: types.StringValue(status), Evidence: types.StringValue(evidence)})
	}

	// Domain, real name, waiting period.
	dom, derr := d.data.client.QueryDomain(ctx, reg)
	switch {
	case derr == nil:
		add("domain_owned", checkPass, fmt.Sprintf("%s is in this Alibaba Cloud account (instance %s), registered %s, expires %s", reg, dom.InstanceID, chinaDate(dom.RegistrationDate), chinaDate(dom.ExpirationDate)))
		if dom.RealNameStatus == aliyun.RealNameSucceed {
			add("real_name_verified", checkPass, "real-name verification (实名认证) succeeded")
		} else {
			add("real_name_verified", checkFail, fmt.Sprintf("real-name verification (实名认证) status is %s (%s); the filing cannot start before it succeeds", dom.RealNameStatus, aliyun.DescribeRealNameStatus(dom.RealNameStatus)))
		}
		if from, ok := icp.FilingEligibleFrom(dom.RegistrationDate, dom.RealNameStatus == aliyun.RealNameSucceed); !ok {
			add("waiting_period_elapsed", checkUnknown, "known once real-name verification succeeds")
		} else if !now.Before(from) {
			add("waiting_period_elapsed", checkPass, fmt.Sprintf("a filing may be submitted since %s (registration + %d days)", chinaDate(from), icp.FilingWaitDays))
		} else {
			add("waiting_period_elapsed", checkFail, fmt.Sprintf("a filing may be submitted from %s (registration %s + %d days)", chinaDate(from), chinaDate(dom.RegistrationDate), icp.FilingWaitDays))
		}
	case aliyun.IsNotFound(derr):
		add("domain_owned", checkFail, fmt.Sprintf("%s is not in this Alibaba Cloud account: register it (beian_domain) or transfer it in; a filing through Alibaba Cloud needs the domain's real-name data", reg))
		add("real_name_verified", checkUnknown, "the domain is not in the account")
		add("waiting_period_elapsed", checkUnknown, "the domain is not in the account")
	default:
		add("domain_owned", checkUnknown, "could not read the domain: "+apiErrorDetail(derr))
		add("real_name_verified", checkUnknown, "could not read the domain")
		add("waiting_period_elapsed", checkUnknown, "could not read the domain")
	}

	// Server.
	if ip := m.ServerIP.ValueString(); ip == "" {
		add("server_in_mainland", checkUnknown, "set server_ip to check the server")
	} else if addr, err := netip.ParseAddr(strings.TrimSpace(ip)); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("server_ip"), "Invalid server_ip", fmt.Sprintf("server_ip = %q is not an IP address.", ip))
		return
	} else {
		v := d.data.guard.Locator().Locate(ctx, addr.Unmap(), guard.Plan)
		for _, w := range v.Stale {
			resp.Diagnostics.AddAttributeWarning(path.Root("server_ip"), "The classification of server_ip may rest on stale data", w)
		}
		switch {
		case v.CloudErr != nil && v.Class == mainland.Offshore:
			// The account ranks above location data: without it, an offshore answer is not sure.
			add("server_in_mainland", checkUnknown, "only location or registry data places it outside mainland China, and the cloud account, which ranks above them, could not be searched: "+apiErrorDetail(v.CloudErr))
		case v.CloudErr != nil && v.Class == mainland.Unknown:
			add("server_in_mainland", checkUnknown, "the cloud account could not be searched: "+apiErrorDetail(v.CloudErr))
		case v.Class == mainland.Mainland:
			add("server_in_mainland", checkPass, v.Evidence)
		case v.Class == mainland.Offshore:
			add("server_in_mainland", checkFail, v.Evidence+"; a server outside mainland China needs no ICP filing, and a filing through Alibaba Cloud needs a mainland server")
		default:
			add("server_in_mainland", checkUnknown, v.Evidence)
		}
	}

	// Homepage.
	if u := m.HomepageURL.ValueString(); u == "" {
		add("homepage_reachable", checkUnknown, "set homepage_url to check that the site answers")
	} else {
		opts := compliance.DefaultFetchOptions()
		opts.AllowPrivateAddresses = m.AllowPrivateAddresses.ValueBool()
		res, err := compliance.Fetch(ctx, u, opts)
		switch {
		case err != nil:
			add("homepage_reachable", checkFail, err.Error())
		case res.StatusCode >= 200 && res.StatusCode < 300:
			add("homepage_reachable", checkPass, fmt.Sprintf("%s answered %s", res.FinalURL, res.Status))
		default:
			add("homepage_reachable", checkFail, fmt.Sprintf("%s answered %s; the access provider checks that the site is reachable", res.FinalURL, res.Status))
		}
	}

	// Filing.
	ans, ferr := d.data.guard.Filings().Lookup(ctx, reg)
	switch {
	case ans.Approved():
		ev := fmt.Sprintf("approved: %s (%s)", firstNonEmpty(ans.SiteRecordNumber, ans.ICPNumber), ans.Evidence)
		add("icp_filing", checkPass, ev)
	case ferr != nil || ans.Status == icp.Unknown:
		add("icp_filing", checkUnknown, ans.Evidence)
	default:
		add("icp_filing", checkFail, "no approved ICP filing (未备案): "+ans.Evidence)
	}
	m.FilingApproved = types.BoolValue(ans.Approved())

	// Public security.
	m.PublicSecurityDeadline = types.StringValue("")
	psn := strings.TrimSpace(m.PublicSecurityNumber.ValueString())
	if psn != "" {
		if n, err := icp.ParsePublicSecurityNumber(psn); err != nil {
			add("public_security_filing", checkFail, err.Error())
		} else {
			add("public_security_filing", checkPass, fmt.Sprintf("%s (%s)", n.String(), n.QueryURL()))
		}
	}
	if !goLive.IsZero() {
		deadline := icp.PublicSecurityDeadline(goLive)
		m.PublicSecurityDeadline = types.StringValue(chinaDate(deadline))
		if psn == "" {
			days := icp.CalendarDaysUntil(now, deadline)
			status, when := checkFail, fmt.Sprintf("due by %s, in %d %s", chinaDate(deadline), days, plural(days, "day", "days"))
			switch {
			case days < 0:
				when = fmt.Sprintf("was due %s, %d %s ago", chinaDate(deadline), -days, plural(-days, "day", "days"))
			case days == 0:
				when = fmt.Sprintf("is due today (%s)", chinaDate(deadline))
			}
			add("public_security_filing", status, "no public-security filing number (公安联网备案号) given; "+when)
			if days <= 7 {
				state := "due soon"
				if days < 0 {
					state = "overdue"
				}
				resp.Diagnostics.AddAttributeWarning(path.Root("public_security_number"), "Public-security filing (公安联网备案) "+state,
					fmt.Sprintf("%s went live on %s: the public-security filing at https://beian.mps.gov.cn/ %s. File it and set public_security_number.", reg, chinaDate(goLive), when))
			}
		}
	} else if psn == "" {
		add("public_security_filing", checkUnknown, "set go_live_date (and public_security_number once issued): the filing is due within 30 days of going live")
	}

	// Commercial licence.
	if m.Commercial.ValueBool() {
		lic := strings.TrimSpace(m.ICPLicense.ValueString())
		if lic == "" {
			add("commercial_license", checkFail, "a commercial site (经营性网站) needs a commercial ICP licence (经营性ICP许可证); set icp_license")
		} else if l, err := icp.ParseLicense(lic); err != nil {
			add("commercial_license", checkFail, err.Error())
		} else {
			add("commercial_license", checkPass, licenseEvidence(l))
		}
	}

	m.Registrable = types.StringValue(reg)
	m.Checks = checks
	m.Blocking = []string{}
	ready := true
	var lines []string
	for _, c := range checks {
		name, status := c.Name.ValueString(), c.Status.ValueString()
		if status != checkPass {
			m.Blocking = append(m.Blocking, name)
			for _, p := range filingPrerequisites {
				ready = ready && p != name
			}
		}
		lines = append(lines, fmt.Sprintf("%-9s %-23s %s", "["+status+"]", name, c.Evidence.ValueString()))
	}
	m.ReadyToFile = types.BoolValue(ready)
	m.Report = types.StringValue(strings.Join(lines, "\n"))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// licenseEvidence describes a commercial ICP licence for the checklist: its
// number, who issued it and, when a record number was given, which record.
func licenseEvidence(l icp.License) string {
	ev := "licence " + l.String()
	if l.Entity.CrossRegional() {
		ev += " (cross-regional, issued by MIIT)"
	} else {
		ev += " (issued in " + l.Entity.Province.String() + ")"
	}
	if l.Record.Kind != icp.RecordEntity {
		ev += fmt.Sprintf(", read from %s, the record number of %s filed under it", l.Record, l.Record.Kind.Describe())
	}
	return ev
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x != "" {
			return x
		}
	}
	return ""
}
