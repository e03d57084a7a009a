# .beian-guard.hcl — beian-guard's settings, read from the directory it runs in (or
# --config). The names and meanings are the beian provider's arguments; flags of the
# same names win over this file.

# A violation fails the check (exit 1); "warn" reports it and exits 0.
enforcement = "error"

# Where filing status comes from. Without Alibaba Cloud credentials beian-guard runs
# offline and only declared_filings count; with them the default is "companyreg", the
# account's approved filings.
icp_source = "declared"

# Filings made through an access provider (接入商): by domain, the website's record number
# or the entity's number, as the site's footer shows it.
declared_filings = {
  "example.com" = "浙ICP备12345678号-1"
}

# Addresses to treat as mainland-China servers, or as servers outside it (Hong Kong,
# Macau, Taiwan, abroad): they win over the location data.
mainland_cidrs = ["203.0.113.0/24"]
offshore_cidrs = ["198.51.100.7"]

# A record whose value is known only after apply (a server created in the same apply):
# "warn" (default) or "fail" (exit 2).
unknown_values = "warn"
