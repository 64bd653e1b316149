/**
 * Configuration: {@link io.aurorakit.config.AuroraConfig} (immutable, built and validated from a URL, properties or a
 * builder), {@link io.aurorakit.config.AuroraProperty} (the one catalogue of every aurora-kit property: key, default,
 * unit, choices, the wrapper settings it becomes) and {@link io.aurorakit.config.Preset}. Package-private classes here
 * parse URLs, classify endpoint names and check plugins; they are not API.
 */
package io.aurorakit.config;
