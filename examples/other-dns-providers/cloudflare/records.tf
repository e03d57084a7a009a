# Stands in for: resource "cloudflare_dns_record" "site" (cloudflare/cloudflare v5).
# The same arguments as the real resource, inside input = { … }.
resource "terraform_data" "site" {
  for_each = local.records

  input = {
    zone_id = var.zone_id
    name    = each.value.name
    type    = each.value.type
    content = each.value.content
    proxied = true
    ttl     = 1
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}
