# A filed domain, asked for by a host name in any case with a trailing dot, and an
# unfiled one.
data "beian_filing" "filed" {
  domain = "WWW.Example.com.cn."
}

data "beian_filing" "unfiled" {
  domain = "shop.example.com"
}
