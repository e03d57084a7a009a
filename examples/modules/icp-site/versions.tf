terraform {
  # Provider functions (footer_html) need OpenTofu 1.7+ or Terraform 1.8+; required_version
  # applies to both CLIs, so it asks for 1.8 or later of either.
  required_version = ">= 1.8.0"
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}
