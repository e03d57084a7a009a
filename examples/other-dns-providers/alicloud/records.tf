# Stands in for: resource "alicloud_alidns_record" "site" (aliyun/alicloud).
# The same arguments as the real resource, inside input = { … }.
resource "terraform_data" "site" {
  for_each = local.records

  input = {
    domain_name = local.domain
    rr          = each.value.rr
    type        = each.value.type
    value       = each.value.value
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}
