# Seven objects that need the cloud, and no credentials anywhere.
provider "beian" {
  requests_per_second = 0
  rir_sources         = []
}

resource "beian_domain" "site" {
  domain_name    = "example.com"
  adopt_existing = true
}

resource "beian_dns_record" "r" {
  count  = 6
  domain = "example.com"
  rr     = "r${count.index}"
  type   = "A"
  value  = "47.96.10.20"
}
