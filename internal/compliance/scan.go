// Package compliance checks a live web page for the filing footer a website
// served from mainland China must show: its ICP filing number (ICP备案号)
// linked to https://beian.miit.gov.cn/ and, once obtained, its public security
// filing number (公安联网备案号) linked to its record on beian.mps.gov.cn.
//
// The package has three parts: ScanHTML finds the numbers in a page and the
// links around them (pure, safe on hostile input), Evaluate compares what was
// found with what is expected and lists the problems in words (pure), and
// Fetch downloads a page with the limits a plan-time check needs: a time
// budget, a size limit, a redirect limit with loop detection, retries on
// server and connection errors, verified TLS and a guard against private
// addresses (SSRF). The number formats are those of internal/icp.
package compliance

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/beian-dev/terraform-provider-beian/internal/icp"
)

// Official sites the numbers must be linked to.
const (
	// MIITHost is the host of the MIIT ICP filing system (icp.MIITURL); a
	// link to www.beian.miit.gov.cn counts as well.
	MIITHost = "beian.miit.gov.cn"
	// MPSHost is the host of the public security filing system
	// (icp.PublicSecurityQueryBase).
	MPSHost = "beian.mps.gov.cn"
	// OldMPSHost is the public security filing system's former address, still
	// linked from the footers of baidu.com, bilibili.com, aliyun.com and many
	// others: a link there counts, with a note that it is the old address.
	OldMPSHost = "www.beian.gov.cn"
)

// miitHosts are the hosts of a link that counts as a link to MIIT's filing
// system: with and without www, over http or https, any path.
var miitHosts = []string{MIITHost, "www." + MIITHost}

// retiredMIITHosts are former hosts of MIIT's filing system, still linked from
// old footers; they no longer serve it, so a link there does not count.
var retiredMIITHosts = []string{"www.miitbeian.gov.cn", "miitbeian.gov.cn", "www.miibeian.gov.cn", "miibeian.gov.cn"}

// MaxOccurrences bounds how many numbers of each kind ScanHTML records, so
// that a hostile page cannot make the result grow without limit.
const MaxOccurrences = 1000

// Occurrence is one number found in the text of a page.
type Occurrence struct {
	// Text is the number as written in the page (inner white space included).
	Text string
	// Href is the href attribute of the <a> element the whole number is in,
	// resolved against the page URL; "" when the number is not (wholly) inside
	// a link.
	Href string
	// Linked reports whether Href points at the official site for the kind of
	// number, over http or https: beian.miit.gov.cn or www.beian.miit.gov.cn
	// for an ICP number, beian.mps.gov.cn or its old address www.beian.gov.cn
	// for a public security number.
	Linked bool
}

// ICPOccurrence is an ICP filing number found in a page.
type ICPOccurrence struct {
	Occurrence
	Number icp.FilingNumber
}

// PublicSecurityOccurrence is a public security filing number found in a page.
type PublicSecurityOccurrence struct {
	Occurrence
	Number icp.PublicSecurityNumber
	// OldAddress reports whether the link is to OldMPSHost.
	OldAddress bool
}

// Page is what ScanHTML found, in document order.
type Page struct {
	ICP            []ICPOccurrence
	PublicSecurity []PublicSecurityOccurrence
}

// DecodeHTML converts a response body to UTF-8, using the charset named by
// the Content-Type header, a byte order mark or a <meta charset> in the first
// kilobyte, in the order browsers use. Many sites in China are still served as
// GBK/GB2312, whose bytes would otherwise hide the numbers. Bytes that do not
// decode are replaced, never fatal.
//
// DetermineEncoding only looks at the first kilobyte and falls back on
// windows-1252 when nothing is declared there; a page with a long ASCII <head>
// and no declared charset would then lose every Chinese character (and the
// ICP number with it). When the encoding is only that guess, the body is kept
// as UTF-8 if it is valid UTF-8, and decoded as GB18030 (a superset of GBK and
// GB2312, the usual undeclared encoding in China) otherwise.
func DecodeHTML(body []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain && name == "windows-1252" {
		if utf8.Valid(body) {
			return body
		}
		enc, name = simplifiedchinese.GB18030, "gb18030"
	}
	if name == "utf-8" || enc == nil {
		return body
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return body
	}
	return out
}

var (
	// icpCandidate finds ICP record numbers in page text; icpParts, matched
	// against one candidate, marks its record index (-N, -NA) as submatch 1.
	// Scanning without submatches keeps the pass over the whole page fast.
	icpCandidate, icpParts *regexp.Regexp
	psCandidate            *regexp.Regexp
)

