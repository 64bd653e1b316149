package io.aurorakit.springapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A minimal Spring Boot service as a user would write it: no aurora-kit code, only properties
 * ({@code spring.datasource.url=jdbc:aurora:postgresql://...}) and aurora-kit on the classpath. Compiled and run once
 * against Spring Boot 3.5 and once against 4.0 (modules boot35 and boot40).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class OrdersApp {
}
