# Render the filing footer (备案信息) for a site's HTML template.
variable "public_security_number" {
  type        = string
  default     = "" # not issued yet: due within 30 days of going live ("" rather than null)
  description = "The site's public security filing number (公安联网备案号), once issued."
}

output "footer" {
  # <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">浙ICP备12345678号-1</a>
  # plus the public security link once the number is set.
  value = provider::beian::footer_html("浙ICP备12345678号-1", var.public_security_number)
}

# A website under a commercial licence shows the licence number, as baidu.com does:
# <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">京ICP证030173号</a> <a href="https://beian.mps.gov.cn/#/query/webSearch?code=11000002000001" …>京公网安备11000002000001号</a>
output "footer_licensed" {
  value = provider::beian::footer_html("京ICP证030173号-1", "京公网安备11000002000001号")
}

# Guangdong (粤) sites show the entity number, even when given the website number:
# <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">粤ICP备2021012345号</a>
output "footer_guangdong" {
  value = provider::beian::footer_html("粤ICP备2021012345号-3", "")
}
