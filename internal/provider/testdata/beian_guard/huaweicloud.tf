# huaweicloud_dns_recordset (stand-in): full names ending with a dot, one record per
# element of records.
resource "huaweicloud_dns_zone" "example" {
  name = "example.com."
}

resource "huaweicloud_dns_recordset" "apex" {
  zone_id = huaweicloud_dns_zone.example.id
  name    = "example.com."
  type    = "A"
  records = [var.ip, var.hk_ip]
}

resource "huaweicloud_dns_recordset" "www" {
  zone_id = huaweicloud_dns_zone.example.id
  name    = "www.example.com."
  type    = "CNAME"
  records = ["example.com."]
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com.", type = "A", value = var.ip },
    { name = "example.com.", type = "A", value = var.hk_ip },
    { name = "www.example.com.", type = "CNAME", value = "example.com." },
  ]
}
