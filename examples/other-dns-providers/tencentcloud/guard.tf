variable "server_ip" {
  description = "Public IPv4 address of the web server (e.g. alicloud_instance.web.public_ip)."
  type        = string
}

locals {
  domain = "example.com"
  # One entry per tencentcloud_dnspod_record. The records and the guard read the same
  # values; the guard must not read the records' own attributes (their precondition
  # reads the guard: that would be a cycle).
  records = {
    apex = { sub_domain = "@", record_type = "A", value = var.server_ip }
    www  = { sub_domain = "www", record_type = "CNAME", value = "example.com." }
  }
}

data "beian_record_guard" "site" {
  records = [for r in values(local.records) : {
    name  = r.sub_domain == "@" ? local.domain : "${r.sub_domain}.${local.domain}" # sub_domain + domain
    type  = r.record_type
    value = r.value # a trailing dot (DNSPod's "example.com.") is fine
  }]
}

output "where_each_record_ends" {
  value = { for r in data.beian_record_guard.site.results : r.name => r.location }
}
