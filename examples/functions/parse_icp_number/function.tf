# Split a website's ICP filing number (网站备案号) into its parts.
locals {
  icp = provider::beian::parse_icp_number("浙ICP备12345678号-1")
}

output "icp_province" {
  value = local.icp.province # "浙江"
}

output "icp_entity_number" {
  value = local.icp.entity_number # "浙ICP备12345678号"
}

output "icp_site_index" {
  value = local.icp.site_index # 1 (0 for an entity number)
}

# Reject a malformed number before anything is deployed.
variable "icp_number" {
  type    = string
  default = "京ICP备10046444号-9"

  validation {
    condition     = can(provider::beian::parse_icp_number(var.icp_number))
    error_message = "icp_number must be an ICP filing number (ICP备案号) such as 京ICP备10046444号-9."
  }
}
