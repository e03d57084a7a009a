# Four reads of one zone: all records (the zone in another case), by host record, by host
# record and status, by type.
data "beian_dns_records" "all" {
  domain = "Example.COM"
}

data "beian_dns_records" "www" {
  domain = "example.com"
  rr     = "WWW"
}

data "beian_dns_records" "enabled_www" {
  domain = "example.com"
  rr     = "www"
  status = "ENABLE"
}

data "beian_dns_records" "mx" {
  domain = "example.com"
  type   = "MX"
}
