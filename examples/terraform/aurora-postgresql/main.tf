# A reference Aurora PostgreSQL cluster whose outputs are aurora-kit's inputs (outputs.tf). The README's
# "Provisioning" section explains the choices; the core test TerraformModuleDriftTest keeps the names aurora-kit
# reads (environment variables, presets, URL parameters) in step with core.

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  region        = data.aws_region.current.name
  major_version = tonumber(split(".", var.engine_version)[0])
  minor_version = tonumber(split(".", var.engine_version)[1])

  serverless     = var.serverless != null
  scales_to_zero = try(var.serverless.min_capacity, 1) == 0
  # First versions with a 0 ACU minimum (auto-pause), by major version; 17 and later have it from the start.
  auto_pause_first_minor     = { 13 = 15, 14 = 12, 15 = 7, 16 = 3 }
  engine_supports_auto_pause = local.major_version >= 17 || local.minor_version >= lookup(local.auto_pause_first_minor, local.major_version, 1000)

  default_instance_class = local.serverless ? "db.serverless" : var.instance_class
  failover_instances     = { for k, v in var.instances : k => v if v.role == "failover" }
  analytics_instances    = { for k, v in var.instances : k => v if v.role == "analytics" }
  has_readers            = length(var.instances) > 1
  # With analytics readers and at least one failover reader, application reads go to an endpoint without them.
  separate_app_readers = length(local.analytics_instances) > 0 && length(local.failover_instances) > 1

  proxy            = var.proxy.enabled
  app_secret       = var.client_auth == "secrets-manager" || local.proxy
  monitoring       = var.monitoring_interval > 0
  pi_retention     = var.performance_insights.enabled ? var.performance_insights.retention_days : null
  shared_libraries = join(",", distinct(concat(["pg_stat_statements"], var.extra_shared_preload_libraries)))
}

# ---------------------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_db_subnet_group" "this" {
  name_prefix = "${var.cluster_identifier}-"
  description = "Subnets of Aurora PostgreSQL cluster ${var.cluster_identifier}"
  subnet_ids  = var.subnet_ids
  tags        = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "cluster" {
  name_prefix = "${var.cluster_identifier}-cluster-"
  description = "Aurora PostgreSQL cluster ${var.cluster_identifier}: PostgreSQL from the application and the RDS Proxy"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.cluster_identifier}-cluster" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "cluster_from_security_group" {
  for_each = toset(var.allowed_security_group_ids)

  security_group_id            = aws_security_group.cluster.id
  description                  = "PostgreSQL from ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = each.value
}

resource "aws_vpc_security_group_ingress_rule" "cluster_from_cidr" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.cluster.id
  description       = "PostgreSQL from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = var.port
  to_port           = var.port
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "cluster_from_proxy" {
  count = local.proxy ? 1 : 0

  security_group_id            = aws_security_group.cluster.id
  description                  = "PostgreSQL from the RDS Proxy"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.proxy[0].id
}

# ---------------------------------------------------------------------------------------------------------------------
# Parameters: TLS enforced, pg_stat_statements, statement text long enough for Performance Insights
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_rds_cluster_parameter_group" "this" {
  name_prefix = "${var.cluster_identifier}-"
  family      = "aurora-postgresql${local.major_version}"
  description = "Cluster ${var.cluster_identifier}: TLS required, pg_stat_statements, track_activity_query_size ${var.track_activity_query_size}"
  tags        = var.tags

  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "immediate"
  }

  parameter {
    name         = "shared_preload_libraries"
    value        = local.shared_libraries
    apply_method = "pending-reboot"
  }

  parameter {
    name         = "pg_stat_statements.track"
    value        = var.pg_stat_statements_track
    apply_method = "immediate"
  }

  parameter {
    name         = "track_activity_query_size"
    value        = tostring(var.track_activity_query_size)
    apply_method = "pending-reboot"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Cluster and instances
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_rds_cluster" "this" {
  cluster_identifier = var.cluster_identifier
  engine             = "aurora-postgresql"
  engine_mode        = "provisioned"
  engine_version     = var.engine_version
  database_name      = var.database_name
  port               = var.port

  master_username               = var.master_username
  manage_master_user_password   = true
  master_user_secret_kms_key_id = var.kms_key_id

  iam_database_authentication_enabled = var.client_auth == "iam"

  db_subnet_group_name            = aws_db_subnet_group.this.name
  vpc_security_group_ids          = [aws_security_group.cluster.id]
  db_cluster_parameter_group_name = aws_rds_cluster_parameter_group.this.name

  storage_encrypted = true
  kms_key_id        = var.kms_key_id

  database_insights_mode                = var.database_insights_mode
  performance_insights_enabled          = var.performance_insights.enabled
  performance_insights_retention_period = local.pi_retention
  performance_insights_kms_key_id       = var.performance_insights.kms_key_id
  enabled_cloudwatch_logs_exports       = ["postgresql"]

  backup_retention_period   = var.backup_retention_period
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${var.cluster_identifier}-final"
  apply_immediately         = var.apply_immediately

  dynamic "serverlessv2_scaling_configuration" {
    for_each = local.serverless ? [var.serverless] : []
    content {
      min_capacity             = serverlessv2_scaling_configuration.value.min_capacity
      max_capacity             = serverlessv2_scaling_configuration.value.max_capacity
      seconds_until_auto_pause = local.scales_to_zero ? serverlessv2_scaling_configuration.value.seconds_until_auto_pause : null
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !local.scales_to_zero || local.engine_supports_auto_pause
      error_message = "serverless.min_capacity = 0 needs Aurora PostgreSQL 13.15, 14.12, 15.7, 16.3 or later; engine_version is ${var.engine_version}. Expected a later engine_version or min_capacity >= 0.5."
    }
    precondition {
      condition     = !(local.scales_to_zero && local.proxy)
      error_message = "serverless.min_capacity = 0 contradicts proxy.enabled = true: Aurora Serverless v2 auto-pause is not available with RDS Proxy. Expected min_capacity >= 0.5 with a proxy, or no proxy."
    }
    precondition {
      condition     = var.database_insights_mode == "standard" || (var.performance_insights.enabled && var.performance_insights.retention_days >= 465)
      error_message = "database_insights_mode = \"advanced\" needs Performance Insights with at least 465 days of retention; expected performance_insights = { enabled = true, retention_days = 465 } or database_insights_mode = \"standard\"."
    }
    precondition {
      condition     = var.app_username != var.master_username
      error_message = "app_username = \"${var.app_username}\" is the master user; expected a separate application role (the master password is RDS-managed and rotated, and the master is not for applications)."
    }
  }
}

