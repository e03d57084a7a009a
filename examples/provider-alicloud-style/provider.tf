# A provider block written for the alicloud provider, renamed: it works as it is.
# Credentials here come from the ECS instance's RAM role (on an instance), with a role
# assumed on top; in ACK with RRSA or in CI, use assume_role_with_oidc instead (below).
provider "beian" {
  region                 = "cn-shanghai"
  ecs_role_name          = "terraform-runner"
  protocol               = "HTTPS"
  client_read_timeout    = 60000 # milliseconds, as in alicloud
  client_connect_timeout = 60000
  configuration_source   = "platform-team/dns"

  assume_role {
    role_arn           = "acs:ram::123456789012:role/dns-admin"
    session_name       = "terraform"
    session_expiration = 3600
    external_id        = "platform-team"
  }

  endpoints {
    dns = "alidns.aliyuncs.com" # alicloud's key for alidns
  }
}

# Keyless CI (GitHub Actions, ACK with RRSA): exchange the job's OIDC token for a role
# session. RRSA sets ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_ROLE_ARN and
# ALIBABA_CLOUD_OIDC_TOKEN_FILE, which log in with no block at all.
provider "beian" {
  alias  = "ci"
  region = "cn-hangzhou"

  assume_role_with_oidc {
    oidc_provider_arn = "acs:ram::123456789012:oidc-provider/github"
    role_arn          = "acs:ram::123456789012:role/terraform-ci"
    oidc_token_file   = "/var/run/secrets/tokens/oidc-token"
    role_session_name = "github-actions"
  }
}
