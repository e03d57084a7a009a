package icp

import "time"

// The calendar of a filing. Every day in these rules is a calendar day in China
// Standard Time: MIIT, the provincial administrations (管局) and the Alibaba Cloud
// Domain and ICP APIs all date things in UTC+8.

// ChinaTime is China Standard Time (UTC+8). China has no daylight saving time, so
// every day in this zone is 24 hours long.
var ChinaTime = time.FixedZone("CST", 8*3600)

// ChinaDay returns midnight, China time, of the day t falls on in China.
func ChinaDay(t time.Time) time.Time {
	t = t.In(ChinaTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, ChinaTime)
}

// CalendarDaysUntil counts calendar days in China from now's day to date's day: 0
// on the day itself, 1 the day before, negative once the day has passed.
func CalendarDaysUntil(now, date time.Time) int {
	// Days in China are all 24 hours long; rounding keeps the count exact anyway.
	return int(ChinaDay(date).Sub(ChinaDay(now)).Round(time.Hour).Hours() / 24)
}

// FilingWaitDays is how many full days after its registration a domain must be held
// before this provider considers an ICP filing for it may be submitted. It is the
// provider's own conservative rule, not a published one: the registrant's real-name
// data takes days to reach the MIIT system, and several provinces and access
// providers (接入商) reject domains registered more recently. An access provider may
// be stricter.
const FilingWaitDays = 3

// FilingEligibleFrom returns the first day (midnight, China time) from which an ICP
// filing of a domain may be submitted by the FilingWaitDays rule: the day of its
// registration in China plus FilingWaitDays. ok is false while the domain's
// real-name verification (实名认证) has not succeeded, since no filing can start
// before it does, and when the registration date is unknown (zero).
func FilingEligibleFrom(registered time.Time, realNameVerified bool) (day time.Time, ok bool) {
	if !realNameVerified || registered.IsZero() {
		return time.Time{}, false
	}
	return ChinaDay(registered).AddDate(0, 0, FilingWaitDays), true
}

// RecommendedRegistrationYears is the shortest registration this provider
// recommends for a domain that is to be filed: a filing is tied to its domain and is
// cancelled when the domain lapses, and access providers expect a domain the entity
// will hold for several years.
const RecommendedRegistrationYears = 3

// ExpiryWarningDays is how near, in calendar days, the expiry of a domain with nothing
// set to renew it is worth a warning: its filing lapses with it.
const ExpiryWarningDays = 30

// PublicSecurityFilingDays is how long after a website goes live its public
// security filing (公安联网备案) must be completed.
const PublicSecurityFilingDays = 30

// PublicSecurityDeadline returns the last day for the public security filing
// of a website that went live at goLive: 30 days later (calendar days, wall
// clock kept in goLive's location).
func PublicSecurityDeadline(goLive time.Time) time.Time {
	return goLive.AddDate(0, 0, PublicSecurityFilingDays)
}
