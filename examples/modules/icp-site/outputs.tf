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
