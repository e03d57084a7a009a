variable "server_ip" {
  description = "Public IPv4 address of the web server (e.g. alicloud_instance.web.public_ip)."
  type        = string
}

variable "zone_id" {
  description = "The Huawei Cloud DNS zone of example.com (huaweicloud_dns_zone.example.id)."
  type        = string
  default     = "your-huaweicloud-zone-id" # a placeholder: the stand-ins only carry it
}

locals {
  # One entry per huaweicloud_dns_recordset: full names ending with a dot, as Huawei
  # Cloud writes them, and a list of values each. The record sets and the guard read the
  # same values; the guard must not read the record sets' own attributes (their
  # precondition reads the guard: that would be a cycle).
  recordsets = {
    apex = { name = "example.com.", type = "A", records = [var.server_ip] }
    www  = { name = "www.example.com.", type = "CNAME", records = ["example.com."] }
  }
}

data "beian_record_guard" "site" {
  # One guard record per value of each record set.
  records = flatten([for rs in values(local.recordsets) : [
    for v in rs.records : { name = rs.name, type = rs.type, value = v }
  ]])
}

output "where_each_record_ends" {
  value = { for r in data.beian_record_guard.site.results : "${r.name} ${r.value}" => r.location }
}
