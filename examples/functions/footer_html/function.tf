# Render the filing footer (备案信息) for a site's HTML template.
variable "public_security_number" {
  type        = string
  default     = "" # not issued yet: due within 30 days of going live
  description = "The site's public security filing number (公安联网备案号), once issued."
}

output "footer" {
  # <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">浙ICP备12345678号-1</a>
  # plus the public security link once the number is set.
  value = provider::beian::footer_html("浙ICP备12345678号-1", var.public_security_number)
}

# Guangdong (粤) sites show the entity number, even when given the website number:
# <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">粤ICP备2021012345号</a>
output "footer_guangdong" {
  value = provider::beian::footer_html("粤ICP备2021012345号-3", "")
}
