# aws_route53_record (stand-in): records and an alias, names written in full and
# relative to their zone (a zone created in the plan, a zone read with the data source).
resource "aws_route53_zone" "main" {
  name = "example.com"
}

data "aws_route53_zone" "other" {
  name = "example.org"
}

resource "aws_route53_record" "apex" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "example.com"
  type    = "A"
  ttl     = 300
  records = [var.ip]
}

resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "www"
  type    = "A"

  alias {
    name                   = "example.com"
    zone_id                = aws_route53_zone.main.zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "api" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "api"
  type    = "A"
  ttl     = 300
  records = [var.ip, var.hk_ip]
}

resource "aws_route53_record" "org" {
  zone_id = data.aws_route53_zone.other.zone_id
  name    = "www"
  type    = "A"
  ttl     = 300
  records = [var.ip]
}

data "beian_record_guard" "cmp" {
  records = [
    { name = "example.com", type = "A", value = var.ip },
    { name = "www.example.com", type = "CNAME", value = "example.com" },
    { name = "api.example.com", type = "A", value = var.ip },
    { name = "api.example.com", type = "A", value = var.hk_ip },
    { name = "www.example.org", type = "A", value = var.ip },
  ]
}
