# alicloud_alidns_record and alicloud_dns_record (stand-ins), and the same records given
# to beian_record_guard.
resource "alicloud_alidns_domain" "example" {
  domain_name = "example.com"
}

resource "alicloud_alidns_record" "apex" {
  domain_name = alicloud_alidns_domain.example.domain_name
  rr          = "@"
  type        = "A"
  value       = var.ip
}

resource "alicloud_alidns_record" "www" {
  domain_name = "example.com"
  rr          = "www"
  type        = "CNAME"
  value       = "example.com"
}

resource "alicloud_alidns_record" "spf" {
  domain_name = "example.com"
  rr          = "@"
  type        = "TXT"
  value       = "v=spf1 -all"
}

resource "alicloud_alidns_record" "paused" {
  domain_name = "example.com"
  rr          = "paused"
  type        = "A"
  value       = var.ip
  status      = "DISABLE"
}

resource "alicloud_dns_record" "legacy" {
  name        = "example.com"
  host_record = "legacy"
  type        = "A"
  value       = var.ip
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com", type = "A", value = var.ip },
    { name = "www.example.com", type = "CNAME", value = "example.com" },
    { name = "example.com", type = "TXT", value = "v=spf1 -all" },
    { name = "paused.example.com", type = "A", value = var.ip, enabled = false },
    { name = "legacy.example.com", type = "A", value = var.ip },
  ]
}
