terraform {
  # Provider functions (footer_html) need Terraform 1.8+ or OpenTofu 1.7+.
  required_version = ">= 1.8.0"
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}
