# cloudflare_dns_record (v5) and cloudflare_record (v4) (stand-ins): the zone of
# example.com read with the data source, the zone example.net created in the same plan
# (its id known only after apply: found by reference).
data "cloudflare_zone" "example" {
  filter = { name = "example.com" }
}

resource "cloudflare_zone" "net" {
  name    = "example.net"
  account = { id = "023e105f4ecef8ad9ca31a8372d0c353" }
}

resource "cloudflare_dns_record" "apex" {
  zone_id = data.cloudflare_zone.example.zone_id
  name    = "@"
  type    = "A"
  content = var.ip
  proxied = true
  ttl     = 1
}

resource "cloudflare_dns_record" "www" {
  zone_id = data.cloudflare_zone.example.zone_id
  name    = "www.example.com"
  type    = "CNAME"
  content = "example.com"
  ttl     = 1
}

resource "cloudflare_record" "shop" {
  zone_id = cloudflare_zone.net.id
  name    = "shop"
  type    = "A"
  content = var.ip
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com", type = "A", value = var.ip },
    { name = "www.example.com", type = "CNAME", value = "example.com" },
    { name = "shop.example.net", type = "A", value = var.ip },
  ]
}
