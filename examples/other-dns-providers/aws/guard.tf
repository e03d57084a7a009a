variable "server_ip" {
  description = "Public IPv4 address of the web server (e.g. alicloud_instance.web.public_ip)."
  type        = string
}

variable "zone_id" {
  description = "The Route 53 hosted zone of example.com (aws_route53_zone.example.zone_id)."
  type        = string
  default     = "your-route53-zone-id" # a placeholder: the stand-ins only carry it
}

variable "cdn_domain_name" {
  description = "Domain name of a CloudFront distribution (aws_cloudfront_distribution.cdn.domain_name)."
  type        = string
  default     = "d111111abcdef8.cloudfront.net"
}

locals {
  # A record with values (records = [...]) and two alias records (alias { ... }): one to
  # the apex in this zone, one to a CloudFront distribution. The records and the guard
  # read the same values; the guard must not read the records' own attributes (their
  # precondition reads the guard: that would be a cycle).
  apex_addresses = [var.server_ip]
  aliases = {
    www = { name = "www.example.com", target = "example.com", target_zone_id = var.zone_id }
    # Z2FDTNDATAQYW2: the hosted zone of every CloudFront distribution
    # (aws_cloudfront_distribution.cdn.hosted_zone_id).
    cdn = { name = "cdn.example.com", target = var.cdn_domain_name, target_zone_id = "Z2FDTNDATAQYW2" }
  }
}

data "beian_record_guard" "site" {
  records = concat(
    [for a in local.apex_addresses : { name = "example.com", type = "A", value = a }],
    # An alias answers with the addresses of its target: the guard follows the target's
    # name as it follows a CNAME, through the records given here (www → example.com).
    # It cannot follow a name outside them and this Alibaba Cloud account's zones (the
    # CloudFront distribution): that record gets a warning and is not blocked.
    [for a in values(local.aliases) : { name = a.name, type = "CNAME", value = a.target }],
  )
}

output "where_each_record_ends" {
  value = { for r in data.beian_record_guard.site.results : "${r.name} ${r.value}" => r.location }
}
