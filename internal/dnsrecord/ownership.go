package dnsrecord

import (
	"crypto/rand"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Ownership of records: how beian_dns_record tells a record it wrote itself from one made
// by hand, by another tool or by another beian_dns_record, so that a create never takes
// over a record silently and a destroy deletes only what its resource owns.
//
// AddDomainRecord takes no remark (Alidns 2015-01-09 AddDomainRecord: DomainName, RR,
// Type, Value, TTL, Priority, Line, Lang, UserClientIp), so a record cannot be created
// with its marker. It is therefore written in two steps, each leaving something a later
// run can recognise:
//
//  1. AddDomainRecord with the birth TTL (BirthTTL: the planned TTL plus one second, minus
//     one at the maximum). The TTL is the only argument of AddDomainRecord that does not
//     change where or how the name resolves, so a record carrying it is "born marked":
//     written by this provider's create, which has not finished.
//  2. UpdateDomainRecordRemark with the ownership marker at the end of the remark
//     (Marker), then UpdateDomainRecord back to the planned TTL.
//
// A run killed at any point of this, or a create whose answer was lost, leaves a record
// that is either born marked or marked by a claim made moments ago; the next create of the
// same record adopts it (see Classify). What is left uncovered is written down in the
// guide "DNS record ownership": a record whose remark leaves no room for the marker, and
// a hand-made record whose TTL is exactly the birth TTL of the one planned.

// MarkerPrefix starts every ownership marker.
const MarkerPrefix = "tf-beian-"

// RemarkMaxLen is the longest remark Alibaba Cloud DNS keeps, in characters
// (UpdateDomainRemark's documented limit of 50 characters; the record remark's limit is
// not documented separately and is assumed to be the same).
const RemarkMaxLen = 50

// markerSep separates the user's remark from the marker. A comma is among the characters
// the Alidns remark documentation lists (digits, letters, Chinese and _ - , . ，。);
// a space is not.
const markerSep = ","

// tokenLen is the length of a marker's random token (base32: 30 bits).
const tokenLen = 6

// MarkerLen is the length of a marker until the year 2084 (5 base-36 digits of minutes).
const MarkerLen = len(MarkerPrefix) + tokenLen + 1 + 5

// MaxRemarkWithMarker is the longest user remark that leaves room for the marker.
const MaxRemarkWithMarker = RemarkMaxLen - MarkerLen - len(markerSep)

// Marker is one claim on a record: a random token that the owning resource keeps in its
// state (ownership_marker), and the minute the claim was made.
type Marker struct {
	Token   string
	Claimed time.Time // to the minute
}

var markerPattern = regexp.MustCompile(`^` + MarkerPrefix + `([a-z2-7]{6})-([0-9a-z]{5,7})$`)

const base32Lower = "abcdefghijklmnopqrstuvwxyz234567"

// NewMarker makes a claim at now with a fresh random token.
func NewMarker(now time.Time) Marker {
	var b [tokenLen]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	tok := make([]byte, tokenLen)
	for i, x := range b {
		tok[i] = base32Lower[int(x)%len(base32Lower)]
	}
	return Marker{Token: string(tok), Claimed: now.UTC().Truncate(time.Minute)}
}

// IsZero reports whether m is no marker.
func (m Marker) IsZero() bool { return m.Token == "" }

// String is the marker as written into the remark, e.g. "tf-beian-k3j7x2-hkq2z".
func (m Marker) String() string {
	if m.IsZero() {
		return ""
	}
	return MarkerPrefix + m.Token + "-" + strconv.FormatInt(m.Claimed.Unix()/60, 36)
}

// ParseMarker reads a marker written by String.
func ParseMarker(s string) (Marker, bool) {
	sm := markerPattern.FindStringSubmatch(s)
	if sm == nil {
		return Marker{}, false
	}
	minutes, err := strconv.ParseInt(sm[2], 36, 64)
	if err != nil {
		return Marker{}, false
	}
	return Marker{Token: sm[1], Claimed: time.Unix(minutes*60, 0).UTC()}, true
}

// SplitRemark splits a record's remark into the user's remark and the marker at its end
// (zero when there is none).
func SplitRemark(remark string) (string, Marker) {
	i := strings.LastIndex(remark, MarkerPrefix)
	if i < 0 {
		return remark, Marker{}
	}
	m, ok := ParseMarker(remark[i:])
	if !ok {
		return remark, Marker{}
	}
	user := remark[:i]
	switch {
	case user == "":
	case strings.HasSuffix(user, markerSep):
		user = strings.TrimSuffix(user, markerSep)
	default:
		return remark, Marker{} // "…xtf-beian-…": part of a word, not a marker
	}
	return user, m
}

// JoinRemark is the remark to write: the user's remark with the marker at its end, or the
// user's remark alone when the marker does not fit in RemarkMaxLen (fits is false then).
func JoinRemark(user string, m Marker) (remark string, fits bool) {
	if m.IsZero() {
		return user, false
	}
	if user == "" {
		return m.String(), true
	}
	r := user + markerSep + m.String()
	if utf8.RuneCountInString(r) > RemarkMaxLen {
		return user, false
	}
	return r, true
}

// CheckUserRemark says what is wrong with a remark given to beian_dns_record, or "".
func CheckUserRemark(remark string) string {
	if n := utf8.RuneCountInString(remark); n > RemarkMaxLen {
		return fmt.Sprintf("the remark is %d characters long; Alibaba Cloud DNS keeps at most %d", n, RemarkMaxLen)
	}
	if strings.Contains(remark, MarkerPrefix) {
		return fmt.Sprintf("the remark contains %q, which starts the ownership marker this provider writes; write it differently", MarkerPrefix)
	}
	return ""
}

// maxTTL is the largest TTL AddDomainRecord takes (its parameter range, 1–86400).
const maxTTL = 86400

// BirthTTL is the TTL a record is created with when ttl is planned: one second more, or
// one less at the maximum. It differs from the planned TTL by one second, which no
// resolver or visitor notices, and is corrected in the same create.
func BirthTTL(ttl int64) int64 {
	if ttl >= maxTTL {
		return ttl - 1
	}
	return ttl + 1
}

// Claim is what an existing record identical to one being created says about who made it.
type Claim int

const (
	// Unclaimed: no marker and not born marked — made by hand, by another tool, by an
	// older version of this provider, or moved in from alicloud_alidns_record.
	Unclaimed Claim = iota
	// Unfinished: born marked (the birth TTL, no marker): a create of this provider that
	// never reached its second step.
	Unfinished
	// RecentClaim: marked by a claim made within the recovery window: a create of this
	// provider whose run ended before the state was saved — or, within the window, another
	// resource that created the same record.
	RecentClaim
	// HeldClaim: marked by a claim older than the recovery window: another resource's.
	HeldClaim
)

// RecoveryWindow is how long after its claim a marked record is still taken for the
// leftover of an interrupted create and adopted by a create of the same record. Nothing
// in the cloud tells a claim whose state was saved from one whose run was killed first,
// so the window is a trade: a run killed before its state was saved is usually applied
// again within minutes (CI retries, a second `apply`), while a second resource describing
// the same record is usually added later than that. Within the window such a second
// resource adopts the record with a warning instead of failing; after it, the leftover of
// an interrupted run is imported (the error says how).
const RecoveryWindow = time.Hour

// Classify says who made an existing record (its remark and TTL) that is identical to the
// one a create with plannedTTL is about to write, at now.
func Classify(remark string, ttl, plannedTTL int64, now time.Time) (Claim, Marker) {
	_, m := SplitRemark(remark)
	if m.IsZero() {
		if ttl == BirthTTL(plannedTTL) {
			return Unfinished, m
		}
		return Unclaimed, m
	}
	// The marker holds the minute of its claim: a minute of slack for the truncation and
	// for clocks that disagree a little.
	if age := now.Sub(m.Claimed); age <= RecoveryWindow+time.Minute {
		return RecentClaim, m
	}
	return HeldClaim, m
}

// Key is the identity of a record as Alibaba Cloud DNS judges duplicates (its
// DomainRecordDuplicate): zone, host record, type, value and line, in canonical form.
func Key(domain, rr, typ, value, line string) string {
	return strings.ToLower(domain) + "\x00" + CanonicalRR(rr) + "\x00" + strings.ToUpper(typ) + "\x00" +
		CanonicalValue(typ, value) + "\x00" + strings.ToLower(line)
}
