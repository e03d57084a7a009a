# Team use: keep state in Alibaba Cloud OSS with a Tablestore table as the lock, so the
# whole team (and CI) plans against one state and never applies twice at once.
#
#   1. Create an OSS bucket (versioning on) and a Tablestore instance with a table whose
#      primary key is one string column named LockID.
#   2. Give the CI RAM user oss:GetObject/PutObject/DeleteObject on the prefix and
#      ots:GetRow/PutRow/DeleteRow/UpdateRow on the table.
#   3. Credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET
#      (the backend and the beian provider read the same variables).
terraform {
  required_version = ">= 1.8.0"
  required_providers {
    beian = {
      source = "beian-dev/beian"
    }
  }

  backend "oss" {
    bucket              = "acme-terraform-state"
    prefix              = "sites/example.com"
    key                 = "terraform.tfstate"
    region              = "cn-hangzhou"
    encrypt             = true
    acl                 = "private"
    tablestore_endpoint = "https://acme-tf-lock.cn-hangzhou.ots.aliyuncs.com"
    tablestore_table    = "terraform_lock"
  }
}

provider "beian" {
  region = "cn-hangzhou"
}

module "site" {
  source    = "../modules/icp-site"
  domain    = "example.com"
  server_ip = "47.96.10.20"
}
