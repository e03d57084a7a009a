# The ICP filing (ICP备案) status of a site. A filing covers the registrable domain and its
# subdomains: www.example.com is looked up as example.com.
data "beian_filing" "site" {
  domain = "www.example.com"
}

# Stop the apply before a record points the domain at a mainland-China server while the
# filing is not approved (the resource's own ICP guard does this too; a precondition also
# works for resources of other providers, e.g. a CDN domain).
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "47.96.10.20"

  lifecycle {
    precondition {
      condition     = data.beian_filing.site.approved
      error_message = "example.com has no approved ICP filing (未备案): ${data.beian_filing.site.evidence}"
    }
  }
}

# See the status in every plan without blocking it: a failed check is a warning.
check "icp_filing" {
  data "beian_filing" "current" {
    domain = "example.com"
  }

  assert {
    condition     = data.beian_filing.current.approved
    error_message = "example.com is not ICP-filed (status ${data.beian_filing.current.status}): ${data.beian_filing.current.evidence}"
  }

  assert {
    condition = length(data.beian_filing.current.risks) == 0
    error_message = "The ICP filing of example.com has open rectification items (整改): ${join("; ", [
      for r in data.beian_filing.current.risks :
      "${join(", ", [for d in r.details : "${d.risk_source}: ${join(" / ", d.rectify_suggestions)}"])} (by ${r.deadline})"
    ])}"
  }
}

# The app and mini-program filings (App/小程序备案) of the same entity.
output "app_filings" {
  value = [for a in data.beian_filing.site.apps : "${a.name} ${a.record_number}"]
}

# The number the site's footer must show, linked to https://beian.miit.gov.cn/.
output "footer_icp_number" {
  value = data.beian_filing.site.site_record_number
}
