variable "server_ip" {
  description = "Public IPv4 address of the origin server (e.g. alicloud_instance.web.public_ip)."
  type        = string
}

variable "zone_id" {
  description = "The Cloudflare zone of example.com."
  type        = string
  default     = "your-cloudflare-zone-id" # a placeholder: the stand-ins only carry it
}

locals {
  # One entry per cloudflare_dns_record, with full names (Cloudflare also accepts "@"
  # and names relative to the zone; the guard needs the full name). The records and the
  # guard read the same values; the guard must not read the records' own attributes
  # (their precondition reads the guard: that would be a cycle).
  records = {
    apex = { name = "example.com", type = "A", content = var.server_ip }
    www  = { name = "www.example.com", type = "CNAME", content = "example.com" }
  }
}

data "beian_record_guard" "site" {
  # content is the origin: the guard judges it whether or not the record is proxied.
  records = [for r in values(local.records) : { name = r.name, type = r.type, value = r.content }]
}

output "where_each_record_ends" {
  value = { for r in data.beian_record_guard.site.results : r.name => r.location }
}
