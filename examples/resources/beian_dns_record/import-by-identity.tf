# Terraform ≥ 1.12 / OpenTofu ≥ 1.12: by resource identity, the record ID.
import {
  to = beian_dns_record.apex
  identity = {
    record_id = "1884593045583640577"
  }
}
