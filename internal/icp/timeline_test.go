package icp

import (
	"testing"
	"time"
)

func TestCalendarDaysUntil(t *testing.T) {
	// 2026-03-10 23:30 in China (15:30 UTC).
	now := time.Date(2026, 3, 10, 23, 30, 0, 0, ChinaTime)
	cases := []struct {
		t    time.Time
		want int
	}{
		{now, 0},
		{time.Date(2026, 3, 10, 0, 0, 0, 0, ChinaTime), 0}, // earlier the same China day
		{now.Add(time.Hour), 1},                            // 00:30 the next China day
		{now.Add(23 * time.Hour), 1},
		{now.AddDate(0, 0, 30), 30},
		{now.Add(-24 * time.Hour), -1},
		{time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC), 0},  // 23:00 China, same day
		{time.Date(2026, 3, 10, 16, 0, 0, 0, time.UTC), 1},  // 00:00 China, next day
		{time.Date(2026, 3, 9, 16, 0, 0, 0, time.UTC), 0},   // 00:00 China, same day
		{time.Date(2026, 3, 9, 15, 59, 0, 0, time.UTC), -1}, // 23:59 China, day before
		{time.Date(2027, 3, 10, 0, 0, 0, 0, ChinaTime), 365},
	}
	for _, c := range cases {
		if got := CalendarDaysUntil(now, c.t); got != c.want {
			t.Errorf("CalendarDaysUntil(%v, %v) = %d, want %d", now, c.t, got, c.want)
		}
	}
	// The count does not depend on the zone the times are written in.
	ny := time.FixedZone("EST", -5*3600)
	if got := CalendarDaysUntil(now.In(ny), now.Add(time.Hour).In(time.UTC)); got != 1 {
		t.Errorf("CalendarDaysUntil across zones = %d, want 1 (the days are China's)", got)
	}
}

func TestChinaDay(t *testing.T) {
	// 2026-03-01 20:00 UTC is 2026-03-02 04:00 in China.
	got := ChinaDay(time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC))
	if want := time.Date(2026, 3, 2, 0, 0, 0, 0, ChinaTime); !got.Equal(want) || got.Location() != ChinaTime {
		t.Errorf("ChinaDay = %v, want %v", got, want)
	}
}

func TestFilingEligibleFrom(t *testing.T) {
	// 2026-03-01 20:00 UTC is already 2026-03-02 in China.
	reg := time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC)
	got, ok := FilingEligibleFrom(reg, true)
	if want := time.Date(2026, 3, 5, 0, 0, 0, 0, ChinaTime); !ok || !got.Equal(want) {
		t.Errorf("verified: got %v %v, want %v (China date 03-02 + %d days)", got, ok, want, FilingWaitDays)
	}
	if got, ok := FilingEligibleFrom(reg, false); ok {
		t.Errorf("not verified: got %v, want no date until real-name verification succeeds", got)
	}
	if got, ok := FilingEligibleFrom(time.Time{}, true); ok {
		t.Errorf("unknown registration date: got %v, want no date", got)
	}
	// Registered late in the evening, China time: the waiting days count from that day.
	late := time.Date(2026, 3, 2, 23, 59, 0, 0, ChinaTime)
	if got, _ := FilingEligibleFrom(late, true); CalendarDaysUntil(late, got) != FilingWaitDays {
		t.Errorf("registered %v: eligible %v, want %d calendar days later", late, got, FilingWaitDays)
	}
}

func TestPublicSecurityDeadline(t *testing.T) {
	live := time.Date(2026, 11, 20, 0, 0, 0, 0, ChinaTime)
	if got, want := PublicSecurityDeadline(live), time.Date(2026, 12, 20, 0, 0, 0, 0, ChinaTime); !got.Equal(want) {
		t.Errorf("PublicSecurityDeadline(%v) = %v, want %v (%d days)", live, got, want, PublicSecurityFilingDays)
	}
}
