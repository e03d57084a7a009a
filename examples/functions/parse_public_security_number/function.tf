# The public security filing number (公安联网备案号) and the record page its
# footer link must point to; spaces inside, as footers often write it, are fine.
locals {
  ps = provider::beian::parse_public_security_number("京公网安备 11010502030143号")
}

output "ps_number" {
  value = local.ps.number # "京公网安备11010502030143号"
}

output "ps_code" {
  value = local.ps.code # "11010502030143"
}

output "ps_query_url" {
  value = local.ps.query_url # "https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143"
}
