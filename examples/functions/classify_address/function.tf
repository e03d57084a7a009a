# Where is a server? The provider's built-in location data answers offline, with no
# credentials: usable in a precondition of any provider's resource, so that nothing points
# a domain at a mainland-China server before its ICP filing (ICP备案) is approved.
variable "origin_ip" {
  type    = string
  default = "47.242.10.20" # an Alibaba Cloud address outside the mainland (Hong Kong)
}

locals {
  origin = provider::beian::classify_address(var.origin_ip)
}

output "origin" {
  # { location = "hong_kong", source = "embedded location data @ip-location-db/…", data_date = "2026-06-17",
  #   sources = ["origin network AS45102, … : offshore", "geolocation … dbip-country …: HK (Hong Kong)", …],
  #   agreed = true, caution = "" }
  # 52.80.1.1 (AWS China, Beijing) gives location = "mainland"; 16.162.1.1 (AWS Hong Kong)
  # gives location = "hong_kong" with agreed = false (one source says CN) and no caution: Amazon's
  # network decides, and AWS's own region list confirms it serves outside mainland China only.
  # 203.80.141.1 (China Telecom Global, Hong Kong) gives location = "hong_kong" with a caution:
  # one source says CN, and only the network list says otherwise.
  value = local.origin
}

# A stand-in for a DNS record of another provider (cloudflare_record, aws_route53_record …).
# Refuses a mainland server, and an offshore answer the sources do not agree on.
resource "terraform_data" "dns_record" {
  input = var.origin_ip

  lifecycle {
    precondition {
      condition     = local.origin.location != "mainland"
      error_message = "${var.origin_ip} is in mainland China (${local.origin.source}, ${local.origin.data_date}): the domain needs an approved ICP filing (备案) first."
    }
    precondition {
      condition     = local.origin.caution == ""
      error_message = "${var.origin_ip} may be in mainland China: ${local.origin.caution}. Sources: ${join("; ", local.origin.sources)}."
    }
  }
}
