/**
 * Spring Boot integration of aurora-kit (optional dependencies): Actuator health indicators for Spring Boot 3
 * ({@link io.aurorakit.spring.AuroraBoot3HealthIndicator}) and 4
 * ({@link io.aurorakit.spring.AuroraBoot4HealthIndicator}).
 */
package io.aurorakit.spring;
