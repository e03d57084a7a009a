# Terraform ≥ 1.12 / OpenTofu ≥ 1.12: by resource identity, the domain name.
import {
  to = beian_domain.site
  identity = {
    domain_name = "example.com"
  }
}
