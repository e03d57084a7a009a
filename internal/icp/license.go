package icp

import (
	"strings"
)

// Commercial ICP licences (经营性ICP许可证): 证 numbers and telecom business licences (B2, A2.B1.B2 …).

// License is a commercial ICP licence (经营性ICP许可证: a value-added
// telecommunications business licence for internet information services),
// written 浙B2-20080101, B2-20080207 (cross-regional, issued by MIIT),
// A2.B1.B2-20090003 (a combined licence) or 京ICP证030173号.
type License struct {
	// Raw is the text as given to ParseLicense.
	Raw string
	// Entity is the licence.
	Entity Entity
	// Record is the number as given: the licence itself (Kind RecordEntity)
	// or the record number of a website, app, mini-program or quick app
	// filed under it (京ICP证030173号-1).
	Record FilingNumber
}

// Kind returns "ICP证" for the ICP证 form and the categories ("B2", "B1.B2",
// …) for a telecom licence; "" for the zero License.
func (l License) Kind() string {
	if l.Entity.Form == FormICPCert {
		return string(FormICPCert)
	}
	return l.Entity.Categories
}

// String returns the canonical licence number (see Entity.String).
func (l License) String() string { return l.Entity.String() }

// ParseLicense parses a commercial ICP licence number. A record number filed
// under a licence (京ICP证030173号-1, 粤B2-20090059-5) is accepted too: it
// names its licence, and Record says which record was given. White space,
// full-width and dash variants are handled as in ParseFilingNumber. Errors
// are *ParseError.
func ParseLicense(s string) (License, error) {
	f, abbr, problem := parseRecord(s)
	if problem == "" && !f.Entity.IsLicense() {
		problem = "this is an ICP filing number (ICP备案号) of a non-commercial entity, not a commercial ICP licence (经营性ICP许可证)"
	}
	if problem != "" {
		problem = strings.Replace(problem, "not an ICP filing number", "not a commercial ICP licence", 1)
		return License{}, &ParseError{Input: s, Kind: KindLicense, Problem: problem, Example: exampleAbbr(abbr) + "B2-20080101"}
	}
	return License{Raw: s, Entity: f.Entity, Record: f}, nil
}
