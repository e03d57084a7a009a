package icp

import (
	"html"
	"strings"
)

// FooterHTML renders the filing links a website in mainland China must show,
// usually in its footer:
//
//   - the ICP filing number as the text of a link to https://beian.miit.gov.cn/;
//   - when publicSecurityNumber is not empty, the public security filing
//     number as the text of a link to its record on beian.mps.gov.cn.
//
// Sites filed in Guangdong (粤) show the entity number (without -N); sites in
// other provinces show the number as given (normally the website number with
// -N). Numbers are shown in canonical form (see ParseFilingNumber). Links open
// in a new tab (target="_blank" rel="noreferrer"); the two links are separated
// by a single space. Everything is HTML-escaped and the output is
// deterministic. Errors are the parsers' *ParseError.
func FooterHTML(icpNumber, publicSecurityNumber string) (string, error) {
	f, err := ParseFilingNumber(icpNumber)
	if err != nil {
		return "", err
	}
	shown := f.String()
	if f.Province.Code == "44" {
		shown = f.EntityNumber()
	}
	var b strings.Builder
	writeLink(&b, MIITURL, shown)
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
