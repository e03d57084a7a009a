terraform {
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }
}

# Leave both null to use the environment (ALIBABA_CLOUD_ACCESS_KEY_ID /
# ALIBABA_CLOUD_ACCESS_KEY_SECRET) or a profile of the Alibaba Cloud CLI.
variable "access_key" {
  description = "Alibaba Cloud AccessKey ID (阿里云 AccessKey)."
  type        = string
  default     = null
}

variable "secret_key" {
  description = "Alibaba Cloud AccessKey secret."
  type        = string
  default     = null
  sensitive   = true
}

provider "beian" {
  access_key = var.access_key
  secret_key = var.secret_key
  region     = "cn-hangzhou"

  # The ICP guard (备案检查) on beian_dns_record: fail the plan ("error", the default) or
  # only warn ("warn") when a record would point a domain without an approved ICP filing
  # at a mainland-China server.
  enforcement = "error"

  # Where filing status comes from: the account's approved filings (default).
  icp_source = "companyreg"

  # A filing made through another access provider (接入商) is not in this account's list:
  # declare it so the guard accepts it (reported as unverified).
  declared_filings = {
    "example.net" = "浙ICP备12345678号-1"
  }

  # Servers this Alibaba Cloud account does not hold (another cloud, an IDC): say where
  # they are instead of relying on registry (RIR) data. These win over every other source.
  mainland_cidrs = ["47.96.10.20"]
  offshore_cidrs = ["47.52.0.0/16"] # e.g. a Hong Kong range

  # How the guard finds an address among the account's own servers (account_lookup):
  # Resource Center (资源中心) lists them all in one call a run; where it is not enabled or
  # not permitted, Anti-DDoS DescribeIpLocationService asks per address, and last the
  # region scan. Leave out a method the account cannot use to skip its one warning a run.
  account_lookup_methods = ["resource_center", "ip_location_service", "region_scan"]

  # To run against the bundled emulator (beian-emulator) instead of Alibaba Cloud, export
  #   BEIAN_ENDPOINT_OVERRIDE=http://127.0.0.1:18080
  #   ALIBABA_CLOUD_ACCESS_KEY_ID=LTAIemulator0000000000
  #   ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-secret-do-not-use-in-production
  # or override single products here:
  # endpoints {
  #   alidns     = "http://127.0.0.1:18080"
  #   companyreg = "http://127.0.0.1:18080"
  # }
}
