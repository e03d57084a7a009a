# The precondition pattern from the docs: the record is written only once the filing is
# approved.
resource "beian_dns_record" "www" {
  domain = "example.com"
  rr     = "www"
  type   = "A"
  value  = "47.242.10.20"
  lifecycle {
    precondition {
      condition     = data.beian_filing.unfiled.approved
      error_message = "example.com has no approved ICP filing (备案) yet."
    }
  }
}
