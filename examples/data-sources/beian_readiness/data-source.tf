# What still stands between a site and its ICP filing (备案): one check per prerequisite,
# each pass, fail or unknown with the evidence found.
data "beian_readiness" "site" {
  domain       = "example.com"
  server_ip    = "47.96.10.20"         # must be a mainland-China server to file
  homepage_url = "http://47.96.10.20/" # before approval the site is reached by IP
  go_live_date = "2026-11-20"          # the public-security filing is due 30 days later
  # server_eligible: the server must be a subscription (包年包月) that outlasts the review;
  # fail when fewer days than this are left (default 90).
  server_min_days_left = 60
  # public_security_number = "京公网安备11010502030143号" # once issued (公安联网备案号)
}

# The checklist in every plan: a failed check is a warning, nothing is blocked.
check "ready_to_file" {
  assert {
    condition     = data.beian_readiness.site.ready_to_file
    error_message = "Not ready to file for ICP: ${join(", ", data.beian_readiness.site.blocking)}\n${data.beian_readiness.site.report}"
  }
}

output "readiness" {
  value = data.beian_readiness.site.report
}

output "public_security_deadline" {
  value = data.beian_readiness.site.public_security_deadline
}
