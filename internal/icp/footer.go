package icp

import (
	"fmt"
	"html"
	"strings"
)

// FooterNumber returns the record number a website's footer shows for f, a
// website or entity record number (callers reject app numbers first):
//
//   - under a commercial licence (京ICP证030173号-1, 粤B2-20090059-5), the
//     licence number: the site "标明其经营许可证编号" (《互联网信息服务管理办法》
//     art. 12), as baidu.com shows 京ICP证030173号 and qq.com 粤B2-20090059;
//   - a filing in Guangdong (粤), the entity number (without -N);
//   - otherwise the number as given, normally the website number (with -N).
//
// Sources disagree on which of the entity and website numbers a province
// wants; beian_site_compliance accepts either, so any choice here passes.
func FooterNumber(f FilingNumber) string {
	if f.Entity.IsLicense() || f.Entity.Province.Code == "44" {
		return f.EntityNumber()
	}
	return f.String()
}

// FooterHTML renders the filing links a website in mainland China must show,
// usually in its footer:
//
//   - the ICP number (FooterNumber) as the text of a link to
//     https://beian.miit.gov.cn/;
//   - when publicSecurityNumber is not empty, the public security filing
//     number as the text of a link to its record on beian.mps.gov.cn.
//
// Numbers are shown in canonical form (see ParseFilingNumber). Links open in
// a new tab (target="_blank" rel="noreferrer"); the two links are separated
// by a single space. Everything is HTML-escaped and the output is
// deterministic. The record number of an app, mini-program or quick app is
// refused: it is not a website's. Errors are the parsers' *ParseError.
func FooterHTML(icpNumber, publicSecurityNumber string) (string, error) {
	f, err := ParseFilingNumber(icpNumber)
	if err != nil {
		return "", err
	}
	if !f.Kind.IsWebsiteFooterNumber() {
		return "", &ParseError{Input: icpNumber, Kind: KindFilingNumber,
			Problem: fmt.Sprintf("this is the record number of %s, not of a website: a website's footer shows its own "+
				"website record number (%s-<N>) or the entity number %s", f.Kind.Describe(), f.EntityNumber(), f.EntityNumber()),
			Example: f.EntityNumber() + "-1"}
	}
	var b strings.Builder
	writeLink(&b, MIITURL, FooterNumber(f))
	if strings.TrimSpace(publicSecurityNumber) != "" {
		p, err := ParsePublicSecurityNumber(publicSecurityNumber)
		if err != nil {
			return "", err
		}
		b.WriteByte(' ')
		writeLink(&b, p.QueryURL(), p.String())
	}
	return b.String(), nil
}

func writeLink(b *strings.Builder, href, text string) {
	b.WriteString(`<a href="`)
	b.WriteString(html.EscapeString(href))
	b.WriteString(`" target="_blank" rel="noreferrer">`)
	b.WriteString(html.EscapeString(text))
	b.WriteString(`</a>`)
}

// ParseWebsiteNumber parses the ICP number a website's footer must show: an entity or
// website record number (ParseFilingNumber), not the record number of an app,
// mini-program or quick app, which is refused with an error naming the numbers a
// website shows instead.
func ParseWebsiteNumber(s string) (FilingNumber, error) {
	n, err := ParseFilingNumber(s)
	if err == nil && !n.Kind.IsWebsiteFooterNumber() {
		err = fmt.Errorf("%q is the record number of %s, not of a website: a website's footer shows its own website record "+
			"number (网站备案号, %s-<N>) or the entity number %s", s, n.Kind.Describe(), n.EntityNumber(), n.EntityNumber())
	}
	return n, err
}
