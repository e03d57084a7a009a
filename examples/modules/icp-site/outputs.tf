output "records" {
  description = "Host names served by the site."
  value       = [beian_dns_record.apex.fqdn, beian_dns_record.www.fqdn]
}

output "domain" {
  description = "Expiry, auto-renew and real-name status of the domain."
  value = {
    expiration_date       = beian_domain.this.expiration_date
    auto_renew            = beian_domain.this.auto_renew
    real_name_status      = beian_domain.this.real_name_status
    filing_eligible_after = beian_domain.this.filing_eligible_after
  }
}

output "filing" {
  description = "ICP filing status of the domain."
  value = {
    approved           = data.beian_filing.this.approved
    icp_number         = data.beian_filing.this.icp_number
    site_record_number = data.beian_filing.this.site_record_number
  }
}

output "footer_html" {
  description = "The compliant footer snippet: the filing number linked to MIIT (and the public-security number linked to MPS)."
  value       = data.beian_filing.this.approved ? provider::beian::footer_html(local.footer_number, var.public_security_number) : null
}

output "readiness" {
  description = "Readiness checklist of the filing, one line per check."
  value       = data.beian_readiness.this.report
}

output "extra_records" {
  description = "The ICP guard's verdict on extra_records: allowed (use it in a precondition of those records' resources), the violations, and for each record where it ends (mainland, offshore or unknown) and whether it is allowed."
  value = {
    allowed    = local.extra_guard == null ? true : local.extra_guard.allowed
    violations = local.extra_guard == null ? [] : local.extra_guard.violations
    records = [for r in try(local.extra_guard.results, []) : {
      name            = r.name
      type            = r.type
      value           = r.value
      location        = r.location
      filing_approved = r.filing_approved
      allowed         = r.allowed
    }]
  }
}
