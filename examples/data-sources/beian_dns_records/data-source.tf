# Every record of a zone, and only the enabled www records.
data "beian_dns_records" "zone" {
  domain = "example.com"
}

data "beian_dns_records" "www" {
  domain = "example.com"
  rr     = "www"
  status = "ENABLE"
}

# Find what a zone already has before importing it (terraform import beian_dns_record.x <record_id>).
output "existing_records" {
  value = { for r in data.beian_dns_records.zone.records : "${r.rr}/${r.type}/${r.value}" => r.record_id }
}
