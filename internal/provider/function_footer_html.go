package provider

import (
	"context"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

var _ function.Function = (*footerHTMLFunction)(nil)

// NewFooterHTMLFunction renders the filing footer a mainland-China website must show.
func NewFooterHTMLFunction() function.Function { return &footerHTMLFunction{} }

type footerHTMLFunction struct{}

func (f *footerHTMLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "footer_html"
}

func (f *footerHTMLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Render the filing footer (备案信息) a website in mainland China must show",
		MarkdownDescription: "Renders the HTML snippet with the filing links a website served from mainland China must show, usually in its footer:\n\n" +
			"- the ICP number as the text of a link to " + icp.MIITURL + ";\n" +
			"- when `public_security_number` is not `\"\"`, the public security filing number (公安联网备案号) as the text " +
			"of a link to its record, `" + icp.PublicSecurityQueryBase + "<code>`.\n\n" +
			"**Which ICP number is shown.** A footer may show the entity number (主体备案号) or the website's own record number " +
			"(网站备案号): sources disagree on which one a province wants, and `beian_site_compliance` accepts either. This " +
			"function shows, for a website under a commercial licence (`京ICP证030173号-1`, `粤B2-20090059-5`), the licence " +
			"number (`京ICP证030173号`, `粤B2-20090059`) — the site must show its 经营许可证编号 (《互联网信息服务管理办法》 art. 12), " +
			"as baidu.com and qq.com do; for a filing in Guangdong (粤), the entity number (without `-N`); elsewhere the number " +
			"as given (normally the website number, with `-N`). The record number of an app, mini-program or quick app " +
			"(`…-1A`, `…-1X`, `…-1K`) is refused: it is not a website's.\n\n" +
			"Numbers are shown in canonical form, links open in a new tab (`target=\"_blank\" rel=\"noreferrer\"`), the two links " +
			"are separated by one space, everything is HTML-escaped and the output is deterministic. Check a deployed page with " +
			"the `beian_site_compliance` data source.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "icp_number", MarkdownDescription: "The website's ICP record number or its entity number, e.g. `浙ICP备12345678号-1` or `京ICP证030173号-1`."},
			function.StringParameter{Name: "public_security_number",
				MarkdownDescription: "The public security filing number, e.g. `浙公网安备33010602011234号`, or `\"\"` while it is not yet " +
					"issued (it is due within 30 days of going live). It must not be `null`: OpenTofu does not pass a `null` " +
					"function argument on to providers, so `\"\"` is the one spelling of \"none\" that works in both CLIs."},
		},
		Return: function.StringReturn{},
	}
}

func (f *footerHTMLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var number, ps string
	if resp.Error = req.Arguments.Get(ctx, &number, &ps); resp.Error != nil {
		return
	}
	out, err := icp.FooterHTML(number, ps)
	if err != nil {
		var pe *icp.ParseError
		if errors.As(err, &pe) && pe.Kind == icp.KindPublicSecurity {
			resp.Error = numberArgError(1, "public_security_number", icp.KindPublicSecurity, err)
		} else {
			resp.Error = numberArgError(0, "icp_number", icp.KindFilingNumber, err)
		}
		return
	}
	resp.Error = resp.Result.Set(ctx, out)
}
