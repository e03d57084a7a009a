# tencentcloud_dnspod_record (stand-in); sub_domain left out is the apex.
resource "tencentcloud_dnspod_record" "apex" {
  domain      = "example.com"
  record_type = "A"
  record_line = "默认"
  value       = var.ip
}

resource "tencentcloud_dnspod_record" "www" {
  domain      = "example.com"
  sub_domain  = "www"
  record_type = "CNAME"
  record_line = "默认"
  value       = "example.com."
}

resource "tencentcloud_dnspod_record" "paused" {
  domain      = "example.com"
  sub_domain  = "paused"
  record_type = "A"
  record_line = "电信"
  value       = var.ip
  status      = "DISABLE"
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com", type = "A", value = var.ip },
    { name = "www.example.com", type = "CNAME", value = "example.com." },
    { name = "paused.example.com", type = "A", value = var.ip, enabled = false },
  ]
}
