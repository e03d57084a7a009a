# Terraform ≥ 1.5 / OpenTofu ≥ 1.5: the same import ID in an import block.
import {
  to = beian_domain.example
  id = "example.com"
}

resource "beian_domain" "example" {
  domain_name    = "example.com"
  adopt_existing = true
}
