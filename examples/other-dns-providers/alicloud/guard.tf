variable "server_ip" {
  description = "Public IPv4 address of the web server (e.g. alicloud_instance.web.public_ip)."
  type        = string
}

locals {
  domain = "example.com"
  # One entry per alicloud_alidns_record. The records and the guard read the same
  # values; the guard must not read the records' own attributes (their precondition
  # reads the guard: that would be a cycle).
  records = {
    apex = { rr = "@", type = "A", value = var.server_ip }
    www  = { rr = "www", type = "CNAME", value = local.domain }
  }
}

data "beian_record_guard" "site" {
  records = [for r in values(local.records) : {
    name  = r.rr == "@" ? local.domain : "${r.rr}.${local.domain}" # rr + domain_name
    type  = r.type
    value = r.value
  }]
}

output "where_each_record_ends" {
  value = { for r in data.beian_record_guard.site.results : r.name => r.location }
}
