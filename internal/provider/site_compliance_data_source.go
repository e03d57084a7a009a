package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/beian-dev/terraform-provider-beian/internal/compliance"
	"github.com/beian-dev/terraform-provider-beian/internal/guardconfig"
	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var _ datasource.DataSource = (*siteComplianceDataSource)(nil)

// NewSiteComplianceDataSource checks a live page for the filing footer.
func NewSiteComplianceDataSource() datasource.DataSource { return &siteComplianceDataSource{} }

type siteComplianceDataSource struct{}

type siteComplianceModel struct {
	URL                          types.String `tfsdk:"url"`
	ExpectedICPNumber            types.String `tfsdk:"expected_icp_number"`
	ExpectedPublicSecurityNumber types.String `tfsdk:"expected_public_security_number"`
	Timeout                      types.String `tfsdk:"timeout"`
	MaxBodyBytes                 types.Int64  `tfsdk:"max_body_bytes"`
	AllowPrivateAddresses        types.Bool   `tfsdk:"allow_private_addresses"`
	StatusCode                   types.Int64  `tfsdk:"status_code"`
	FinalURL                     types.String `tfsdk:"final_url"`
	ICPNumberFound               types.String `tfsdk:"icp_number_found"`
	ICPLinkedToMIIT              types.Bool   `tfsdk:"icp_linked_to_miit"`
	PublicSecurityNumberFound    types.String `tfsdk:"public_security_number_found"`
	PublicSecurityLinkedToMPS    types.Bool   `tfsdk:"public_security_linked_to_mps"`
	Problems                     types.List   `tfsdk:"problems"`
	Compliant                    types.Bool   `tfsdk:"compliant"`
}

const (
	defaultComplianceTimeout = "10s"
	maxComplianceBodyBytes   = 64 << 20
)

// complianceTimeout checks the timeout attribute, in the validator and again in Read.
var complianceTimeout = durationValidator{guardconfig.DurationRule{Max: 5 * time.Minute, MaxReason: "a check runs in every plan"}}

func (d *siteComplianceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_site_compliance"
}

