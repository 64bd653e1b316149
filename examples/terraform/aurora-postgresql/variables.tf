# Inputs of the aurora-postgresql module. Variables with constrained values are validated; a message names the
# variable, what was wrong and what is expected. Choices that aurora-kit reads (the preset, the endpoints, authentication, TLS) end up in the
# DATABASE_URL_WRITER / DATABASE_URL_READER outputs (outputs.tf); the README's "Provisioning" section explains them.

# ---------------------------------------------------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------------------------------------------------

variable "cluster_identifier" {
  description = "DB cluster identifier, also the prefix of instance, endpoint, proxy and secret names. It is what `./drill --trigger rds --cluster-id` takes."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.cluster_identifier)) && length(var.cluster_identifier) <= 50
    error_message = "cluster_identifier is invalid; expected 1 to 50 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (50, not RDS's 63, leaves room for the -analytics and -app-readers endpoint names), e.g. orders-db."
  }
}

variable "engine_version" {
  description = "Aurora PostgreSQL version, major.minor (e.g. 16.6). The cluster parameter group family follows the major version. A Serverless v2 minimum of 0 ACU needs 13.15, 14.12, 15.7, 16.3 or later."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^(1[3-9]|[2-9][0-9])\\.[0-9]+$", var.engine_version))
    error_message = "engine_version is invalid; expected an Aurora PostgreSQL major.minor version of 13 or later, e.g. 16.6."
  }
}

variable "database_name" {
  description = "Database created with the cluster; the path of every aurora-kit URL."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name is invalid; expected a letter followed by up to 62 letters, digits or underscores, e.g. app."
  }
}

variable "master_username" {
  description = "Administrator login. Its password is managed by RDS in Secrets Manager (manage_master_user_password) and rotated by RDS; applications use app_username instead."
  type        = string
  default     = "dbadmin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.master_username)) && !contains(["rdsadmin", "rdsrepladmin", "rds_superuser"], var.master_username)
    error_message = "master_username is invalid; expected a lowercase letter followed by up to 62 lowercase letters, digits or underscores, and not a name RDS reserves (rdsadmin, rdsrepladmin, rds_superuser), e.g. dbadmin."
  }
}

variable "app_username" {
  description = "The database role the application logs in as (user= in the aurora-kit URLs). Create it yourself after the first apply (see the README's Provisioning section); it must differ from master_username."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.app_username)) && !startswith(var.app_username, "rds")
    error_message = "app_username is invalid; expected a lowercase letter followed by up to 62 lowercase letters, digits or underscores, not starting with rds (RDS reserves those names), e.g. app."
  }
}

variable "port" {
  description = "PostgreSQL port of the cluster (and of the proxy, which always listens on 5432 for PostgreSQL)."
  type        = number
  default     = 5432

  validation {
    condition     = var.port == floor(var.port) && var.port >= 1150 && var.port <= 65535
    error_message = "port is invalid; expected a whole number from 1150 to 65535 (RDS's range), e.g. 5432."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Capacity and instances
# ---------------------------------------------------------------------------------------------------------------------

variable "instance_class" {
  description = "Instance class of provisioned instances (when serverless is null). Ignored for Serverless v2, whose instances are db.serverless."
  type        = string
  default     = "db.r7g.large"

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class)) && var.instance_class != "db.serverless"
    error_message = "instance_class is invalid; expected a provisioned instance class such as db.r7g.large (for Serverless v2 set serverless instead)."
  }
}

variable "serverless" {
  description = "Aurora Serverless v2 capacity, or null for provisioned instances. min_capacity 0 lets instances auto-pause after seconds_until_auto_pause without connections; aurora-kit's URLs then say preset=serverless-v2."
  type = object({
    min_capacity             = number
    max_capacity             = number
    seconds_until_auto_pause = optional(number, 300)
  })
  default = null

  validation {
    condition = var.serverless == null ? true : (
      var.serverless.min_capacity >= 0 && var.serverless.max_capacity <= 256
      && var.serverless.min_capacity <= var.serverless.max_capacity && var.serverless.max_capacity >= 1
      && floor(var.serverless.min_capacity * 2) == var.serverless.min_capacity * 2
      && floor(var.serverless.max_capacity * 2) == var.serverless.max_capacity * 2
    )
    error_message = "serverless is invalid; expected min_capacity from 0 to max_capacity and max_capacity from 1 to 256 ACU, both in steps of 0.5, e.g. { min_capacity = 0, max_capacity = 8 }."
  }

  validation {
    condition = var.serverless == null ? true : (
      var.serverless.seconds_until_auto_pause == floor(var.serverless.seconds_until_auto_pause)
      && var.serverless.seconds_until_auto_pause >= 300 && var.serverless.seconds_until_auto_pause <= 86400
    )
    error_message = "serverless.seconds_until_auto_pause is invalid; expected whole seconds from 300 (5 minutes) to 86400 (one day), Aurora's range; it applies only with min_capacity = 0."
  }
}

