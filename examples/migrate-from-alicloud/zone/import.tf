# Bringing a zone managed in the console under Terraform with CLIs that have no
# `terraform query` (Terraform 1.5–1.13, OpenTofu): the zone's records, listed once,
# rendered as import blocks. See the guide "Migrating from alicloud DNS records and
# console-managed zones".
terraform {
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}

variable "domain" {
  description = "The zone to bring under Terraform."
  type        = string
  default     = "example.com"
}

data "beian_dns_records" "zone" {
  domain = var.domain
}

locals {
  # A resource name per record: its type, its host record and its ID (two records of
  # one name and type differ by ID), e.g. a_www_1884593045583640577.
  names = {
    for r in data.beian_dns_records.zone.records :
    r.record_id => format("%s_%s_%s", lower(r.type), r.rr == "@" ? "apex" : replace(lower(r.rr), "/[^a-z0-9_]/", "_"), r.record_id)
  }
}

output "import_blocks" {
  description = "One import block per record of the zone: write them to a file, then plan with -generate-config-out."
  value = join("\n", [for id, name in local.names : <<-EOT
    import {
      to = beian_dns_record.${name}
      id = "${id}"
    }
    EOT
  ])
}
