terraform {
  # optional object attributes (1.3), lifecycle preconditions (1.2) and check-free validation blocks (1.5 tested)
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 5.81 added serverlessv2_scaling_configuration.seconds_until_auto_pause, 5.84 database_insights_mode;
      # validated with 5.100.0
      version = ">= 5.84.0, < 6.0.0"
    }
  }
}