variable "instances" {
  description = <<-EOT
    The cluster's instances, by a short key (the instance identifier is <cluster_identifier>-<key>). role "failover"
    (default) instances may become the writer: promotion tier 0 or 1 (default 1; Aurora promotes the lowest tier
    first). role "analytics" readers serve reports and ad-hoc queries: tier 2 to 15 (default 15), so a failover never
    picks them before a failover instance, they get their own custom endpoint, and (with two or more failover
    instances) DATABASE_URL_READER uses an endpoint without them. On Serverless v2 with min_capacity 0, tier 0-1
    readers pause and resume with the writer, tier 2-15 readers on their own.
  EOT
  type = map(object({
    role           = optional(string, "failover")
    promotion_tier = optional(number)
    instance_class = optional(string)
  }))
  default = {
    "1" = {}
    "2" = {}
  }

  validation {
    condition     = length(var.instances) >= 1 && alltrue([for k, _ in var.instances : can(regex("^[a-z0-9]+(-[a-z0-9]+)*$", k)) && length(k) <= 12])
    error_message = "instances is invalid; expected at least one instance, keyed by 1 to 12 lowercase letters, digits and single hyphens, e.g. { \"1\" = {}, \"2\" = {}, \"bi\" = { role = \"analytics\" } }."
  }

  validation {
    condition     = alltrue([for _, i in var.instances : contains(["failover", "analytics"], i.role)])
    error_message = "instances[*].role is invalid; expected \"failover\" (may become the writer, tier 0-1) or \"analytics\" (a reader that never should, tier 2-15)."
  }

  validation {
    condition     = anytrue([for _, i in var.instances : i.role == "failover"])
    error_message = "instances has no role = \"failover\" instance; expected at least one, the writer (analytics readers are never meant to become it)."
  }

  validation {
    condition = alltrue([for _, i in var.instances : i.promotion_tier == null ? true : (
      i.promotion_tier == floor(i.promotion_tier)
      && (i.role == "failover" ? i.promotion_tier >= 0 && i.promotion_tier <= 1 : i.promotion_tier >= 2 && i.promotion_tier <= 15)
    )])
    error_message = "instances[*].promotion_tier is invalid; expected 0 or 1 for role \"failover\" (writer-eligible) and 2 to 15 for role \"analytics\" (promoted only when no failover instance is left)."
  }

  validation {
    condition     = alltrue([for _, i in var.instances : i.instance_class == null ? true : can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", i.instance_class))])
    error_message = "instances[*].instance_class is invalid; expected an instance class such as db.r7g.xlarge or db.serverless, or leave it out for the module's default."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "VPC of the cluster (and of the RDS Proxy, which must be in the same VPC)."
  type        = string

  validation {
    condition     = can(regex("^vpc-[0-9a-f]{8,17}$", var.vpc_id))
    error_message = "vpc_id is invalid; expected a VPC id such as vpc-0123456789abcdef0."
  }
}

variable "subnet_ids" {
  description = "Private subnets in at least two Availability Zones, for the DB subnet group and the proxy."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2 && alltrue([for s in var.subnet_ids : can(regex("^subnet-[0-9a-f]{8,17}$", s))])
    error_message = "subnet_ids is invalid; expected at least two subnet ids (in different Availability Zones) such as subnet-0123456789abcdef0."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups of the application (and of whoever runs ./drill) allowed to reach the cluster and the proxy."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for s in var.allowed_security_group_ids : can(regex("^sg-[0-9a-f]{8,17}$", s))])
    error_message = "allowed_security_group_ids is invalid; expected security group ids such as sg-0123456789abcdef0."
  }
}

variable "allowed_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to reach the cluster and the proxy, in addition to allowed_security_group_ids."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])
    error_message = "allowed_cidr_blocks is invalid; expected IPv4 CIDR blocks such as 10.0.0.0/16."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# The client: what aurora-kit's URLs say
# ---------------------------------------------------------------------------------------------------------------------