func init() {
	var abbrs strings.Builder
	for _, p := range icp.Provinces() {
		abbrs.WriteString(p.Abbr + p.AltAbbr)
	}
	const (
		sp     = `[ \t\x{00A0}\x{3000}]*` // spaces people put between the parts
		digit  = `[0-9\x{FF10}-\x{FF19}]`
		dashes = `[-\x{2010}-\x{2015}\x{2212}\x{FE58}\x{FE63}\x{FF0D}]`
		icpTag = `[IiＩｉ][CcＣｃ][PpＰｐ]`
		// a licence category (A1, A2, B1, B2) and a list of them (B1.B2)
		category   = `[AaBbＡａＢｂ][12１２]`
		categories = category + `(?:` + sp + `[.．]` + sp + category + `)*`
		// the letter of an app, mini-program or quick-app number
		letter = `[AaXxKkＡａＸｘＫｋ]`
	)
	prov := "[" + abbrs.String() + "]"
	filing := prov + sp + icpTag + sp + `[备证]` + sp + digit + `+` + sp + `号`
	license := `(?:` + prov + sp + `)?` + categories + sp + dashes + sp + digit + `{8}(?:` + sp + `号)?`
	icpCandidate = regexp.MustCompile(`(?:` + filing + `|` + license + `)(?:` + dashes + digit + `+` + letter + `?)?`)
	icpParts = regexp.MustCompile(`^(?:` + filing + `|` + license + `)(` + dashes + digit + `+` + letter + `?)?$`)
	psCandidate = regexp.MustCompile(prov + sp + `公网安备` + sp + digit + `+` + sp + `号`)
}

// skipText lists elements whose text a visitor does not see as page text.
var skipText = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true,
	"noembed": true, "noframes": true, "iframe": true,
}

// inline lists phrasing elements that do not break a line of text; every
// other tag separates the text before it from the text after it, so that
// numbers in neighbouring blocks are not glued together.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true,
	"data": true, "dfn": true, "em": true, "font": true, "i": true, "img": true, "kbd": true,
	"mark": true, "q": true, "s": true, "samp": true, "small": true, "span": true, "strong": true,
	"sub": true, "sup": true, "time": true, "u": true, "var": true, "wbr": true, "nobr": true,
}

// linkRun is a stretch of the page text inside one <a> element.
type linkRun struct {
	start, end int // byte offsets into the text
	id         int // which <a> element
	href       string
}

// ScanHTML reads an HTML document (UTF-8, see DecodeHTML) and returns the ICP
// filing numbers and public security filing numbers in its visible text, with
// the link each one is inside. base is the page's URL, used to resolve
// relative and protocol-relative hrefs; it may be nil.
//
// The scan uses the HTML tokenizer, not a DOM: text inside script, style,
// template, noscript and iframe elements and in comments is ignored (a
// commented-out footer does not count); an <a> start tag ends any <a> still
// open, as in browsers. Candidates are found with a pattern and kept only when
// the icp parsers accept them, so "京ICP备123号" or a public security number
// whose digits do not match its province are not reported. A number counts as
// linked only when all of it is inside one <a> element. ScanHTML never fails:
// malformed HTML is read the way the tokenizer recovers from it.
func ScanHTML(r io.Reader, base *url.URL) Page {
	var (
		text    bytes.Buffer
		runs    []linkRun
		skip    = map[string]int{}
		skipped int
		inA     bool
		aID     int
		aHref   string
	)
	sep := func() {
		if b := text.Bytes(); len(b) > 0 && b[len(b)-1] != '\n' {
			text.WriteByte('\n')
		}
	}
	z := html.NewTokenizer(r)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF or a read error: scan what was read
		}
		switch tt {
		case html.TextToken:
			if skipped > 0 {
				continue
			}
			t := z.Text()
			start := text.Len()
			text.Write(t)
			if inA && len(t) > 0 {
				if n := len(runs); n > 0 && runs[n-1].id == aID && runs[n-1].end == start {
					runs[n-1].end = text.Len()
				} else {
					runs = append(runs, linkRun{start: start, end: text.Len(), id: aID, href: aHref})
				}
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			// Browsers ignore the self-closing flag on non-void elements
			// (<a/> opens a link, <script/> a script), and so does this scan.
			name, hasAttr := z.TagName()
			tag := string(name)
			if skipText[tag] {
				skip[tag]++
				skipped++
				continue
			}
			if tag == "a" {
				href := ""
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						href = string(v)
						break
					}
				}
				inA, aHref = true, resolveHref(base, href)
				aID++
				continue
			}
			if !inline[tag] {
				sep()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skip[tag] > 0 {
				skip[tag]--
				skipped--
				continue
			}
			if tag == "a" {
				inA, aHref = false, ""
				continue
			}
			if !inline[tag] {
				sep()
			}
		}
	}
	return findNumbers(text.String(), runs)
}

