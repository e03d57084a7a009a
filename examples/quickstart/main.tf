# Quickstart: point example.com and www.example.com at a web server.
# Run it against the bundled emulator with `make demo`.
terraform {
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}

variable "rir_sources" {
  description = "Registry (RIR) delegation files used to classify addresses the account does not hold."
  type        = list(string)
  default     = null
}

provider "beian" {
  region = "cn-hangzhou"
}

resource "beian_dns_record" "apex" {
  domain = "example.com"
  rr     = "@"
  type   = "A"
  value  = "47.96.10.20"
}

resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "47.96.10.20"
}

output "site" {
  value = [beian_dns_record.apex.fqdn, beian_dns_record.www.fqdn]
}
