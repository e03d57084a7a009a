# Terraform ≥ 1.5 / OpenTofu ≥ 1.5: the same import IDs in an import block.
import {
  to = beian_dns_record.www
  id = "example.com/www/A"
}