resource "aws_iam_role" "monitoring" {
  count = local.monitoring ? 1 : 0

  name_prefix = "${substr(var.cluster_identifier, 0, 26)}-monitoring-"
  tags        = var.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "monitoring" {
  count = local.monitoring ? 1 : 0

  role       = aws_iam_role.monitoring[0].name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

# Writer-eligible instances: promotion tier 0-1. Created first, so the writer is one of them.
resource "aws_rds_cluster_instance" "failover" {
  for_each = local.failover_instances

  identifier         = "${var.cluster_identifier}-${each.key}"
  cluster_identifier = aws_rds_cluster.this.id
  engine             = aws_rds_cluster.this.engine
  engine_version     = aws_rds_cluster.this.engine_version
  instance_class     = coalesce(each.value.instance_class, local.default_instance_class)
  promotion_tier     = coalesce(each.value.promotion_tier, 1)

  db_subnet_group_name = aws_db_subnet_group.this.name
  publicly_accessible  = false

  performance_insights_enabled          = var.performance_insights.enabled
  performance_insights_retention_period = local.pi_retention
  performance_insights_kms_key_id       = var.performance_insights.kms_key_id
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = local.monitoring ? aws_iam_role.monitoring[0].arn : null

  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately
  tags                       = merge(var.tags, { "aurora-kit:role" = "failover" })
}

# Analytics readers: promotion tier 2-15, created after the failover instances, never the first choice for writer.
resource "aws_rds_cluster_instance" "analytics" {
  for_each = local.analytics_instances

  identifier         = "${var.cluster_identifier}-${each.key}"
  cluster_identifier = aws_rds_cluster.this.id
  engine             = aws_rds_cluster.this.engine
  engine_version     = aws_rds_cluster.this.engine_version
  instance_class     = coalesce(each.value.instance_class, local.default_instance_class)
  promotion_tier     = coalesce(each.value.promotion_tier, 15)

  db_subnet_group_name = aws_db_subnet_group.this.name
  publicly_accessible  = false

  performance_insights_enabled          = var.performance_insights.enabled
  performance_insights_retention_period = local.pi_retention
  performance_insights_kms_key_id       = var.performance_insights.kms_key_id
  monitoring_interval                   = var.monitoring_interval
  monitoring_role_arn                   = local.monitoring ? aws_iam_role.monitoring[0].arn : null

  auto_minor_version_upgrade = true
  apply_immediately          = var.apply_immediately
  tags                       = merge(var.tags, { "aurora-kit:role" = "analytics" })

  depends_on = [aws_rds_cluster_instance.failover]
}

# Reports and ad-hoc queries connect here: the analytics readers only.
resource "aws_rds_cluster_endpoint" "analytics" {
  count = length(local.analytics_instances) > 0 ? 1 : 0

  cluster_identifier          = aws_rds_cluster.this.id
  cluster_endpoint_identifier = "${var.cluster_identifier}-analytics"
  custom_endpoint_type        = "ANY"
  static_members              = [for i in aws_rds_cluster_instance.analytics : i.identifier]
  tags                        = var.tags
}

# The application's reads (DATABASE_URL_READER): every reader but the analytics ones, also readers added later.
resource "aws_rds_cluster_endpoint" "app_readers" {
  count = local.separate_app_readers ? 1 : 0

  cluster_identifier          = aws_rds_cluster.this.id
  cluster_endpoint_identifier = "${var.cluster_identifier}-app-readers"
  custom_endpoint_type        = "READER"
  excluded_members            = [for i in aws_rds_cluster_instance.analytics : i.identifier]
  tags                        = var.tags

  depends_on = [aws_rds_cluster_instance.failover]
}

# ---------------------------------------------------------------------------------------------------------------------
# The application's credentials: one secret, read by the wrapper's awsSecretsManager plugin and by the proxy
# ---------------------------------------------------------------------------------------------------------------------

# Terraform creates the secret, not its value: create the role in the database, then put
# {"username":"<app_username>","password":"..."} into the secret (README, Provisioning), so no password is in the state.
resource "aws_secretsmanager_secret" "app" {
  count = local.app_secret ? 1 : 0

  name_prefix = "${var.cluster_identifier}/${var.app_username}-"
  description = "Login of ${var.app_username} on Aurora PostgreSQL cluster ${var.cluster_identifier}: {\"username\":...,\"password\":...}"
  kms_key_id  = var.kms_key_id
  tags        = var.tags
}

# ---------------------------------------------------------------------------------------------------------------------
# RDS Proxy (optional)
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_security_group" "proxy" {
  count = local.proxy ? 1 : 0

  name_prefix = "${var.cluster_identifier}-proxy-"
  description = "RDS Proxy of ${var.cluster_identifier}: PostgreSQL from the application, to the cluster"
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.cluster_identifier}-proxy" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_security_group" {
  for_each = local.proxy ? toset(var.allowed_security_group_ids) : toset([])

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "PostgreSQL from ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = each.value
}

resource "aws_vpc_security_group_ingress_rule" "proxy_from_cidr" {
  for_each = local.proxy ? toset(var.allowed_cidr_blocks) : toset([])

  security_group_id = aws_security_group.proxy[0].id
  description       = "PostgreSQL from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "proxy_to_cluster" {
  count = local.proxy ? 1 : 0

  security_group_id            = aws_security_group.proxy[0].id
  description                  = "PostgreSQL to the cluster"
  ip_protocol                  = "tcp"
  from_port                    = var.port
  to_port                      = var.port
  referenced_security_group_id = aws_security_group.cluster.id
}

resource "aws_iam_role" "proxy" {
  count = local.proxy ? 1 : 0

  name_prefix = "${substr(var.cluster_identifier, 0, 31)}-proxy-"
  tags        = var.tags
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "rds.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "proxy" {
  count = local.proxy ? 1 : 0

  name = "read-${var.app_username}-secret"
  role = aws_iam_role.proxy[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid      = "ReadTheApplicationSecret"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [aws_secretsmanager_secret.app[0].arn]
      }],
      var.kms_key_id == null ? [] : [{
        Sid       = "DecryptTheSecretThroughSecretsManager"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [var.kms_key_id]
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      }],
    )
  })
}

