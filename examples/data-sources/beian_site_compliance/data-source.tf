# Check the live site's footer in every plan: a missing, wrong or unlinked
# filing number shows up as a failed check (a warning), not as an error.
check "site_footer" {
  data "beian_site_compliance" "www" {
    url                             = "https://www.example.com/"
    expected_icp_number             = "浙ICP备12345678号-1"
    expected_public_security_number = "浙公网安备33010602011234号"
    timeout                         = "15s"
  }

  assert {
    condition     = data.beian_site_compliance.www.compliant
    error_message = "The filing footer (备案信息) of https://www.example.com/ is not compliant: ${join("; ", data.beian_site_compliance.www.problems)}"
  }
}

# Combined with beian_filing: the page must show the number the filing has.
data "beian_filing" "example" {
  domain = "example.com"
}

check "footer_matches_filing" {
  data "beian_site_compliance" "apex" {
    url                 = "https://example.com/"
    expected_icp_number = data.beian_filing.example.site_record_number
  }

  assert {
    condition     = data.beian_site_compliance.apex.compliant
    error_message = join("\n", data.beian_site_compliance.apex.problems)
  }
}
