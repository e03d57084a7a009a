# Destroying "cancel" turns its auto-renewal off; destroying "keep" leaves it on.
resource "beian_domain" "cancel" {
  domain_name                  = "owned.com"
  adopt_existing               = true
  cancel_auto_renew_on_destroy = true
}

resource "beian_domain" "keep" {
  domain_name    = "kept.com"
  adopt_existing = true
}
