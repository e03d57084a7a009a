# A website served from a mainland-China region needs an approved ICP filing
# (ICP备案) before its domain may point there; Hong Kong and abroad do not.
variable "region" {
  type    = string
  default = "cn-hangzhou"
}

output "needs_icp_filing" {
  value = provider::beian::is_mainland_region(var.region) # true; false for "cn-hongkong" or "ap-southeast-1"
}
