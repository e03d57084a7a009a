package dnsrecord

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestMarkerRoundTrip(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 2, 33, 0, time.UTC)
	m := NewMarker(now)
	s := m.String()
	if !strings.HasPrefix(s, MarkerPrefix) || len(s) != MarkerLen {
		t.Fatalf("marker %q: want prefix %q and length %d", s, MarkerPrefix, MarkerLen)
	}
	got, ok := ParseMarker(s)
	if !ok || got.Token != m.Token || !got.Claimed.Equal(now.Truncate(time.Minute)) {
		t.Fatalf("ParseMarker(%q) = %+v, %v; want token %s claimed %s", s, got, ok, m.Token, now.Truncate(time.Minute))
	}
	// Only characters the Alidns remark documentation lists (letters, digits, - , . _).
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '-' {
			t.Fatalf("marker %q holds %q", s, r)
		}
	}
	if a, b := NewMarker(now), NewMarker(now); a.Token == b.Token {
		t.Fatalf("two claims drew the same token %q", a.Token)
	}
}

func TestSplitAndJoinRemark(t *testing.T) {
	m := Marker{Token: "k3j7x2", Claimed: time.Date(2026, 5, 1, 10, 2, 0, 0, time.UTC)}
	ms := m.String()
	for _, tc := range []struct {
		user      string
		wantFits  bool
		wantWrite string
	}{
		{"", true, ms},
		{"web server", true, "web server," + ms},
		{"备案网站", true, "备案网站," + ms},
		{strings.Repeat("x", MaxRemarkWithMarker), true, strings.Repeat("x", MaxRemarkWithMarker) + "," + ms},
		{strings.Repeat("x", MaxRemarkWithMarker+1), false, strings.Repeat("x", MaxRemarkWithMarker+1)},
		{strings.Repeat("网", MaxRemarkWithMarker), true, strings.Repeat("网", MaxRemarkWithMarker) + "," + ms},
	} {
		got, fits := JoinRemark(tc.user, m)
		if got != tc.wantWrite || fits != tc.wantFits {
			t.Errorf("JoinRemark(%q) = %q, %v; want %q, %v", tc.user, got, fits, tc.wantWrite, tc.wantFits)
		}
		if utf8.RuneCountInString(got) > RemarkMaxLen {
			t.Errorf("JoinRemark(%q) wrote %d characters, more than %d", tc.user, utf8.RuneCountInString(got), RemarkMaxLen)
		}
		user, back := SplitRemark(got)
		if user != tc.user || (fits && back != m) || (!fits && !back.IsZero()) {
			t.Errorf("SplitRemark(%q) = %q, %+v; want %q and the marker only when it was written", got, user, back, tc.user)
		}
	}
	// Text that only looks like a marker is the user's.
	for _, r := range []string{"tf-beian-", "xtf-beian-k3j7x2-hkq2z", "tf-beian-K3J9X2-hkq2z", "tf-beian-k3j7x2", "a tf-beian-k3j7x2-hkq2z"} {
		if user, got := SplitRemark(r); user != r || !got.IsZero() {
			t.Errorf("SplitRemark(%q) = %q, %+v; want the remark unchanged and no marker", r, user, got)
		}
	}
}

func TestCheckUserRemark(t *testing.T) {
	if msg := CheckUserRemark(strings.Repeat("备", RemarkMaxLen)); msg != "" {
		t.Errorf("a %d-character remark: %s", RemarkMaxLen, msg)
	}
	if msg := CheckUserRemark(strings.Repeat("备", RemarkMaxLen+1)); !strings.Contains(msg, "at most 50") {
		t.Errorf("a remark over the limit: %q", msg)
	}
	if msg := CheckUserRemark("copy of tf-beian-k3j7x2-hkq2z"); !strings.Contains(msg, MarkerPrefix) {
		t.Errorf("a remark holding a marker: %q", msg)
	}
}

func TestBirthTTL(t *testing.T) {
	for ttl, want := range map[int64]int64{1: 2, 600: 601, 86399: 86400, 86400: 86399} {
		if got := BirthTTL(ttl); got != want {
			t.Errorf("BirthTTL(%d) = %d, want %d", ttl, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	now := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	recent := Marker{Token: "aaaaaa", Claimed: now.Add(-3 * time.Minute).Truncate(time.Minute)}.String()
	edge := Marker{Token: "bbbbbb", Claimed: now.Add(-RecoveryWindow).Truncate(time.Minute)}.String()
	old := Marker{Token: "cccccc", Claimed: now.Add(-RecoveryWindow - 2*time.Minute).Truncate(time.Minute)}.String()
	for _, tc := range []struct {
		name   string
		remark string
		ttl    int64
		want   Claim
	}{
		{"hand-made", "", 600, Unclaimed},
		{"hand-made with a remark", "made by hand", 600, Unclaimed},
		{"hand-made, another TTL", "", 300, Unclaimed},
		{"born marked", "", 601, Unfinished},
		{"born marked, remark set by hand since", "x", 601, Unfinished},
		{"claimed minutes ago", recent, 600, RecentClaim},
		{"claimed minutes ago, TTL not corrected yet", "note," + recent, 601, RecentClaim},
		{"claimed a day ago", edge, 600, RecentClaim},
		{"claimed more than a day ago", old, 600, HeldClaim},
	} {
		got, _ := Classify(tc.remark, tc.ttl, 600, now)
		if got != tc.want {
			t.Errorf("%s: Classify(%q, ttl %d) = %d, want %d", tc.name, tc.remark, tc.ttl, got, tc.want)
		}
	}
}

func TestKeyFollowsDuplicateRules(t *testing.T) {
	a := Key("example.com", "WWW", "cname", "Target.Example.NET.", "default")
	b := Key("EXAMPLE.com", "www", "CNAME", "target.example.net", "Default")
	if a != b {
		t.Errorf("keys of the same record differ: %q vs %q", a, b)
	}
	if Key("example.com", "www", "TXT", "A", "default") == Key("example.com", "www", "TXT", "a", "default") {
		t.Error("TXT values differing in case share a key")
	}
	if Key("example.com", "www", "A", "203.0.113.1", "default") == Key("example.com", "www", "A", "203.0.113.1", "telecom") {
		t.Error("records on different lines share a key")
	}
}
