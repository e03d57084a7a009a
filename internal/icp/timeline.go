package icp

import "time"

// PublicSecurityFilingDays is how long after a website goes live its public
// security filing (公安联网备案) must be completed.
const PublicSecurityFilingDays = 30

// ReviewWorkingDays is the longest a provincial communications administration
// (管局) normally takes to review an ICP filing, in working days.
const ReviewWorkingDays = 20

// PublicSecurityDeadline returns the last day for the public security filing
// of a website that went live at goLive: 30 days later (calendar days, wall
// clock kept in goLive's location).
func PublicSecurityDeadline(goLive time.Time) time.Time {
	return goLive.AddDate(0, 0, PublicSecurityFilingDays)
}