variable "client_failover_profile" {
  description = "How fast the application should notice a dead writer: \"standard\" (preset=provisioned, failure detection in tens of seconds) or \"fast\" (preset=fast-failover, seconds; a slow writer may be declared dead sooner). Serverless v2 with min_capacity 0 always gets preset=serverless-v2, and an application behind the RDS Proxy preset=provisioned."
  type        = string
  default     = "standard"

  validation {
    condition     = contains(["standard", "fast"], var.client_failover_profile)
    error_message = "client_failover_profile is invalid; expected \"standard\" or \"fast\"."
  }
}

variable "aurora_kit_preset_override" {
  description = "The preset= of the aurora-kit URLs, instead of the one the module derives (see the README's Provisioning section). Null to derive it."
  type        = string
  default     = null

  validation {
    condition     = var.aurora_kit_preset_override == null ? true : contains(["provisioned", "fast-failover", "serverless-v2"], var.aurora_kit_preset_override)
    error_message = "aurora_kit_preset_override is invalid; expected one of aurora-kit's presets: provisioned, fast-failover, serverless-v2 (or null to derive it)."
  }
}

variable "client_auth" {
  description = "How the application authenticates: \"secrets-manager\" (the wrapper's awsSecretsManager plugin reads app_username's password from the secret this module creates; needs software.amazon.awssdk:secretsmanager and Jackson 3 on the classpath) or \"iam\" (IAM database authentication, the wrapper's iam plugin; needs software.amazon.awssdk:rds and GRANT rds_iam TO the app role)."
  type        = string
  default     = "secrets-manager"

  validation {
    condition     = contains(["secrets-manager", "iam"], var.client_auth)
    error_message = "client_auth is invalid; expected \"secrets-manager\" or \"iam\"."
  }
}

variable "client_sslmode" {
  description = "pgjdbc sslmode of the aurora-kit URLs. The cluster refuses unencrypted connections (rds.force_ssl = 1), so only modes that always encrypt are accepted; verify-full also checks the endpoint name."
  type        = string
  default     = "verify-full"

  validation {
    condition     = contains(["require", "verify-ca", "verify-full"], var.client_sslmode)
    error_message = "client_sslmode is invalid; expected require, verify-ca or verify-full (the cluster enforces TLS, so disable, allow and prefer are not offered)."
  }
}

variable "client_sslrootcert" {
  description = "Path, on the application's machine, of the RDS CA bundle (global-bundle.pem from https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem) for sslmode verify-ca/verify-full; null leaves pgjdbc's default, ~/.postgresql/root.crt."
  type        = string
  default     = null

  validation {
    condition     = var.client_sslrootcert == null ? true : can(regex("^[^\\s&#?]+$", var.client_sslrootcert))
    error_message = "client_sslrootcert is invalid; expected a file path without spaces, &, # or ?, e.g. /etc/ssl/rds/global-bundle.pem, or null."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Observability and parameters
# ---------------------------------------------------------------------------------------------------------------------

variable "performance_insights" {
  description = "Performance Insights on every instance (the PI resource ids are outputs, for ./drill insights --pi). retention_days: 7 (free), a multiple of 31 up to 713, or 731; Database Insights' advanced mode needs 465 or more."
  type = object({
    enabled        = optional(bool, true)
    retention_days = optional(number, 7)
    kms_key_id     = optional(string)
  })
  default = {}

  validation {
    condition = (
      contains([7, 731], var.performance_insights.retention_days)
      || (var.performance_insights.retention_days % 31 == 0 && var.performance_insights.retention_days >= 31 && var.performance_insights.retention_days <= 713)
    )
    error_message = "performance_insights.retention_days is invalid; expected 7, 731, or a multiple of 31 from 31 to 713 (months x 31), e.g. 465 for Database Insights' advanced mode."
  }
}

variable "database_insights_mode" {
  description = "CloudWatch Database Insights mode of the cluster: \"standard\" or \"advanced\" (needs performance_insights enabled with retention_days >= 465)."
  type        = string
  default     = "standard"

  validation {
    condition     = contains(["standard", "advanced"], var.database_insights_mode)
    error_message = "database_insights_mode is invalid; expected \"standard\" or \"advanced\"."
  }
}

variable "monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds (0 = off); the module creates the monitoring role when it is on. The same on every instance, as Database Insights requires."
  type        = number
  default     = 0

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval)
    error_message = "monitoring_interval is invalid; expected one of 0, 1, 5, 10, 15, 30, 60 seconds."
  }
}

variable "pg_stat_statements_track" {
  description = "pg_stat_statements.track: \"top\" (statements the client sent) or \"all\" (also statements inside functions)."
  type        = string
  default     = "top"

  validation {
    condition     = contains(["top", "all"], var.pg_stat_statements_track)
    error_message = "pg_stat_statements_track is invalid; expected \"top\" or \"all\"."
  }
}

