# Stands in for: resource "tencentcloud_dnspod_record" "site" (tencentcloudstack/tencentcloud).
# The same arguments as the real resource, inside input = { … }.
resource "terraform_data" "site" {
  for_each = local.records

  input = {
    domain      = local.domain
    sub_domain  = each.value.sub_domain
    record_type = each.value.record_type
    record_line = "默认"
    value       = each.value.value
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}
