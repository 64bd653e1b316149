# What the module writes for aurora-kit, with the AWS provider mocked: no credentials, no AWS calls.
#   cd examples/terraform/aurora-postgresql && terraform init -backend=false && terraform test
# (init needs the hashicorp/aws provider once, from the registry or a mirror.) The names in these URLs are guarded
# against core by TerraformModuleDriftTest; this checks which preset and which endpoints each configuration gets.

mock_provider "aws" {
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_rds_cluster" {
    defaults = {
      id                 = "orders-db"
      cluster_identifier = "orders-db"
      endpoint           = "orders-db.cluster-abc123.us-east-1.rds.amazonaws.com"
      reader_endpoint    = "orders-db.cluster-ro-abc123.us-east-1.rds.amazonaws.com"
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-1", kms_key_id = "", secret_status = "active" }]
    }
  }
  mock_resource "aws_rds_cluster_endpoint" {
    defaults = { endpoint = "orders-db-app-readers.cluster-custom-abc123.us-east-1.rds.amazonaws.com" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db/app-AbCdEf" }
  }
  mock_resource "aws_db_proxy" {
    defaults = { endpoint = "orders-db-proxy.proxy-abc123.us-east-1.rds.amazonaws.com", name = "orders-db-proxy" }
  }
  mock_resource "aws_db_proxy_endpoint" {
    defaults = { endpoint = "orders-db-ro.endpoint.proxy-abc123.us-east-1.rds.amazonaws.com" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/orders-db-proxy" }
  }
}

variables {
  cluster_identifier = "orders-db"
  database_name      = "orders"
  vpc_id             = "vpc-0123456789abcdef0"
  subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
}

run "provisioned_fast_with_an_analytics_reader" {
  command = apply
  variables {
    client_failover_profile = "fast"
    client_sslrootcert      = "/etc/ssl/rds/global-bundle.pem"
    instances               = { "1" = { promotion_tier = 0 }, "2" = {}, "bi" = { role = "analytics" } }
  }
  assert {
    condition     = output.DATABASE_URL_WRITER == "jdbc:aurora:postgresql://orders-db.cluster-abc123.us-east-1.rds.amazonaws.com:5432/orders?additionalPlugins=awsSecretsManager&preset=fast-failover&secretsManagerRegion=us-east-1&secretsManagerSecretId=arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A123456789012%3Asecret%3Aorders-db%2Fapp-AbCdEf&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Frds%2Fglobal-bundle.pem&user=app"
    error_message = "DATABASE_URL_WRITER is ${output.DATABASE_URL_WRITER}"
  }
  assert {
    condition     = startswith(output.DATABASE_URL_READER, "jdbc:aurora:postgresql://orders-db-app-readers.cluster-custom-abc123.us-east-1.rds.amazonaws.com:5432/orders?")
    error_message = "DATABASE_URL_READER is ${output.DATABASE_URL_READER}, expected the endpoint without the analytics reader"
  }
  assert {
    condition     = output.instances["orders-db-1"].promotion_tier == 0 && output.instances["orders-db-2"].promotion_tier == 1 && output.instances["orders-db-bi"].promotion_tier == 15
    error_message = "promotion tiers are ${jsonencode(output.instances)}"
  }
}

run "serverless_scaling_to_zero" {
  command = apply
  variables {
    serverless  = { min_capacity = 0, max_capacity = 8 }
    client_auth = "iam"
  }
  assert {
    condition     = output.DATABASE_URL_WRITER == "jdbc:aurora:postgresql://orders-db.cluster-abc123.us-east-1.rds.amazonaws.com:5432/orders?additionalPlugins=iam&preset=serverless-v2&sslmode=verify-full&user=app"
    error_message = "DATABASE_URL_WRITER is ${output.DATABASE_URL_WRITER}"
  }
  assert {
    condition     = output.DATABASE_URL_READER == "jdbc:aurora:postgresql://orders-db.cluster-ro-abc123.us-east-1.rds.amazonaws.com:5432/orders?additionalPlugins=iam&preset=serverless-v2&sslmode=verify-full&user=app"
    error_message = "DATABASE_URL_READER is ${output.DATABASE_URL_READER}"
  }
}

run "serverless_with_a_floor_is_not_serverless_v2" {
  command = apply
  variables {
    serverless = { min_capacity = 0.5, max_capacity = 8 }
  }
  assert {
    condition     = output.aurora_kit_preset == "provisioned"
    error_message = "preset is ${output.aurora_kit_preset}"
  }
}

run "behind_the_proxy" {
  command = apply
  variables {
    client_failover_profile = "fast"
    proxy                   = { enabled = true }
  }
  assert {
    condition     = output.DATABASE_URL_WRITER == "jdbc:aurora:postgresql://orders-db-proxy.proxy-abc123.us-east-1.rds.amazonaws.com:5432/orders?additionalPlugins=awsSecretsManager&preset=provisioned&secretsManagerRegion=us-east-1&secretsManagerSecretId=arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A123456789012%3Asecret%3Aorders-db%2Fapp-AbCdEf&sslmode=verify-full&user=app"
    error_message = "DATABASE_URL_WRITER is ${output.DATABASE_URL_WRITER}"
  }
  assert {
    condition     = startswith(output.DATABASE_URL_READER, "jdbc:aurora:postgresql://orders-db-ro.endpoint.proxy-abc123.us-east-1.rds.amazonaws.com:5432/orders?")
    error_message = "DATABASE_URL_READER is ${output.DATABASE_URL_READER}"
  }
  assert {
    condition     = output.drill_url == "jdbc:aurora:postgresql://orders-db.cluster-abc123.us-east-1.rds.amazonaws.com:5432/orders?preset=fast-failover&sslmode=verify-full&user=app"
    error_message = "drill_url is ${output.drill_url}"
  }
}

run "the_application_beside_the_proxy" {
  command = apply
  variables {
    proxy = { enabled = true, app_connects_through_proxy = false }
  }
  assert {
    condition     = startswith(output.DATABASE_URL_WRITER, "jdbc:aurora:postgresql://orders-db.cluster-abc123.us-east-1.rds.amazonaws.com:5432/orders?") && output.proxy_endpoint == "orders-db-proxy.proxy-abc123.us-east-1.rds.amazonaws.com"
    error_message = "DATABASE_URL_WRITER is ${output.DATABASE_URL_WRITER}"
  }
}

run "override" {
  command = apply
  variables {
    aurora_kit_preset_override = "fast-failover"
  }
  assert {
    condition     = output.aurora_kit_preset == "fast-failover" && strcontains(output.drill_url, "preset=fast-failover")
    error_message = "preset is ${output.aurora_kit_preset}"
  }
}

run "a_single_instance_has_no_reader_url" {
  command = apply
  variables {
    instances = { "1" = {} }
  }
  assert {
    condition     = output.DATABASE_URL_READER == ""
    error_message = "DATABASE_URL_READER is ${output.DATABASE_URL_READER}"
  }
}

run "auto_pause_with_a_proxy_is_refused" {
  command = plan
  variables {
    serverless = { min_capacity = 0, max_capacity = 8 }
    proxy      = { enabled = true }
  }
  expect_failures = [aws_rds_cluster.this]
}

run "auto_pause_on_an_old_engine_is_refused" {
  command = plan
  variables {
    engine_version = "16.2"
    serverless     = { min_capacity = 0, max_capacity = 8 }
  }
  expect_failures = [aws_rds_cluster.this]
}

run "advanced_database_insights_needs_465_days" {
  command = plan
  variables {
    database_insights_mode = "advanced"
  }
  expect_failures = [aws_rds_cluster.this]
}

run "an_analytics_tier_for_a_failover_instance_is_refused" {
  command = plan
  variables {
    instances = { "1" = { promotion_tier = 3 } }
  }
  expect_failures = [var.instances]
}

run "no_failover_instance_is_refused" {
  command = plan
  variables {
    instances = { "bi" = { role = "analytics" } }
  }
  expect_failures = [var.instances]
}