func (d *siteComplianceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Fetches a live web page and checks its filing footer (备案信息): the ICP filing number (ICP备案号) must be shown " +
			"as the text of a link to " + icp.MIITURL + ", and the public security filing number (公安联网备案号), once issued, as the " +
			"text of a link to its record on `beian.mps.gov.cn`.\n\n" +
			"Made for `check` blocks: whatever is the site's doing — an HTTP error status, a timeout, an invalid TLS certificate, a redirect " +
			"loop, a page over `max_body_bytes`, a missing, wrong or unlinked number — is reported in `problems` with `compliant = false`, " +
			"never as an error, so a footer that drifts shows up as a failed check in every plan. Only invalid configuration (a malformed " +
			"URL or expected number, a refused private address) is an error.\n\n" +
			"**Which ICP number complies**: the entity number (主体备案号: `京ICP备10046444号`, or the licence number of a commercial " +
			"site: `京ICP证030173号`, `粤B2-20090059`, `B2-20080207`) or the website's own record number (网站备案号: `…号-1`, " +
			"`粤B2-20090059-5`), in every province — sources disagree on which of the two a province wants, so either passes. " +
			"Another website's number, another entity's number and the record number of an app, mini-program or quick app " +
			"(`…-1A`, `…-1X`, `…-1K`) do not. Numbers are read in every real spelling: spaces inside (`京ICP备 10046444号`), " +
			"full-width digits and dashes, licences with or without a trailing `号`.\n\n" +
			"**What counts as linked**: the whole number is the text (or part of the text) of one `<a>` element whose `href`, resolved " +
			"against the page URL, is an `http` or `https` URL, any path, of host `beian.miit.gov.cn` or `www.beian.miit.gov.cn` (ICP), " +
			"or `beian.mps.gov.cn` (public security). A link to `www.beian.gov.cn`, the public security filing system's old address " +
			"still used by many large sites, counts too, with a note in `problems` (starting `note:`) that does not make the page " +
			"non-compliant. The retired MIIT hosts `www.miitbeian.gov.cn` and `www.miibeian.gov.cn` do not count and are named in the " +
			"problem. A public security link that carries a record code (`code=` or `recordcode=`) must carry the number's own code. " +
			"Numbers are read from the page text the way a visitor sees it: markup between the parts of a number is ignored, text in " +
			"comments, `<script>`, `<style>`, `<template>`, `<noscript>` and `<iframe>` is not, and pages in GBK/GB2312 are decoded. " +
			"Pages rendered only by JavaScript cannot be checked.\n\n" +
			"**Fetching**: one `GET` with `Accept-Language: zh-CN`; up to 5 redirects are followed (a loop is reported as such); TLS " +
			"certificates are always verified; connection errors and HTTP 5xx answers are retried twice with backoff (500ms, 1s) within " +
			"`timeout`; proxies from the environment (`HTTPS_PROXY`) are not used, so the check sees what a visitor sees and the " +
			"private address guard judges the real destination.\n\n" +
			"It makes no Alibaba Cloud call and needs no credentials: it works with an empty `provider \"beian\" {}` block.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The page to check, an absolute `http://` or `https://` URL, e.g. `https://www.example.com/`.",
				Validators:          []validator.String{validPageURL},
			},
			"expected_icp_number": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The website's ICP record number (网站备案号, e.g. `浙ICP备12345678号-1`, `京ICP证030173号-1`) or its " +
					"entity number, which the page must show. Default: no specific number, just a valid entity or website number linked " +
					"to MIIT. A website number accepts that number and the entity number; an entity number (主体备案号, `浙ICP备12345678号`, " +
					"`粤B2-20090059`) accepts the entity number and any of its website numbers. The record number of an app, mini-program " +
					"or quick app is refused: it is not a website's. `beian_filing`'s `site_record_number` fits here.",
				Validators: []validator.String{validNumber(icp.KindFilingNumber)},
			},
			"expected_public_security_number": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The public security filing number the page must show, linked to its record, e.g. " +
					"`浙公网安备33010602011234号`. Default: not required (it is due within 30 days of going live), but a public security " +
					"number the page does show must be linked to `beian.mps.gov.cn`.",
				Validators: []validator.String{validNumber(icp.KindPublicSecurity)},
			},
			"timeout": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the whole fetch may take — redirects, retries and reading the page included — as a Go " +
					"duration, e.g. `\"30s\"`. Default `\"" + defaultComplianceTimeout + "\"`, at most `\"5m\"`. A site that does not " +
					"answer in time is a problem, not an error.",
				Validators: []validator.String{complianceTimeout},
			},
			"max_body_bytes": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many bytes of the page (after decompression) are read, %d–%d. Default %d (2 MiB). "+
					"A longer page is scanned up to the limit and reported as a problem (`compliant = false`) even when the footer was "+
					"found in the part read, since footers sit at the end of pages: raise the limit rather than trust a partial read.",
					1024, maxComplianceBodyBytes, compliance.DefaultMaxBodyBytes),
				Validators: []validator.Int64{int64validator.Between(1024, maxComplianceBodyBytes)},
			},
			"allow_private_addresses": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Allow connections to loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local " +
					"(169.254/16 — cloud metadata services — and fe80::/10), shared (100.64/10), unspecified and multicast addresses. " +
					"Default `false`: a plan must not become a way to probe the network it runs in (SSRF), so these addresses are " +
					"refused, judged on the address actually connected to after DNS resolution. A refused address of the URL's own " +
					"host is an error (configuration); a redirect to one is a problem. Set it to `true` to check a site on an internal " +
					"network or a local test server.",
			},
			"status_code": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "HTTP status of the last response (after redirects); `0` when no response came (timeout, connection or TLS failure, redirect loop).",
			},
			"final_url":        computed("The URL of the last response, after redirects; on a failure, the URL that failed."),
			"icp_number_found": computed("The ICP record number the page shows, in canonical form: the first one `expected_icp_number` accepts if any, otherwise the first entity or website number linked to MIIT, otherwise the first one in the page text, otherwise the first app number; empty when there is none."),
			"icp_linked_to_miit": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether `icp_number_found` is inside a link to `beian.miit.gov.cn`.",
			},
			"public_security_number_found": computed("The public security filing number the page shows, chosen like `icp_number_found`; empty when there is none."),
			"public_security_linked_to_mps": schema.BoolAttribute{
				Computed:            true,
				MarkdownDescription: "Whether `public_security_number_found` is inside a link to `beian.mps.gov.cn` (or its old address `www.beian.gov.cn`).",
			},
			"problems": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "What is wrong, one sentence each, e.g. `expected 浙ICP备12345678号-1 but the page shows 浙ICP备12345678号-2, the " +
					"record number of another website of the same entity: …`, followed by notes that do not make the page non-compliant, " +
					"each starting `note: ` (a link to the old address `www.beian.gov.cn`). Empty when the page complies and there is nothing to note.",
			},
			"compliant": schema.BoolAttribute{
				Computed: true,
				MarkdownDescription: "True when `problems` holds no problem (notes aside): the page was fetched whole with a 2xx status and " +
					"shows the expected numbers, linked.",
			},
		},
	}
}

