package io.aurorakit.config;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Checks at build time what the wrapper plugins of {@code additionalPlugins} need, so that a missing AWS SDK jar or
 * setting fails with one clear message naming the property and the jar, instead of a wrapper error on first connect.
 * The class names are the ones the wrapper 4.3.0 itself probes for.
 */
final class WrapperPluginCheck {

    private WrapperPluginCheck() {
    }

    static void check(String plugins, Map<String, String> passThrough, Predicate<String> classPresent) {
        if (plugins == null || plugins.isEmpty()) {
            return;
        }
        for (String code : plugins.split(",")) {
            switch (code) {
                case "iam":
                    // the wrapper uses RdsUtilities (rds jar), else signs the token itself with the auth jar
                    if (!classPresent.test("software.amazon.awssdk.services.rds.RdsUtilities")
                            && !(classPresent.test("software.amazon.awssdk.http.SdkHttpFullRequest")
                            && classPresent.test("software.amazon.awssdk.auth.signer.params.Aws4PresignerParams"))) {
                        throw missing(plugins, code, "software.amazon.awssdk:rds",
                                "software.amazon.awssdk.services.rds.RdsUtilities");
                    }
                    break;
                case "awsSecretsManager":
                    requireClass(plugins, code, classPresent, "software.amazon.awssdk:secretsmanager",
                            "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient");
                    // The wrapper is a multi-release jar: on Java 17+ (aurora-kit's baseline) its plugin is the
                    // Java 17 class, which parses the secret with Jackson 3, not Jackson 2.
                    requireClass(plugins, code, classPresent, "tools.jackson.core:jackson-databind (Jackson 3)",
                            "tools.jackson.databind.ObjectMapper");
                    if (!passThrough.containsKey("secretsManagerSecretId")) {
                        throw new IllegalArgumentException("additionalPlugins='" + plugins + "' needs"
                                + " secretsManagerSecretId; expected secretsManagerSecretId=<secret name or ARN>"
                                + " (and secretsManagerRegion if the ARN does not say it)");
                    }
                    break;
                case "customEndpoint":
                    requireClass(plugins, code, classPresent, "software.amazon.awssdk:rds",
                            "software.amazon.awssdk.services.rds.RdsClient");
                    break;
                default:
                    break;
            }
        }
    }

    private static void requireClass(String plugins, String code, Predicate<String> classPresent, String jar,
            String className) {
        if (!classPresent.test(className)) {
            throw missing(plugins, code, jar, className);
        }
    }

    private static IllegalArgumentException missing(String plugins, String code, String jar, String className) {
        return new IllegalArgumentException("additionalPlugins='" + plugins + "': the wrapper's " + code + " plugin needs "
                + jar + " on the classpath (class " + className + " not found); expected that dependency"
                + " (aurora-kit does not bring the AWS SDK), or additionalPlugins without " + code);
    }

    /** Whether {@code className} can be loaded by the wrapper's class loader (as the wrapper's own probe does). */
    static boolean classPresent(String className) {
        for (ClassLoader loader : List.of(software.amazon.jdbc.Driver.class.getClassLoader(),
                WrapperPluginCheck.class.getClassLoader())) {
            try {
                Class.forName(className, false, loader);
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader
            }
        }
        return false;
    }
}
