# Terraform 1.14+: `terraform query` lists the zone's records and prints an import
# block for each; with -generate-config-out it writes their resource blocks too.
list "beian_dns_record" "zone" {
  provider = beian

  config {
    domain = "example.com"
  }
}
