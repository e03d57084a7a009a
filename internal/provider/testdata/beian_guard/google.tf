# google_dns_record_set (stand-in): rrdatas, and the rrdatas of a weighted routing policy.
resource "google_dns_managed_zone" "example" {
  name     = "example"
  dns_name = "example.com."
}

resource "google_dns_record_set" "apex" {
  managed_zone = google_dns_managed_zone.example.name
  name         = "example.com."
  type         = "A"
  ttl          = 300
  rrdatas      = [var.ip]
}

resource "google_dns_record_set" "www" {
  managed_zone = google_dns_managed_zone.example.name
  name         = "www.${google_dns_managed_zone.example.dns_name}"
  type         = "CNAME"
  ttl          = 300
  rrdatas      = ["example.com."]
}

resource "google_dns_record_set" "weighted" {
  managed_zone = google_dns_managed_zone.example.name
  name         = "lb.example.com."
  type         = "A"
  ttl          = 300

  routing_policy {
    wrr {
      weight  = 0.8
      rrdatas = [var.hk_ip]
    }
    wrr {
      weight  = 0.2
      rrdatas = [var.ip]
    }
  }
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com.", type = "A", value = var.ip },
    { name = "www.example.com.", type = "CNAME", value = "example.com." },
    { name = "lb.example.com.", type = "A", value = var.hk_ip },
    { name = "lb.example.com.", type = "A", value = var.ip },
  ]
}
