# Quickstart: example.com on a mainland-China server, from domain to approved filing.
# `make demo` runs it against the bundled emulator (no Alibaba Cloud account needed):
# the first plan fails because the filing (备案) is not approved, then it is, and the
# apply goes through.
terraform {
  required_version = ">= 1.8.0"
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}

variable "rir_sources" {
  description = "Registry (RIR) delegation files, asked after the embedded location data for addresses the account does not hold; null = none (nothing is downloaded)."
  type        = list(string)
  default     = null
}

provider "beian" {
  region      = "cn-hangzhou"
  rir_sources = var.rir_sources
}

module "site" {
  source = "../modules/icp-site"

  domain       = "example.com"
  server_ip    = "47.96.10.20" # an ECS instance in cn-hangzhou
  go_live_date = "2026-11-20"
}

output "records" {
  value = module.site.records
}

output "domain" {
  value = module.site.domain
}

output "filing" {
  value = module.site.filing
}

output "footer_html" {
  value = module.site.footer_html
}

output "readiness" {
  value = module.site.readiness
}
