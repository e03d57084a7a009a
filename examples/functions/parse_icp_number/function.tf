# Split an ICP record number (ICP备案号) into its kind and parts.
locals {
  site = provider::beian::parse_icp_number("浙ICP备12345678号-1")
  # A website under a commercial licence, as baidu.com's record reads.
  licensed = provider::beian::parse_icp_number("京ICP证030173号-1")
}

output "icp_kind" {
  value = local.site.kind # "website" ("entity", "app", "mini_program" or "quick_app" for the others)
}

output "icp_entity_number" {
  value = local.site.entity_number # "浙ICP备12345678号"
}

output "icp_index" {
  value = local.site.index # 1 (0 for an entity number)
}

output "licensed_entity" {
  value = "${local.licensed.entity_number} (${local.licensed.entity_kind})" # "京ICP证030173号 (license)"
}

# Reject a malformed number, or an app's number, before anything is deployed.
variable "icp_number" {
  type    = string
  default = "京ICP备10046444号-9"

  validation {
    condition     = can(provider::beian::parse_icp_number(var.icp_number)) && contains(["entity", "website"], try(provider::beian::parse_icp_number(var.icp_number).kind, ""))
    error_message = "icp_number must be a website's ICP record number (网站备案号) such as 京ICP备10046444号-9, or its entity number."
  }
}
