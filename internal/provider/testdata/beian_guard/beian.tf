# beian_dns_record (this provider, not a stand-in).
resource "beian_dns_record" "apex" {
  domain = "example.com"
  rr     = "@"
  type   = "A"
  value  = var.ip
}

resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "CNAME"
  value  = "example.com"
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com", type = "A", value = var.ip },
    { name = "www.example.com", type = "CNAME", value = "example.com" },
  ]
}