variable "track_activity_query_size" {
  description = "Bytes of each session's current statement text kept in pg_stat_activity (and so in Performance Insights and aurora-kit's DbLoadSampler). Aurora's default is 4096; ORM statements are often longer. Reserved per connection; changing it needs a reboot."
  type        = number
  default     = 16384

  validation {
    condition     = var.track_activity_query_size == floor(var.track_activity_query_size) && var.track_activity_query_size >= 100 && var.track_activity_query_size <= 1048576
    error_message = "track_activity_query_size is invalid; expected whole bytes from 100 to 1048576 (1 MB, the maximum for Aurora PostgreSQL 13 and later), e.g. 16384."
  }
}

variable "extra_shared_preload_libraries" {
  description = "Libraries loaded next to pg_stat_statements (shared_preload_libraries), e.g. [\"auto_explain\", \"pg_cron\"]."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for l in var.extra_shared_preload_libraries : can(regex("^[a-z_][a-z0-9_]*$", l))])
    error_message = "extra_shared_preload_libraries is invalid; expected library names of lowercase letters, digits and underscores, e.g. [\"auto_explain\"]."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# RDS Proxy
# ---------------------------------------------------------------------------------------------------------------------

variable "proxy" {
  description = <<-EOT
    An RDS Proxy in front of the cluster. With app_connects_through_proxy (default) DATABASE_URL_WRITER/READER name
    the proxy's endpoints: aurora-kit then turns its failover, failure detection and read/write splitting off (the
    proxy fails over itself and hides the topology) and the preset is provisioned. Not with Serverless v2 at
    min_capacity 0 (auto-pause and RDS Proxy do not go together). init_query: SQL the proxy runs on each new
    database connection (e.g. "SET statement_timeout = '30s'"), instead of SET statements from the client, which pin
    the client's session to one database connection. (RDS Proxy's session_pinning_filters are for MySQL only.)
  EOT
  type = object({
    enabled                    = optional(bool, false)
    app_connects_through_proxy = optional(bool, true)
    idle_client_timeout        = optional(number, 1800)
    connection_borrow_timeout  = optional(number, 120)
    max_connections_percent    = optional(number, 90)
    init_query                 = optional(string)
    debug_logging              = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.proxy.idle_client_timeout == floor(var.proxy.idle_client_timeout) && var.proxy.idle_client_timeout >= 1 && var.proxy.idle_client_timeout <= 28800
    error_message = "proxy.idle_client_timeout is invalid; expected whole seconds from 1 to 28800 (8 hours), e.g. 1800."
  }

  validation {
    condition     = var.proxy.connection_borrow_timeout == floor(var.proxy.connection_borrow_timeout) && var.proxy.connection_borrow_timeout >= 0 && var.proxy.connection_borrow_timeout <= 300
    error_message = "proxy.connection_borrow_timeout is invalid; expected whole seconds from 0 to 300, e.g. 120 (RDS's default)."
  }

  validation {
    condition     = var.proxy.max_connections_percent == floor(var.proxy.max_connections_percent) && var.proxy.max_connections_percent >= 1 && var.proxy.max_connections_percent <= 100
    error_message = "proxy.max_connections_percent is invalid; expected a whole percentage of max_connections from 1 to 100, e.g. 90."
  }

  validation {
    condition     = var.proxy.init_query == null ? true : length(trimspace(var.proxy.init_query)) > 0
    error_message = "proxy.init_query is invalid; expected SQL such as \"SET statement_timeout = '30s'\", or null for none."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Lifecycle
# ---------------------------------------------------------------------------------------------------------------------

variable "kms_key_id" {
  description = "KMS key ARN for storage, the master user secret and the app secret; null for the AWS managed keys."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_id == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[0-9a-f-]+$", var.kms_key_id))
    error_message = "kms_key_id is invalid; expected a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab, or null."
  }
}

variable "backup_retention_period" {
  description = "Days of automated backups."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_period == floor(var.backup_retention_period) && var.backup_retention_period >= 1 && var.backup_retention_period <= 35
    error_message = "backup_retention_period is invalid; expected whole days from 1 to 35."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the cluster (set false before terraform destroy)."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Delete without a final snapshot (<cluster_identifier>-final otherwise)."
  type        = bool
  default     = false
}

variable "apply_immediately" {
  description = "Apply modifications now rather than in the next maintenance window."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
