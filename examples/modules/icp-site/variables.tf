variable "domain" {
  description = "The site's domain, e.g. example.com (IDN allowed)."
  type        = string
}

variable "server_ip" {
  description = "Public IPv4 address of the web server the @ and www records point at."
  type        = string
}

variable "adopt_existing" {
  description = "true: the domain is already in the Alibaba Cloud account (nothing is bought). false: register it."
  type        = bool
  default     = true
}

variable "years" {
  description = "Subscription years when registering (adopt_existing = false)."
  type        = number
  default     = null
}

variable "registrant_profile_id" {
  description = "Real-name verified registrant profile (实名认证模板) used when registering."
  type        = number
  default     = null
}

variable "ttl" {
  description = "TTL of the @ and www records, in seconds (at least the zone's minimum: 600 on the free DNS edition)."
  type        = number
  default     = 600
}

variable "public_security_number" {
  description = "Public-security filing number (公安联网备案号) once issued, e.g. 京公网安备11010502030143号; empty before."
  type        = string
  default     = ""
  nullable    = false # footer_html takes "" for "not issued yet", never null
}

variable "go_live_date" {
  description = "Date the site went live (YYYY-MM-DD): the public-security filing is due 30 days later."
  type        = string
  default     = null
}

variable "site_url" {
  description = "URL of the live site, to check its footer (ICP number linked to MIIT) in every plan; null to skip."
  type        = string
  default     = null
}

variable "extra_records" {
  description = <<-EOT
    DNS records of this site that the module does not manage — kept in another DNS
    provider (cloudflare_dns_record, aws_route53_record …) or another configuration — to
    judge with the same ICP guard (备案检查) as the @ and www records: the full host name,
    the type and the value of each (a CNAME to a name given here is followed through it).
    Give those records' resources a precondition on the output extra_records.allowed.
  EOT
  type = list(object({
    name    = string
    type    = string
    value   = string
    enabled = optional(bool, true)
  }))
  default  = []
  nullable = false
}
