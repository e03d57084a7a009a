# Stands in for: resource "huaweicloud_dns_recordset" "site" (huaweicloud/huaweicloud).
# The same arguments as the real resource, inside input = { … }.
resource "terraform_data" "site" {
  for_each = local.recordsets

  input = {
    zone_id = var.zone_id
    name    = each.value.name
    type    = each.value.type
    records = each.value.records
    ttl     = 300
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}