func (d *siteComplianceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m siteComplianceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := compliance.DefaultFetchOptions()
	opts.UserAgent = "terraform-provider-beian (beian_site_compliance; +https://registry.terraform.io/providers/beian-dev/beian)"
	opts.AllowPrivateAddresses = m.AllowPrivateAddresses.ValueBool()
	if !m.MaxBodyBytes.IsNull() {
		opts.MaxBodyBytes = m.MaxBodyBytes.ValueInt64()
	}
	timeout := defaultComplianceTimeout
	if !m.Timeout.IsNull() {
		timeout = m.Timeout.ValueString()
	}
	// Checked by the attribute's validator when known at validate time; here in any case.
	dur, problem := complianceTimeout.parse("timeout", timeout)
	if problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("timeout"), "Invalid timeout", problem)
		return
	}
	opts.Timeout = dur

	var exp compliance.Expectations
	if s := m.ExpectedICPNumber.ValueString(); !m.ExpectedICPNumber.IsNull() {
		n, err := icp.ParseWebsiteNumber(s)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("expected_icp_number"), "Invalid ICP filing number (ICP备案号)",
				fmt.Sprintf("expected_icp_number is not a valid %s: %v", icp.KindFilingNumber, err))
			return
		}
		exp.ICP = &n
	}
	if s := m.ExpectedPublicSecurityNumber.ValueString(); !m.ExpectedPublicSecurityNumber.IsNull() {
		n, err := icp.ParsePublicSecurityNumber(s)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("expected_public_security_number"), "Invalid public security filing number (公安联网备案号)",
				fmt.Sprintf("expected_public_security_number is not a valid %s: %v", icp.KindPublicSecurity, err))
			return
		}
		exp.PublicSecurity = &n
	}

	url := m.URL.ValueString()
	res, err := compliance.Check(ctx, url, exp, opts)
	if err != nil {
		var blocked *compliance.BlockedAddressError
		switch {
		case errors.As(err, &blocked):
			resp.Diagnostics.AddAttributeError(path.Root("url"), "Private address refused (内网地址)",
				fmt.Sprintf("url = %q: %v.\n\nSet allow_private_addresses = true on this data source if the site really lives on an internal network or a local test server.", url, err))
		case ctx.Err() != nil:
			resp.Diagnostics.AddError("Site compliance check cancelled", fmt.Sprintf("Checking %s was interrupted: %v", url, err))
		default:
			resp.Diagnostics.AddAttributeError(path.Root("url"), "Invalid URL", fmt.Sprintf("url = %q: %v", url, err))
		}
		return
	}

	all := append([]string{}, res.Problems...)
	for _, n := range res.Notes {
		all = append(all, "note: "+n)
	}
	problems, diags := types.ListValueFrom(ctx, types.StringType, all)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.StatusCode = types.Int64Value(int64(res.StatusCode))
	m.FinalURL = types.StringValue(res.FinalURL)
	m.ICPNumberFound = types.StringValue(res.ICPNumberFound)
	m.ICPLinkedToMIIT = types.BoolValue(res.ICPLinkedToMIIT)
	m.PublicSecurityNumberFound = types.StringValue(res.PublicSecurityNumberFound)
	m.PublicSecurityLinkedToMPS = types.BoolValue(res.PublicSecurityLinkedToMPS)
	m.Problems = problems
	m.Compliant = types.BoolValue(res.Compliant())
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
