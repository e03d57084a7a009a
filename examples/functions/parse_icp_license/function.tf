# A commercial ICP licence (经营性ICP许可证), in either of its two forms.
output "licence_kind" {
  value = provider::beian::parse_icp_license("浙B2-20080101").kind # "B2"
}

output "licence_province" {
  value = provider::beian::parse_icp_license("京ICP证030173号").province # "北京"
}
