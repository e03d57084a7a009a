# Which Alibaba Cloud regions are in mainland China (中国内地): a site served from one of
# them needs an approved ICP filing (备案); cn-hongkong and regions abroad do not.
data "beian_regions" "all" {}

data "beian_regions" "mainland" {
  mainland_only = true
}

variable "server_region" {
  description = "Region of the web server."
  type        = string
  default     = "cn-hangzhou"
}

locals {
  needs_icp_filing = contains(data.beian_regions.mainland.ids, var.server_region)
}

output "mainland_regions" {
  value = data.beian_regions.mainland.ids
}

output "regions_without_filing" {
  value = [for r in data.beian_regions.all.regions : r.id if !r.mainland]
}

output "needs_icp_filing" {
  value = local.needs_icp_filing
}
