// Package apicatalog is the one table of the Alibaba Cloud RPC actions this project calls
// and emulates: per action its product and API version, whether it reads or writes,
// whether a call that may have been carried out can be sent again, and the error codes it
// can answer with their class — each fact with the source that settles it, or a note
// saying that none does.
//
// Three readers share it, so they cannot drift apart: internal/aliyun (which actions it
// may send, the retry and resend decision, the error classes), internal/emulator (which
// actions it routes, under which version, and which codes it may answer) and the contract
// test (internal/emulator/testdata/contract.json lists the same actions and versions).
// Tests in those packages fail when one of them disagrees with the table.
//
// Adding an action is one row in actions.go, its typed call in internal/aliyun, its
// emulator handler and its contract entry. The package imports the standard library only:
// the emulator may not import anything else, and internal/aliyun is the only package
// that imports the SDK.
package apicatalog

import (
	"errors"
	"fmt"
	"strings"
)

// Access says whether an action changes anything.
type Access int

const (
	// Read actions change nothing: a call may be sent again at any time.
	Read Access = iota + 1
	// Write actions change the account: sending one again after it may have been carried
	// out is decided per action (Action.Resend).
	Write
)

func (a Access) String() string {
	switch a {
	case Read:
		return "read"
	case Write:
		return "write"
	}
	return fmt.Sprintf("Access(%d)", int(a))
}

// Class is what a caller needs to know about an error to decide what to do.
type Class int

const (
	// ClassOther is any error that is not one of the classes below: bad input, quota, …
	ClassOther Class = iota
	// ClassNotFound: the object does not exist (or does not belong to this account).
	ClassNotFound
	// ClassConflict: the object already exists or conflicts with another one.
	ClassConflict
	// ClassThrottled: the service asked us to slow down. Retried.
	ClassThrottled
	// ClassAuth: the credentials were rejected or lack permission.
	ClassAuth
	// ClassUnavailable: a server-side or transport failure (5xx, InternalError,
	// ServiceUnavailable, LastOperationNotFinished, connection errors). Retried.
	ClassUnavailable
)

func (c Class) String() string {
	switch c {
	case ClassNotFound:
		return "not_found"
	case ClassConflict:
		return "conflict"
	case ClassThrottled:
		return "throttled"
	case ClassAuth:
		return "auth"
	case ClassUnavailable:
		return "unavailable"
	default:
		return "other"
	}
}

// Retryable reports whether a call failing with this class may be tried again.
func (c Class) Retryable() bool { return c == ClassThrottled || c == ClassUnavailable }

// Code is one error code an action can answer.
type Code struct {
	// Code is the service's error code, compared without regard to case. A trailing "*"
	// makes it a prefix: "Missing*" is Missing{Parameter}.
	Code string
	// Status is the HTTP status the source gives the code; 0 when it gives none.
	Status int
	Class  Class
	// Credentials marks a code that says the credentials themselves were rejected (an
	// unknown or disabled AccessKey, a bad secret, a bad or expired STS token), as opposed
	// to a permission missing for one action or region.
	Credentials bool
	// OneRequest marks a credentials code that may also be caused by the one request it
	// answers (a signature computed over parameters encoded differently from the
	// server's canonical form), so it says nothing certain about the next call.
	OneRequest bool
	// Source is where the code and its meaning are settled, or "UNVERIFIED: …" with the
	// reason it is listed all the same.
	Source string
}

// Matches reports whether code is this code (or starts with its prefix).
func (c Code) Matches(code string) bool {
	if p, ok := strings.CutSuffix(c.Code, "*"); ok {
		return len(code) >= len(p) && strings.EqualFold(code[:len(p)], p)
	}
	return strings.EqualFold(code, c.Code)
}

// Product is one API product: its code, the version of its API this project speaks, and
// the provider's name for its endpoint.
type Product struct {
	// Code is the product code of the API, as its SDK request and the contract spell it:
	// "Alidns".
	Code    string
	Version string
	// Endpoint is the product's key in the provider's endpoints block, internal/aliyun's
	// Product and the alibaba-cloud-sdk-go service package name: "alidns".
	Endpoint string
}

// Action is one row of the table.
type Action struct {
	Product string // a Product's Code
	Version string // the Product's Version
	Name    string // the RPC action: "AddDomainRecord"
	Access  Access
	// Resend says whether a call that may have been carried out — it timed out waiting for
	// the answer — may be sent again. Always true for a Read.
	Resend bool
	// Source settles Access (and so Resend for a read).
	Source string
	// ResendWhy says, for a write, how Resend was decided.
	ResendWhy string
	// Codes are the error codes of this action beyond the common ones (Common).
	Codes []Code
}

// Key is "Product.Action", the name the emulator's statistics and faults use.
func (a Action) Key() string { return a.Product + "." + a.Name }

// Code returns how this action's table declares code: its own codes first, then the
// common ones.
func (a Action) Code(code string) (Code, bool) {
	for _, c := range a.Codes {
		if c.Matches(code) {
			return c, true
		}
	}
	return CommonCode(code)
}

// Declares reports whether code is declared for this action (its own codes or the common
// ones).
func (a Action) Declares(code string) bool {
	_, ok := a.Code(code)
	return ok
}

// CommonCode returns the declaration of a code every action can answer (the API gateway's:
// signature, throttling, a missing parameter, …).
func CommonCode(code string) (Code, bool) {
	for _, c := range common {
		if c.Matches(code) {
			return c, true
		}
	}
	return Code{}, false
}