// findNumbers matches the candidate patterns in the page text and validates
// each candidate with the icp parsers, which also read the spaces inside a
// number. The patterns allow spaces between the parts of a number, as
// footers write them (京 ICP 备 09031924号, 京公网安备 11010502030143号), not
// inside a part (a category, the digits) nor before the record index's dash,
// so that running text next to a number is not read into it. A candidate glued to the text around it is cut where the number
// ends: a letter after the record index is the index's letter (…号-1A, an
// app) only when no other letter follows (…号-1About is the website -1
// followed by a word); a digit right after a number that ends in digits
// (B2-200802071), or a letter or digit right before a licence written without
// a province (SUB2-20130376), mean the candidate is part of something else,
// and it is dropped. A record index the parsers
// reject (…号-20240101) leaves the entity number.
func findNumbers(text string, runs []linkRun) Page {
	var p Page
	linkAt := func(start, end int) string {
		// the run containing start, if it also contains end
		i := sort.Search(len(runs), func(i int) bool { return runs[i].end > start })
		if i < len(runs) && runs[i].start <= start && end <= runs[i].end {
			return runs[i].href
		}
		return ""
	}
	for _, m := range matchLines(icpCandidate, text, mayHoldICPNumber) {
		if len(p.ICP) == MaxOccurrences {
			break
		}
		start, end, idx := m[0], m[1], -1
		if parts := icpParts.FindStringSubmatchIndex(text[start:end]); parts != nil && parts[2] >= 0 {
			idx = start + parts[2]
		}
		if next, _ := utf8.DecodeRuneInString(text[end:]); idx >= 0 && isLetter(next) {
			if last, size := utf8.DecodeLastRuneInString(text[start:end]); isLetter(last) {
				end -= size
			}
		}
		next, _ := utf8.DecodeRuneInString(text[end:])
		last, _ := utf8.DecodeLastRuneInString(text[start:end])
		prev, _ := utf8.DecodeLastRuneInString(text[:start])
		if (isDigit(last) && isDigit(next)) || (text[start] < utf8.RuneSelf && (isLetter(prev) || isDigit(prev))) {
			continue
		}
		n, err := icp.ParseFilingNumber(text[start:end])
		if err != nil && idx >= 0 {
			end = idx
			n, err = icp.ParseFilingNumber(text[start:end])
		}
		if err != nil {
			continue
		}
		href := linkAt(start, end)
		p.ICP = append(p.ICP, ICPOccurrence{Occurrence: Occurrence{Text: text[start:end], Href: href, Linked: hrefHostIn(href, miitHosts)}, Number: n})
	}
	for _, m := range matchLines(psCandidate, text, func(line string) bool { return strings.Contains(line, "公网安备") }) {
		if len(p.PublicSecurity) == MaxOccurrences {
			break
		}
		raw := text[m[0]:m[1]]
		n, err := icp.ParsePublicSecurityNumber(raw)
		if err != nil {
			continue
		}
		href := linkAt(m[0], m[1])
		old := hrefHostIn(href, []string{OldMPSHost})
		p.PublicSecurity = append(p.PublicSecurity, PublicSecurityOccurrence{
			Occurrence: Occurrence{Text: raw, Href: href, Linked: old || hrefHostIn(href, []string{MPSHost})}, Number: n, OldAddress: old})
	}
	return p
}

// matchLines returns the matches of re in text, as byte offsets into text,
// trying re only on the lines for which mayMatch is true. Candidates never
// span a line break (the patterns allow no newline), so this finds what a
// search of the whole text would, and skips most of a page quickly: the
// pattern search costs far more per byte than the strings.Contains of
// mayMatch.
func matchLines(re *regexp.Regexp, text string, mayMatch func(line string) bool) [][]int {
	var out [][]int
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		if line := text[start:end]; mayMatch(line) {
			for _, m := range re.FindAllStringIndex(line, -1) {
				out = append(out, []int{start + m[0], start + m[1]})
			}
		}
		start = end + 1
	}
	return out
}

// b2Spellings are the ways category B2 is written; every ICP licence the
// parser accepts contains one.
var b2Spellings = []string{"B2", "b2", "Ｂ２", "ｂ２", "Ｂ2", "ｂ2", "B２", "b２"}

// mayHoldICPNumber reports whether line can hold an ICP record number the
// parser accepts: a filing or ICP证 number contains 号, a licence category B2.
func mayHoldICPNumber(line string) bool {
	if strings.Contains(line, "号") {
		return true
	}
	for _, b2 := range b2Spellings {
		if strings.Contains(line, b2) {
			return true
		}
	}
	return false
}

// isLetter reports whether r is an ASCII or full-width Latin letter.
func isLetter(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= 'ａ' && r <= 'ｚ') || (r >= 'Ａ' && r <= 'Ｚ')
}

// isDigit reports whether r is an ASCII or full-width digit.
func isDigit(r rune) bool { return (r >= '0' && r <= '9') || (r >= '０' && r <= '９') }

// resolveHref resolves an href attribute the way a browser would follow it:
// surrounding white space trimmed, tabs and newlines removed, relative
// references resolved against base. An href that does not parse is kept as
// written (it then points nowhere official).
func resolveHref(base *url.URL, href string) string {
	href = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimSpace(href))
	if href == "" {
		// <a> without href is a placeholder, not a link
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// hrefHostIn reports whether href is an http(s) URL of one of hosts (case
// and a trailing dot ignored, any port, path, query or fragment).
func hrefHostIn(href string, hosts []string) bool {
	if href == "" {
		return false
	}
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	h := strings.TrimSuffix(u.Hostname(), ".")
	for _, host := range hosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}
