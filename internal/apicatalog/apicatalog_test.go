package apicatalog

import (
	"strings"
	"testing"
)

func TestLookups(t *testing.T) {
	a, ok := Lookup("Alidns", "AddDomainRecord")
	if !ok || a.Access != Write || a.Resend || a.Version != "2015-01-09" {
		t.Fatalf("Lookup(Alidns, AddDomainRecord) = %+v, %v; want the write row", a, ok)
	}
	if b, ok := ForEndpoint("alidns", "AddDomainRecord"); !ok || b.Key() != a.Key() {
		t.Errorf("ForEndpoint(alidns, AddDomainRecord) = %v, %v", b.Key(), ok)
	}
	if b, ok := Lookup("companyreg", "QuerySuccessIcpData"); !ok || b.Product != "Companyreg" {
		t.Errorf("the product code is looked up in any case: %+v, %v", b, ok)
	}
	for _, miss := range [][2]string{{"Alidns", "DescribeSupportLines"}, {"Nope", "AddDomainRecord"}, {"Alidns", "adddomainrecord"}} {
		if _, ok := Lookup(miss[0], miss[1]); ok {
			t.Errorf("Lookup(%s, %s) found a row", miss[0], miss[1])
		}
	}
	if _, ok := ForEndpoint("dns", "AddDomainRecord"); ok {
		t.Error("ForEndpoint(dns, …) found a row: there is no such endpoint key")
	}
	if p, ok := ProductOf("ECS"); !ok || p.Endpoint != "ecs" || p.Version != "2014-05-26" {
		t.Errorf("ProductOf(ECS) = %+v, %v", p, ok)
	}
}

func TestAccessString(t *testing.T) {
	if Read.String() != "read" || Write.String() != "write" || Access(7).String() != "Access(7)" {
		t.Errorf("Access strings: %s %s %s", Read, Write, Access(7))
	}
}

func TestCodes(t *testing.T) {
	add, _ := Lookup("Alidns", "AddDomainRecord")
	for code, want := range map[string]Class{
		"DomainRecordDuplicate":       ClassConflict,    // the action's own
		"domainrecordduplicate":       ClassConflict,    // any case
		"Throttling.User":             ClassThrottled,   // common
		"MissingDomainName":           ClassOther,       // common prefix Missing*
		"InvalidApi.NotFound":         ClassOther,       // ".NotFound", yet no object is gone
		"UnKnownError":                ClassUnavailable, // the 2016 DNS reference
		"InvalidAccessKeyId.NotFound": ClassAuth,
	} {
		c, ok := add.Code(code)
		if !ok || c.Class != want {
			t.Errorf("AddDomainRecord's %s = %+v, %v; want class %s", code, c, ok, want)
		}
	}
	if add.Declares("DomainRecordNotBelongToUser") {
		t.Error("AddDomainRecord declares DomainRecordNotBelongToUser: only the RecordId actions answer it")
	}
	if c, ok := CommonCode("SignatureDoesNotMatch"); !ok || !c.Credentials || !c.OneRequest {
		t.Errorf("SignatureDoesNotMatch = %+v: want a credentials code that may be one request's", c)
	}
	if c, ok := CommonCode("InvalidAccessKeyId.Inactive"); !ok || !c.Credentials || c.OneRequest {
		t.Errorf("InvalidAccessKeyId.Inactive = %+v: want a credentials code every call repeats", c)
	}
	if (Code{Code: "Missing*"}).Matches("Missin") {
		t.Error("a prefix code matches a shorter code")
	}
}

// Every row: a known product and its version, a source for its access, reads resent,
// writes saying how Resend was decided, and every code a source — enforced when the
// package loads. Each rule is shown breaking here.
func TestCheckNamesEveryBrokenRule(t *testing.T) {
	if err := Check(products, actions, common); err != nil {
		t.Fatalf("the table itself: %v", err)
	}
	row := func(edit func(*Action)) []Action {
		a := Action{Product: "Alidns", Version: "2015-01-09", Name: "X", Access: Read, Resend: true, Source: "s"}
		edit(&a)
		return []Action{a}
	}
	dupProducts := append(Products(), Product{Code: "ALIDNS", Version: "1", Endpoint: "alidns"}, Product{Code: "Empty"})
	if err := Check(dupProducts, nil, nil); err == nil ||
		!strings.Contains(err.Error(), "product ALIDNS is listed twice") || !strings.Contains(err.Error(), "endpoint alidns is listed twice") ||
		!strings.Contains(err.Error(), "code, version and endpoint are required") {
		t.Errorf("Check(products listed twice, one incomplete): %v", err)
	}
	for _, tc := range []struct {
		name    string
		actions []Action
		codes   []Code
		want    string
	}{
		{"unknown product", row(func(a *Action) { a.Product = "Dns" }), nil, "product Dns is not in the product table"},
		{"product spelled otherwise", row(func(a *Action) { a.Product = "ALIDNS" }), nil, "product spelled ALIDNS"},
		{"another version", row(func(a *Action) { a.Version = "2023-01-01" }), nil, "version 2023-01-01, the product table says 2015-01-09"},
		{"no access", row(func(a *Action) { a.Access = 0 }), nil, "Access must be Read or Write"},
		{"no source", row(func(a *Action) { a.Source = " " }), nil, "no source for Access"},
		{"a read not resent", row(func(a *Action) { a.Resend = false }), nil, "a read is always safe to resend"},
		{"a write without its reason", row(func(a *Action) { a.Access = Write; a.Resend = false }), nil, "must say how Resend was decided"},
		{"twice", append(row(func(*Action) {}), row(func(*Action) {})...), nil, "Alidns.X is in the table twice"},
		{"a code without a source", row(func(a *Action) { a.Codes = []Code{{Code: "Busy", Class: ClassUnavailable}} }), nil, "Busy has no source"},
		{"a code listed twice", row(func(a *Action) { a.Codes = []Code{{Code: "A", Source: "s"}, {Code: "a", Source: "s"}} }), nil, "a is listed twice"},
		{"a code against its common class", row(func(a *Action) { a.Codes = []Code{{Code: "Throttling.User", Class: ClassOther, Source: "s"}} }),
			common, "Throttling.User is other here but throttled among the common codes"},
		{"a credentials code of another class", nil, []Code{{Code: "Bad", Class: ClassOther, Credentials: true, Source: "s"}}, "Bad rejects the credentials but is of class other"},
		{"OneRequest alone", nil, []Code{{Code: "Bad", Class: ClassAuth, OneRequest: true, Source: "s"}}, "OneRequest qualifies a credentials code only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(products, tc.actions, tc.codes)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check: %v; want it to say %q", err, tc.want)
			}
		})
	}
}

// Every row's facts name where they come from: the OpenAPI metadata, a reference, or an
// explicit UNVERIFIED with the reason.
func TestEveryFactNamesItsSource(t *testing.T) {
	for _, a := range actions {
		if !strings.Contains(a.Source, "metadata") && !strings.HasPrefix(a.Source, "UNVERIFIED") {
			t.Errorf("%s: Access source %q is neither the metadata nor marked UNVERIFIED", a.Key(), a.Source)
		}
	}
}
