# Register (buy) a new domain for five years, on auto-renew, with a registrant profile
# (域名信息模板) that has passed real-name verification (实名认证). The plan fails before
# anything is bought if the name is taken or the profile is not verified.
resource "beian_domain" "new_site" {
  domain_name           = "example-new-site.com"
  years                 = 5
  registrant_profile_id = 1234567
  # auto_renew defaults to true; dns_servers default to Alibaba Cloud DNS (云解析 DNS).

  timeouts = {
    create = "45m" # how long to wait for the registration task (default 30m)
  }
}

# Adopt a domain that is already in the account: nothing is bought. Auto-renew is turned
# on and read back on every refresh, so turning it off in the console shows in the plan.
resource "beian_domain" "existing" {
  domain_name    = "example.com"
  adopt_existing = true
  auto_renew     = true
}

# The ICP filing (备案) can be submitted once real-name verification has succeeded and
# the waiting period has passed.
output "filing_readiness" {
  value = {
    real_name_verified    = beian_domain.existing.real_name_verified
    filing_eligible_after = beian_domain.existing.filing_eligible_after
    days_until_expiry     = beian_domain.existing.days_until_expiry
  }
}

# A registered or adopted domain on Alibaba Cloud DNS has its zone there: manage its
# records with beian_dns_record (domain = beian_domain.existing.domain_name).