// Actions returns the table, in its order. The slices inside are shared: do not modify.
func Actions() []Action { return append([]Action(nil), actions...) }

// Products returns the product table.
func Products() []Product { return append([]Product(nil), products...) }

// Common returns the codes every action can answer.
func Common() []Code { return append([]Code(nil), common...) }

// Lookup returns the action of a product (its Code, any case) by name.
func Lookup(product, name string) (Action, bool) {
	a, ok := idx.byKey[strings.ToLower(product)+"."+name]
	return a, ok
}

// ForEndpoint returns the action of the product whose Endpoint key is endpoint.
func ForEndpoint(endpoint, name string) (Action, bool) {
	p, ok := idx.byEndpoint[endpoint]
	if !ok {
		return Action{}, false
	}
	return Lookup(p.Code, name)
}

// ProductOf returns the product whose Code is code (any case).
func ProductOf(code string) (Product, bool) {
	p, ok := idx.byProduct[strings.ToLower(code)]
	return p, ok
}

type index struct {
	byKey      map[string]Action  // lower(product) + "." + name
	byProduct  map[string]Product // lower(code)
	byEndpoint map[string]Product
}

// idx is built when the package loads: a table that breaks its own rules (Check) fails
// every program and test that imports the package.
var idx = mustIndex()

func mustIndex() index {
	ix, err := build(products, actions, common)
	if err != nil {
		panic(err)
	}
	return ix
}

// Check returns the rules the table breaks, if any; the package refuses to load when it
// breaks one, so Check is for tests of edited copies of the table.
func Check(ps []Product, as []Action, cs []Code) error {
	_, err := build(ps, as, cs)
	return err
}

func build(ps []Product, as []Action, cs []Code) (index, error) {
	ix := index{byKey: map[string]Action{}, byProduct: map[string]Product{}, byEndpoint: map[string]Product{}}
	var errs []error
	for _, p := range ps {
		if p.Code == "" || p.Version == "" || p.Endpoint == "" {
			errs = append(errs, fmt.Errorf("product %+v: code, version and endpoint are required", p))
		}
		if _, dup := ix.byProduct[strings.ToLower(p.Code)]; dup {
			errs = append(errs, fmt.Errorf("product %s is listed twice", p.Code))
		}
		if _, dup := ix.byEndpoint[p.Endpoint]; dup {
			errs = append(errs, fmt.Errorf("endpoint %s is listed twice", p.Endpoint))
		}
		ix.byProduct[strings.ToLower(p.Code)], ix.byEndpoint[p.Endpoint] = p, p
	}
	errs = append(errs, checkCodes("common", cs)...)
	for _, a := range as {
		errs = append(errs, checkAction(ix, a, cs)...)
		key := strings.ToLower(a.Product) + "." + a.Name
		if _, dup := ix.byKey[key]; dup {
			errs = append(errs, fmt.Errorf("%s is in the table twice", a.Key()))
		}
		ix.byKey[key] = a
	}
	if len(errs) > 0 {
		return index{}, fmt.Errorf("apicatalog: the action table breaks its rules:\n%w", errors.Join(errs...))
	}
	return ix, nil
}

func checkAction(ix index, a Action, cs []Code) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{a.Key()}, args...)...))
	}
	p, ok := ix.byProduct[strings.ToLower(a.Product)]
	switch {
	case !ok:
		bad("product %s is not in the product table", a.Product)
	case p.Code != a.Product:
		bad("product spelled %s, the product table says %s", a.Product, p.Code)
	case p.Version != a.Version:
		bad("version %s, the product table says %s", a.Version, p.Version)
	}
	switch {
	case a.Name == "":
		bad("no action name")
	case a.Access != Read && a.Access != Write:
		bad("Access must be Read or Write")
	case strings.TrimSpace(a.Source) == "":
		bad("no source for Access")
	case a.Access == Read && !a.Resend:
		bad("a read is always safe to resend")
	case a.Access == Write && strings.TrimSpace(a.ResendWhy) == "":
		bad("a write must say how Resend was decided (ResendWhy)")
	}
	errs = append(errs, checkCodes(a.Key(), a.Codes)...)
	for _, c := range a.Codes {
		for _, g := range cs {
			if g.Matches(strings.TrimSuffix(c.Code, "*")) && g.Class != c.Class {
				bad("%s is %s here but %s among the common codes", c.Code, c.Class, g.Class)
			}
		}
	}
	return errs
}

func checkCodes(where string, cs []Code) []error {
	var errs []error
	seen := map[string]bool{}
	for _, c := range cs {
		k := strings.ToLower(c.Code)
		switch {
		case strings.TrimSuffix(c.Code, "*") == "":
			errs = append(errs, fmt.Errorf("%s: an empty code", where))
		case seen[k]:
			errs = append(errs, fmt.Errorf("%s: %s is listed twice", where, c.Code))
		case strings.TrimSpace(c.Source) == "":
			errs = append(errs, fmt.Errorf("%s: %s has no source", where, c.Code))
		case c.OneRequest && !c.Credentials:
			errs = append(errs, fmt.Errorf("%s: %s: OneRequest qualifies a credentials code only", where, c.Code))
		case c.Credentials && c.Class != ClassAuth:
			errs = append(errs, fmt.Errorf("%s: %s rejects the credentials but is of class %s", where, c.Code, c.Class))
		}
		seen[k] = true
	}
	return errs
}
