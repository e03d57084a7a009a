# icp-site: one website's ICP filing prerequisites in one module — the domain on
# auto-renew, the @ and www records (held back by the provider's ICP guard until the
# filing is approved), the filing status, a readiness report and the footer snippet —
# and the same ICP guard for the site's records that other tools manage (extra_records).

resource "beian_domain" "this" {
  domain_name           = var.domain
  adopt_existing        = var.adopt_existing
  years                 = var.years
  registrant_profile_id = var.registrant_profile_id
  auto_renew            = true
}

# The ICP guard fails the plan of these records while the domain has no approved filing
# and server_ip is a mainland-China server.
resource "beian_dns_record" "apex" {
  domain = beian_domain.this.domain_name
  rr     = "@"
  type   = "A"
  value  = var.server_ip
  ttl    = var.ttl
}

resource "beian_dns_record" "www" {
  domain = beian_domain.this.domain_name
  rr     = "www"
  type   = "A"
  value  = var.server_ip
  ttl    = var.ttl
}

# The site's records managed elsewhere (extra_records), judged by the same ICP guard.
# With the provider's enforcement = "error" a record that would point the domain at a
# mainland-China server without an approved filing fails the plan here; the output
# extra_records.allowed lets those records' own resources stop their writes
# (lifecycle.precondition), also when a value is known only at apply.
data "beian_record_guard" "extra" {
  count   = length(var.extra_records) == 0 ? 0 : 1
  records = var.extra_records
}

data "beian_filing" "this" {
  domain = var.domain
}

data "beian_readiness" "this" {
  domain                 = var.domain
  server_ip              = var.server_ip
  go_live_date           = var.go_live_date
  public_security_number = var.public_security_number == "" ? null : var.public_security_number
}

locals {
  # The number the footer shows: the website's record number, or the entity number when
  # the filing source knows only that ("" before approval).
  footer_number = data.beian_filing.this.site_record_number != "" ? data.beian_filing.this.site_record_number : data.beian_filing.this.icp_number
  # The guard's verdict on extra_records (null when there are none).
  extra_guard = one(data.beian_record_guard.extra[*])
  # True when the readiness check classified server_ip as a mainland-China server.
  server_in_mainland = anytrue([for c in data.beian_readiness.this.checks : c.name == "server_in_mainland" && c.status == "pass"])
}

# Shown in every plan: a site on a mainland server must keep its filing. A server in Hong
# Kong, Macau, Taiwan or abroad needs none.
check "filing_approved" {
  assert {
    condition     = data.beian_filing.this.approved || !local.server_in_mainland
    error_message = "${var.domain} is served from mainland China but has no approved ICP filing (备案): ${data.beian_filing.this.evidence}"
  }
}

# Shown in every plan, also with enforcement = "warn" (where the guard only warns): the
# records managed elsewhere must not point the domain at a mainland server before the
# filing is approved.
check "extra_records_allowed" {
  assert {
    condition     = local.extra_guard == null || try(local.extra_guard.allowed, false)
    error_message = "Records of ${var.domain} managed outside this module need an approved ICP filing (备案) first: ${join("; ", try(local.extra_guard.violations, []))}"
  }
}

data "beian_site_compliance" "footer" {
  count                           = var.site_url == null ? 0 : 1
  url                             = var.site_url
  expected_icp_number             = local.footer_number
  expected_public_security_number = var.public_security_number == "" ? null : var.public_security_number
}

check "footer_compliant" {
  assert {
    condition     = var.site_url == null || try(data.beian_site_compliance.footer[0].compliant, false)
    error_message = "The footer of ${coalesce(var.site_url, "-")} is not compliant: ${join("; ", try(data.beian_site_compliance.footer[0].problems, []))}"
  }
}
