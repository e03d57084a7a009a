# The records of the guide "Migrating from alicloud DNS records and console-managed
# zones" after the move: each alicloud_alidns_record is now a beian_dns_record with
# the same arguments under beian's names, and a moved block per record carries its
# state over. The first plan after the change shows each record "has moved" and no
# change at all.
terraform {
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}

# The alicloud provider block works here as it is (provider "alicloud" → "beian"):
# its credentials, region, endpoints and environment variables mean the same.
provider "beian" {
  region = "cn-hangzhou"
}

resource "beian_dns_record" "www" {
  domain = "example.com" # alicloud: domain_name
  rr     = "www"
  type   = "A"
  value  = "203.0.113.10"
  remark = "web server"
}

resource "beian_dns_record" "mail" {
  domain   = "example.com"
  rr       = "@"
  type     = "MX"
  value    = "mx.example.net"
  priority = 10
  ttl      = 3600
}

moved {
  from = alicloud_alidns_record.www
  to   = beian_dns_record.www
}

moved {
  from = alicloud_alidns_record.mail
  to   = beian_dns_record.mail
}