resource "aws_db_proxy" "this" {
  count = local.proxy ? 1 : 0

  name                   = "${var.cluster_identifier}-proxy"
  engine_family          = "POSTGRESQL"
  role_arn               = aws_iam_role.proxy[0].arn
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy[0].id]
  require_tls            = true
  idle_client_timeout    = var.proxy.idle_client_timeout
  debug_logging          = var.proxy.debug_logging

  auth {
    description               = "${var.app_username}, from the application secret"
    auth_scheme               = "SECRETS"
    secret_arn                = aws_secretsmanager_secret.app[0].arn
    iam_auth                  = var.client_auth == "iam" ? "REQUIRED" : "DISABLED"
    client_password_auth_type = "POSTGRES_SCRAM_SHA_256"
  }

  tags = var.tags

  depends_on = [aws_iam_role_policy.proxy]
}

resource "aws_db_proxy_default_target_group" "this" {
  count = local.proxy ? 1 : 0

  db_proxy_name = aws_db_proxy.this[0].name

  connection_pool_config {
    connection_borrow_timeout = var.proxy.connection_borrow_timeout
    max_connections_percent   = var.proxy.max_connections_percent
    init_query                = var.proxy.init_query
  }
}

resource "aws_db_proxy_target" "this" {
  count = local.proxy ? 1 : 0

  db_proxy_name         = aws_db_proxy.this[0].name
  target_group_name     = aws_db_proxy_default_target_group.this[0].name
  db_cluster_identifier = aws_rds_cluster.this.cluster_identifier
}

# Read-only proxy endpoint: connections go to the readers (DATABASE_URL_READER behind the proxy).
resource "aws_db_proxy_endpoint" "read_only" {
  count = local.proxy && local.has_readers ? 1 : 0

  db_proxy_name          = aws_db_proxy.this[0].name
  db_proxy_endpoint_name = "${var.cluster_identifier}-ro"
  vpc_subnet_ids         = var.subnet_ids
  vpc_security_group_ids = [aws_security_group.proxy[0].id]
  target_role            = "READ_ONLY"
  tags                   = var.tags

  depends_on = [aws_db_proxy_target.this]
}
