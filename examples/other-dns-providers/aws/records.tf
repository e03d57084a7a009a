# Stands in for: resource "aws_route53_record" "apex" (hashicorp/aws).
# The same arguments as the real resource, inside input = { … }.
resource "terraform_data" "apex" {
  input = {
    zone_id = var.zone_id
    name    = "example.com"
    type    = "A"
    ttl     = 300
    records = local.apex_addresses
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}

# Stands in for: resource "aws_route53_record" "alias" (hashicorp/aws). The alias block
# of the real resource is the alias = { … } object here.
resource "terraform_data" "alias" {
  for_each = local.aliases

  input = {
    zone_id = var.zone_id
    name    = each.value.name
    type    = "A"
    alias = {
      name                   = each.value.target
      zone_id                = each.value.target_zone_id
      evaluate_target_health = false
    }
  }

  lifecycle {
    precondition {
      condition     = data.beian_record_guard.site.allowed
      error_message = join("; ", data.beian_record_guard.site.violations)
    }
  }
}
