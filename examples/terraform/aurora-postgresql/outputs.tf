# What aurora-kit reads. DATABASE_URL_WRITER and DATABASE_URL_READER are the environment variables of
# AuroraDataSource.fromEnvironment(), in its URL form; the reader URL differs from the writer URL only in the host, as
# fromEnvironment() requires. TerraformModuleDriftTest (core) fails when a name here drifts from core: the output
# names, the presets in the *_preset locals, and the keys of the *_parameters locals.

locals {
  # --- the preset: how aurora-kit's timeouts and failure detection fit this cluster -----------------------------------
  fast_failover = var.client_failover_profile == "fast"
  app_via_proxy = local.proxy && var.proxy.app_connects_through_proxy

  # Straight to the cluster: a Serverless v2 cluster that pauses needs timeouts that outlast a resume; otherwise the
  # client's failover profile decides.
  direct_preset = local.scales_to_zero ? "serverless-v2" : (local.fast_failover ? "fast-failover" : "provisioned")
  # Behind the proxy aurora-kit runs no failover plugins (the proxy fails over and hides the topology), so
  # fast-failover's shorter detection has nothing to act on, while its 3 s connect and 15 s pool timeouts would give up
  # on connections the proxy is still holding. (Auto-pause with a proxy is refused in main.tf.)
  derived_preset    = local.app_via_proxy ? "provisioned" : local.direct_preset
  aurora_kit_preset = coalesce(var.aurora_kit_preset_override, local.derived_preset)
  # ./drill runs against the cluster endpoint: the application's preset when it connects there too.
  drill_preset = local.app_via_proxy ? local.direct_preset : local.aurora_kit_preset

  # --- URL parameters (keys: aurora-kit properties, or pgjdbc/wrapper keys aurora-kit passes through) ------------------
  tls_parameters = merge(
    { sslmode = var.client_sslmode },
    var.client_sslrootcert == null ? {} : { sslrootcert = var.client_sslrootcert },
  )
  auth_parameters = var.client_auth == "iam" ? {
    user              = var.app_username
    additionalPlugins = "iam"
    } : {
    user                   = var.app_username
    additionalPlugins      = "awsSecretsManager"
    secretsManagerSecretId = aws_secretsmanager_secret.app[0].arn
    secretsManagerRegion   = local.region
  }
  app_url_parameters = merge({ preset = local.aurora_kit_preset }, local.tls_parameters, local.auth_parameters)
  # The drill takes --user and --password-env itself; its URL carries no authentication plugin.
  drill_url_parameters = merge({ preset = local.drill_preset, user = var.app_username }, local.tls_parameters)

  app_query   = join("&", [for k, v in local.app_url_parameters : "${k}=${urlencode(v)}"])
  drill_query = join("&", [for k, v in local.drill_url_parameters : "${k}=${urlencode(v)}"])

  # --- hosts ---------------------------------------------------------------------------------------------------------
  direct_reader_host = local.separate_app_readers ? aws_rds_cluster_endpoint.app_readers[0].endpoint : aws_rds_cluster.this.reader_endpoint
  proxy_reader_host  = local.proxy && local.has_readers ? aws_db_proxy_endpoint.read_only[0].endpoint : null
  app_writer_host    = local.app_via_proxy ? aws_db_proxy.this[0].endpoint : aws_rds_cluster.this.endpoint
  app_reader_host    = !local.has_readers ? null : (local.app_via_proxy ? local.proxy_reader_host : local.direct_reader_host)
  app_port           = local.app_via_proxy ? 5432 : var.port

  database_url_writer = "jdbc:aurora:postgresql://${local.app_writer_host}:${local.app_port}/${var.database_name}?${local.app_query}"
  database_url_reader = local.app_reader_host == null ? "" : "jdbc:aurora:postgresql://${local.app_reader_host}:${local.app_port}/${var.database_name}?${local.app_query}"
  drill_url           = "jdbc:aurora:postgresql://${aws_rds_cluster.this.endpoint}:${var.port}/${var.database_name}?${local.drill_query}"

  instances = merge(aws_rds_cluster_instance.failover, aws_rds_cluster_instance.analytics)
}

