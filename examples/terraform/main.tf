# Usage example of the aurora-postgresql module: a provisioned cluster (a writer, a failover reader and an analytics
# reader) whose outputs feed aurora-kit and the drill directly. The README's "Provisioning" section walks through it.
#
#   terraform init && terraform apply -var vpc_id=vpc-... -var 'subnet_ids=["subnet-...","subnet-..."]' \
#       -var 'app_security_group_ids=["sg-..."]'
#   # once: create the application role (as the master user, whose password is in master_user_secret_arn) and put
#   # its password into app_secret_arn as {"username":"app","password":"..."}
#   export DATABASE_URL_WRITER="$(terraform output -raw DATABASE_URL_WRITER)"
#   export DATABASE_URL_READER="$(terraform output -raw DATABASE_URL_READER)"
#   # the application: AuroraDataSource.fromEnvironment()
#   ./drill --url "$(terraform output -raw drill_url)" --user app --password-env PGPASSWORD \
#       --trigger rds --cluster-id "$(terraform output -raw cluster_identifier)" --region "$(terraform output -raw region)"
#   ./drill insights --pi --resource-id "$(terraform output -json performance_insights_resource_ids | jq -r 'to_entries[0].value')" \
#       --region "$(terraform output -raw region)" --window 10m

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.84.0, < 6.0.0"
    }
  }
}

variable "region" {
  description = "AWS region of the cluster."
  type        = string
  default     = "us-east-1"
}

variable "vpc_id" {
  description = "VPC of the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets in at least two Availability Zones."
  type        = list(string)
}

variable "app_security_group_ids" {
  description = "Security groups of the application and of the machine that runs ./drill."
  type        = list(string)
  default     = []
}

provider "aws" {
  region = var.region
}

module "aurora" {
  source = "./aurora-postgresql"

  cluster_identifier = "orders-db"
  engine_version     = "16.6"
  database_name      = "orders"
  app_username       = "app"

  vpc_id                     = var.vpc_id
  subnet_ids                 = var.subnet_ids
  allowed_security_group_ids = var.app_security_group_ids

  instance_class = "db.r7g.large"
  instances = {
    "1"  = { promotion_tier = 0 } # the preferred writer
    "2"  = { promotion_tier = 1 } # the failover target
    "bi" = { role = "analytics" } # reports: tier 15, own endpoint, not in DATABASE_URL_READER
  }

  # Serverless v2 that scales to zero instead (preset=serverless-v2 in the URLs):
  # serverless = { min_capacity = 0, max_capacity = 8, seconds_until_auto_pause = 600 }

  client_failover_profile = "fast" # preset=fast-failover
  client_auth             = "secrets-manager"
  client_sslmode          = "verify-full"
  client_sslrootcert      = "/etc/ssl/rds/global-bundle.pem"

  performance_insights   = { enabled = true, retention_days = 7 }
  database_insights_mode = "standard"

  # An RDS Proxy in front (the URLs then name the proxy and say preset=provisioned; aurora-kit's failover plugins off):
  # proxy = { enabled = true }

  tags = { app = "orders" }
}

output "DATABASE_URL_WRITER" {
  description = "export DATABASE_URL_WRITER=... for AuroraDataSource.fromEnvironment()."
  value       = module.aurora.DATABASE_URL_WRITER
}

output "DATABASE_URL_READER" {
  description = "export DATABASE_URL_READER=... for AuroraDataSource.fromEnvironment()."
  value       = module.aurora.DATABASE_URL_READER
}

output "aurora_kit_preset" {
  description = "The preset the URLs carry."
  value       = module.aurora.aurora_kit_preset
}

output "drill_url" {
  description = "./drill --url <this>."
  value       = module.aurora.drill_url
}

output "cluster_identifier" {
  description = "./drill --trigger rds --cluster-id <this>."
  value       = module.aurora.cluster_identifier
}

output "region" {
  description = "./drill --region <this>."
  value       = module.aurora.region
}

output "performance_insights_resource_ids" {
  description = "./drill insights --pi --resource-id <one of these>."
  value       = module.aurora.performance_insights_resource_ids
}

output "analytics_endpoint" {
  description = "For reports and ad-hoc queries."
  value       = module.aurora.analytics_endpoint
}

output "app_secret_arn" {
  description = "Put {\"username\":\"app\",\"password\":\"...\"} here once the role exists."
  value       = module.aurora.app_secret_arn
}

output "master_user_secret_arn" {
  description = "The master user's RDS-managed secret."
  value       = module.aurora.master_user_secret_arn
}
