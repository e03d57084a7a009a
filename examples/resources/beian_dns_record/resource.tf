# The apex (@) and www records of a site served from a mainland-China server. While
# example.com has no approved ICP filing (备案), the ICP guard fails the plan of these
# records instead of letting the site be blocked after apply.
resource "beian_dns_record" "apex" {
  domain = "example.com"
  rr     = "@"
  type   = "A"
  value  = "47.96.10.20"
}

resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "47.96.10.20"
  ttl    = 600
}

# More records of the zone from one map. A CNAME to a record of a zone in this account
# (here www.example.com) is followed by the guard to the addresses it resolves to.
variable "records" {
  type = map(object({
    rr       = string
    type     = string
    value    = string
    ttl      = optional(number, 600)
    priority = optional(number)
  }))
  default = {
    static = { rr = "static", type = "CNAME", value = "www.example.com" }
    mx     = { rr = "@", type = "MX", value = "mx1.example.net", priority = 10 }
    spf    = { rr = "@", type = "TXT", value = "v=spf1 include:spf.example.net -all" }
    caa    = { rr = "@", type = "CAA", value = "0 issue \"letsencrypt.org\"" }
  }
}

resource "beian_dns_record" "zone" {
  for_each = var.records

  domain   = "example.com"
  rr       = each.value.rr
  type     = each.value.type
  value    = each.value.value
  ttl      = each.value.ttl
  priority = each.value.priority
  remark   = "managed by Terraform (${each.key})"
}

# A record that was made by hand in the console: a create of the same record fails and
# names the import block to write, unless the resource is told to adopt it.
resource "beian_dns_record" "legacy" {
  domain          = "example.com"
  rr              = "legacy"
  type            = "A"
  value           = "47.52.10.20"
  allow_overwrite = true
}
