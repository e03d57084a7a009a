# Judge records managed by another DNS provider with the ICP guard (备案检查): here an
# alicloud_alidns_record (aliyun/alicloud); the same works for cloudflare_dns_record,
# tencentcloud_dnspod_record, huaweicloud_dns_recordset, aws_route53_record …
data "beian_record_guard" "site" {
  records = [
    { name = "example.com", type = "A", value = "47.96.10.20" },
    { name = "www.example.com", type = "CNAME", value = "example.com" },
  ]
}

# Stands in for `resource "alicloud_alidns_record" "apex"` (same attribute names), so the
# example validates without the alicloud provider: put the lifecycle block on the real one.
# The precondition on `allowed` stops the write when a record would point the domain at a
# mainland-China server without an approved ICP filing, and orders the write after the
# data source's read (also when a value is known only at apply).
resource "terraform_data" "apex" {
  input = {
    domain_name = "example.com"
    rr          = "@"
    type        = "A"
    value       = "47.96.10.20"
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}

output "where_www_ends" {
  value = data.beian_record_guard.site.results[1].location # "mainland", "offshore" or "unknown"
}
