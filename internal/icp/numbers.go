package icp

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NumberKind names the kind of number a parser expected.
type NumberKind string

// The kinds of numbers parsed by this package.
const (
	KindFilingNumber   NumberKind = "ICP filing number (ICP备案号)"
	KindLicense        NumberKind = "commercial ICP licence (经营性ICP许可证)"
	KindPublicSecurity NumberKind = "public security filing number (公安联网备案号)"
)

// form returns the expected shape of a number of kind k, for error messages.
func (k NumberKind) form() string {
	switch k {
	case KindFilingNumber:
		return "<entity number>, <entity number>-<N> for a website or <entity number>-<N><A, X or K> for an app, " +
			"mini-program or quick app, the entity number being <province>ICP备<6–10 digits>号, <province>ICP证<6–10 digits>号 " +
			"or a licence [<province>]B2-<8 digits>"
	case KindLicense:
		return "<province>B2-<8 digits>, B2-<8 digits> (cross-regional, issued by MIIT) or <province>ICP证<6–10 digits>号"
	case KindPublicSecurity:
		return "<province>公网安备<14 digits>号, the digits starting with the province's division code"
	}
	return string(k)
}

// ParseError reports a number that does not have the expected form. Its
// message quotes the input, names what is wrong and shows the expected form
// with an example.
type ParseError struct {
	// Input is the text as given to the parser.
	Input string
	// Kind is the kind of number that was expected.
	Kind NumberKind
	// Problem says what is wrong, e.g. "the serial must have 6–10 digits (got 3)".
	Problem string
	// Example is a well-formed number of the expected kind.
	Example string
}

func (e *ParseError) Error() string {
	article := "a"
	if e.Kind == KindFilingNumber {
		article = "an"
	}
	return fmt.Sprintf("%s: %s; expected %s %s of the form %s, e.g. %s",
		quoteInput(e.Input), e.Problem, article, e.Kind, e.Kind.form(), e.Example)
}

// quoteInput quotes s for an error message, shortening hostile input.
func quoteInput(s string) string {
	const maxRunes = 64
	if utf8.RuneCountInString(s) > maxRunes {
		i, n := 0, 0
		for i = range s {
			if n == maxRunes {
				break
			}
			n++
		}
		return strconv.Quote(s[:i]) + "…"
	}
	return strconv.Quote(s)
}

// normalizeNumber folds what people paste from web pages into the plain form
// the parsers read: white space anywhere is dropped (ASCII, no-break and
// ideographic spaces: footers often write 京ICP备 10046444号), as are the
// invisible zero-width space and byte order mark; full-width ASCII (０-９,
// Ａ-Ｚ, －, ．) becomes ASCII, dash variants (‐ ‑ ‒ – — ― − ﹘ ﹣) become '-', and
// ASCII letters are upper-cased (icp → ICP, b2 → B2).
func normalizeNumber(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '\u200b', r == '\ufeff':
			continue
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII variants
			r -= 0xFEE0
		case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE58, r == 0xFE63:
			r = '-'
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// leadingDigits returns the number of ASCII digits at the start of s.
func leadingDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

const provinceMissing = "the province abbreviation (such as 京, 沪 or 粤) is missing at the start"

// cutProvince splits the leading province abbreviation off n. On failure it
// returns a problem description.
func cutProvince(n string) (p Province, abbr, rest, problem string) {
	r, size := utf8.DecodeRuneInString(n)
	abbr = n[:size]
	if p, ok := ProvinceByAbbr(abbr); ok {
		return p, abbr, n[size:], ""
	}
	switch {
	case r < utf8.RuneSelf:
		problem = provinceMissing
	case abbr == "港" || abbr == "澳" || abbr == "台":
		problem = fmt.Sprintf("%q is not a mainland province: Hong Kong, Macau and Taiwan issue no ICP filings", abbr)
	default:
		problem = fmt.Sprintf("%q is not the abbreviation of a mainland province (such as 京, 沪 or 粤)", abbr)
	}
	return Province{}, "", "", problem
}

func exampleAbbr(abbr string) string {
	if abbr == "" {
		return "京"
	}
	return abbr
}
