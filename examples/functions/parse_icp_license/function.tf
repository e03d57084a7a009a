# A commercial ICP licence (经营性ICP许可证), in its forms.
output "licence_kind" {
  value = provider::beian::parse_icp_license("浙B2-20080101").kind # "B2"
}

output "licence_province" {
  value = provider::beian::parse_icp_license("京ICP证030173号").province # "北京"
}

# A cross-regional licence issued by MIIT itself has no province.
output "cross_regional" {
  value = provider::beian::parse_icp_license("B2-20080207").cross_regional # true
}

# A website's record number under a licence names the licence it belongs to.
output "licence_of_a_website" {
  value = provider::beian::parse_icp_license("粤B2-20090059-5").license_number # "粤B2-20090059"
}
