# The ICP guard (备案检查) for cloudflare_dns_record records: see the guide
# "ICP guard for other DNS providers" (docs/guides/other-dns-providers.md).
#
# This directory runs as it is, without the cloudflare provider: in records.tf,
# terraform_data resources stand in for cloudflare_dns_record, with the same
# attribute names. In your configuration, require the real provider and write
# the real resource:
#
#   cloudflare = { source = "cloudflare/cloudflare", version = "~> 5.0" }
#
# Try it against beian-emulator seeded with examples/quickstart/emulator-seed.json
# (docs/guides/emulator.md): 47.96.10.20 is a mainland ECS instance there, 47.242.10.20
# one in Hong Kong.
#
#   tofu plan -var server_ip=47.96.10.20    # fails: example.com has no ICP filing
#   tofu plan -var server_ip=47.242.10.20   # passes: no filing needed offshore
terraform {
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}