# ---------------------------------------------------------------------------------------------------------------------
# aurora-kit: AuroraDataSource.fromEnvironment()
# ---------------------------------------------------------------------------------------------------------------------

output "DATABASE_URL_WRITER" {
  description = "The writer URL for AuroraDataSource.fromEnvironment() (export DATABASE_URL_WRITER=...): the cluster endpoint, or the RDS Proxy's with proxy.app_connects_through_proxy; preset, user, TLS and authentication as parameters, no password."
  value       = local.database_url_writer
}

output "DATABASE_URL_READER" {
  description = "The reader URL for AuroraDataSource.fromEnvironment() (a second pool for read()): the reader endpoint (without analytics readers when there are any), or the proxy's read-only endpoint; empty when the cluster has a single instance."
  value       = local.database_url_reader
}

output "aurora_kit_preset" {
  description = "The preset= in the URLs: serverless-v2 (Serverless v2 with min_capacity 0), provisioned behind the RDS Proxy, fast-failover or provisioned from client_failover_profile, unless aurora_kit_preset_override."
  value       = local.aurora_kit_preset
}

# ---------------------------------------------------------------------------------------------------------------------
# The drill: ./drill --url ... --trigger rds --cluster-id ...; ./drill insights --pi --resource-id ...
# ---------------------------------------------------------------------------------------------------------------------

output "drill_url" {
  description = "The cluster endpoint URL for ./drill --url (also behind a proxy: the drill checks Aurora's topology functions on the writer), with the preset the application uses there."
  value       = local.drill_url
}

output "cluster_identifier" {
  description = "For ./drill --trigger rds --cluster-id <this> (and aws rds failover-db-cluster --db-cluster-identifier)."
  value       = aws_rds_cluster.this.cluster_identifier
}

output "region" {
  description = "For ./drill --region and ./drill insights --region."
  value       = local.region
}

output "performance_insights_resource_ids" {
  description = "Performance Insights resource id (DbiResourceId) per instance identifier, for ./drill insights --pi --resource-id <id>."
  value       = { for i in local.instances : i.identifier => i.dbi_resource_id }
}

output "instances" {
  description = "Each instance: role (failover or analytics), promotion tier, class, endpoint and PI resource id."
  value = {
    for i in local.instances : i.identifier => {
      role            = i.tags["aurora-kit:role"]
      promotion_tier  = i.promotion_tier
      instance_class  = i.instance_class
      endpoint        = i.endpoint
      dbi_resource_id = i.dbi_resource_id
    }
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Endpoints and credentials
# ---------------------------------------------------------------------------------------------------------------------

output "cluster_endpoint" {
  description = "The cluster (writer) endpoint."
  value       = aws_rds_cluster.this.endpoint
}

output "reader_endpoint" {
  description = "The cluster reader endpoint (all readers, analytics readers included)."
  value       = aws_rds_cluster.this.reader_endpoint
}

output "analytics_endpoint" {
  description = "Custom endpoint of the analytics readers, for reports and ad-hoc queries; null without analytics readers."
  value       = length(aws_rds_cluster_endpoint.analytics) > 0 ? aws_rds_cluster_endpoint.analytics[0].endpoint : null
}

output "port" {
  description = "PostgreSQL port of the cluster."
  value       = var.port
}

output "proxy_endpoint" {
  description = "The RDS Proxy's default (read/write) endpoint; null without a proxy."
  value       = local.proxy ? aws_db_proxy.this[0].endpoint : null
}

output "proxy_read_only_endpoint" {
  description = "The RDS Proxy's read-only endpoint; null without a proxy or without readers."
  value       = local.proxy_reader_host
}

output "app_secret_arn" {
  description = "The application's secret ({\"username\":...,\"password\":...}; its value is yours to put); null with client_auth = \"iam\" and no proxy."
  value       = local.app_secret ? aws_secretsmanager_secret.app[0].arn : null
}

output "master_user_secret_arn" {
  description = "The RDS-managed secret of the master user, for administration (creating the application role)."
  value       = aws_rds_cluster.this.master_user_secret[0].secret_arn
}
