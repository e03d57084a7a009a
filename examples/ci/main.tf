# A user's module under test in CI, against beian-emulator instead of a real account.
# See README.md next to this file and tests/site.tftest.hcl.
terraform {
  required_version = ">= 1.8.0"
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}

variable "server_ip" {
  description = "The web server's address."
  type        = string
}

provider "beian" {
  # In CI, BEIAN_ENDPOINT_OVERRIDE points every call at the emulator, and the credentials
  # are the emulator's documented test keys (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET).
  rir_sources = [] # no registry download in CI: the emulator's servers decide
}

module "site" {
  source    = "../modules/icp-site"
  domain    = "example.com"
  server_ip = var.server_ip
}

output "records" {
  value = module.site.records
}

output "filing_approved" {
  value = module.site.filing.approved
}

output "readiness" {
  value = module.site.readiness
}
