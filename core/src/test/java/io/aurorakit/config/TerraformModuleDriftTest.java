package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.aurorakit.AuroraDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;

/**
 * The reference Terraform module ({@code examples/terraform/aurora-postgresql}) writes the URLs aurora-kit reads; this
 * fails when a name it writes drifts from core's: an output or environment variable name
 * ({@link AuroraDataSource#ENV_WRITER_URL}, {@link AuroraDataSource#ENV_READER_URL}), a preset
 * ({@link Preset#urlName()}), a URL parameter key, or a drill option it tells users to pass. The URLs are rendered
 * from the module's own template and parameter keys and built with the rules {@code fromEnvironment()} applies. Where
 * a {@code terraform} binary is on the PATH it also runs {@code terraform fmt -check -recursive examples/terraform}.
 * No network, no cloud, no lab.
 */
class TerraformModuleDriftTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "terraform");
    private static final Path MODULE = EXAMPLES.resolve("aurora-postgresql");
    private static final Path DRILL_SOURCES = Path.of("..", "failover-tests", "drill", "src", "main", "java", "io",
            "aurorakit", "drill");

    /** {@code jdbc:aurora:postgresql://${host}:${port}/${var.database_name}?${local.<name>}}. */
    private static final Pattern URL_TEMPLATE = Pattern.compile("^" + Pattern.quote(AuroraUrl.AURORA_PREFIX)
            + "\\$\\{([^}]+)}:\\$\\{([^}]+)}/\\$\\{var\\.database_name}\\?\\$\\{local\\.([A-Za-z0-9_]+)}$");
    /** {@code join("&", [for k, v in local.<name> : "${k}=${urlencode(v)}"])}: every value %-encoded. */
    private static final Pattern QUERY_LOCAL = Pattern.compile("^join\\(\"&\", \\[for k, v in local\\.([A-Za-z0-9_]+)"
            + " : \"\\$\\{k}=\\$\\{urlencode\\(v\\)}\"]\\)$");
    /** {@code ./drill [insights] ...} up to the end of the line, a parenthesis, a quote or the next {@code ./drill}. */
    private static final Pattern DRILL_COMMAND = Pattern.compile("\\./drill( insights)?((?:(?!\\./drill)[^\\n;()\"])*)");

    /**
     * Pass-through keys the module may write, with where they are defined: pgjdbc ({@link PGProperty}) or the class of
     * the AWS wrapper plugin that reads them. A key not in the catalogue nor here fails the test: pgjdbc and the
     * wrapper ignore unknown keys silently.
     */
    private static final Map<String, String> PASS_THROUGH = Map.of(
            "sslmode", "pgjdbc",
            "sslrootcert", "pgjdbc",
            "secretsManagerSecretId", "software/amazon/jdbc/plugin/AwsSecretsManagerConnectionPlugin.class",
            "secretsManagerRegion", "software/amazon/jdbc/plugin/AwsSecretsManagerConnectionPlugin.class");

    /** A value for each parameter key the module writes, as Terraform would render it (before %-encoding). */
    private static final Map<String, String> SAMPLE_VALUES = Map.of(
            "user", "app",
            "sslmode", "verify-full",
            "sslrootcert", "/etc/ssl/rds/global-bundle.pem",
            "secretsManagerSecretId", "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db/app-AbCdEf",
            "secretsManagerRegion", "us-east-1");

    /** Writer and reader hosts the module's outputs can name: the cluster's endpoints, or the RDS Proxy's. */
    private static final List<String[]> CLUSTER_HOSTS = List.of(
            new String[] {"orders-db.cluster-abc123.us-east-1.rds.amazonaws.com",
                "orders-db.cluster-ro-abc123.us-east-1.rds.amazonaws.com"},
            new String[] {"orders-db.cluster-abc123.us-east-1.rds.amazonaws.com",
                "orders-db-app-readers.cluster-custom-abc123.us-east-1.rds.amazonaws.com"});
    private static final String[] PROXY_HOSTS = {"orders-db-proxy.proxy-abc123.us-east-1.rds.amazonaws.com",
        "orders-db-ro.endpoint.proxy-abc123.us-east-1.rds.amazonaws.com"};

    private static HclText outputs;
    private static HclText variables;
    private static HclText example;

    @BeforeAll
    static void readModule() throws IOException {
        assertThat(MODULE.resolve("outputs.tf")).as("the module's outputs.tf (tests run in core/)").exists();
        outputs = HclText.read(MODULE.resolve("outputs.tf"));
        variables = HclText.read(MODULE.resolve("variables.tf"));
        example = HclText.read(EXAMPLES.resolve("main.tf"));
    }

    @Test
    void outputsAreTheEnvironmentVariablesFromEnvironmentReads() {
        Set<String> env = Set.of(AuroraDataSource.ENV_WRITER_URL, AuroraDataSource.ENV_READER_URL);
        for (String name : env) {
            assertThat(outputs.outputNames()).as("%s has an output named %s (AuroraDataSource.fromEnvironment() reads"
                    + " that environment variable)", outputs.file(), name).contains(name);
            assertThat(example.outputValue(name)).as("%s re-exports the module's %s", example.file(), name)
                    .hasValueSatisfying(v -> assertThat(v).matches("module\\.[a-z_]+\\." + name));
        }
        for (HclText file : List.of(outputs, example)) {
            Set<String> urlOutputs = file.outputNames().stream().filter(n -> n.startsWith("DATABASE_URL"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(urlOutputs).as("DATABASE_URL* outputs of %s that fromEnvironment() does not read (it reads %s)",
                    file.file(), new TreeSet<>(env)).isSubsetOf(env);
        }
    }

    @Test
    void everyPresetTheModuleWritesIsCoresAndEveryPresetIsReachable() {
        Set<String> core = Arrays.stream(Preset.values()).map(Preset::urlName)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Map<String, List<String>> written = presetLiterals();
        assertThat(written).as("%s has locals named *_preset", outputs.file()).isNotEmpty();
        written.forEach((local, literals) -> assertThat(literals)
                .as("presets written by local.%s in %s (core's presets: %s)", local, outputs.file(), core)
                .isSubsetOf(core));
        Set<String> all = written.values().stream().flatMap(List::stream).collect(Collectors.toSet());
        assertThat(all).as("presets the module chooses in %s; a core preset it never chooses needs a rule there",
                outputs.file()).containsAll(core);

        String override = variables.block("variable", "aurora_kit_preset_override")
                .orElseThrow(() -> new AssertionError(variables.file() + " has no variable aurora_kit_preset_override"));
        Matcher list = Pattern.compile("contains\\(\\[([^\\]]*)]").matcher(override);
        assertThat(list.find()).as("aurora_kit_preset_override in %s validates with contains([...])", variables.file())
                .isTrue();
        assertThat(HclText.stringLiterals(list.group(1))).as("presets accepted by aurora_kit_preset_override in %s",
                variables.file()).containsExactlyInAnyOrderElementsOf(core);
    }

    @Test
    void everyUrlParameterIsAnAuroraKitPropertyOrAKnownPassThroughKey() {
        for (String key : urlParameterKeys()) {
            if (AuroraProperty.byKey(key).isPresent()) {
                continue;
            }
            String owner = PASS_THROUGH.get(key);
            assertThat(owner).as("URL parameter %s written by %s is neither an aurora-kit property nor a pass-through"
                    + " key this test knows (%s); a misspelt key would be ignored silently", key, outputs.file(),
                    new TreeSet<>(PASS_THROUGH.keySet())).isNotNull();
            if (owner.equals("pgjdbc")) {
                assertThat(PGProperty.forName(key)).as("pgjdbc knows the URL parameter %s", key).isNotNull();
            } else {
                assertThat(classMentions(owner, key)).as("the AWS wrapper's %s defines the URL parameter %s", owner, key)
                        .isTrue();
            }
        }
    }

    @Test
    void renderedUrlsBuildAsFromEnvironmentBuildsThem() {
        String writerTemplate = urlTemplate(AuroraDataSource.ENV_WRITER_URL);
        String readerTemplate = urlTemplate(AuroraDataSource.ENV_READER_URL);
        Matcher writer = URL_TEMPLATE.matcher(writerTemplate);
        Matcher reader = URL_TEMPLATE.matcher(readerTemplate);
        assertThat(writer.matches()).as("%s in %s has the form %s${host}:${port}/${var.database_name}?${local.query}: %s",
                AuroraDataSource.ENV_WRITER_URL, outputs.file(), AuroraUrl.AURORA_PREFIX, writerTemplate).isTrue();
        assertThat(reader.matches()).as("%s in %s has the form %s${host}:${port}/${var.database_name}?${local.query}: %s",
                AuroraDataSource.ENV_READER_URL, outputs.file(), AuroraUrl.AURORA_PREFIX, readerTemplate).isTrue();
        assertThat(reader.group(2) + "?" + reader.group(3)).as("port and query of %s in %s; fromEnvironment() requires"
                + " the reader URL to differ from the writer URL only in the host (writer: %s, reader: %s)",
                AuroraDataSource.ENV_READER_URL, outputs.file(), writerTemplate, readerTemplate)
                .isEqualTo(writer.group(2) + "?" + writer.group(3));

        Set<String> keys = parameterKeys(queryParametersLocal(writer.group(3)));
        List<String> presets = presetLiterals().values().stream().flatMap(List::stream).distinct()
                .collect(Collectors.toList());
        List<String> plugins = additionalPluginsLiterals();
        for (String preset : presets) {
            for (String plugin : plugins) {
                Map<String, String> values = sampleValues(keys, preset, plugin);
                for (String[] hosts : CLUSTER_HOSTS) {
                    AuroraConfig config = build(hosts, values);
                    assertThat(config.preset().urlName()).isEqualTo(preset);
                    assertThat(config.wrapperProperties().getProperty(AuroraConfig.WRAPPER_PLUGINS))
                            .as("wrapper plugins for the cluster endpoint %s", hosts[0])
                            .contains("failover2", "efm2", plugin);
                }
                // the README's Provisioning section: behind the RDS Proxy no failover plugin, the auth plugin kept
                AuroraConfig proxied = build(PROXY_HOSTS, values);
                assertThat(proxied.failoverEnabled()).as("failover behind the RDS Proxy %s", PROXY_HOSTS[0]).isFalse();
                assertThat(proxied.failoverDisabledReason()).hasValueSatisfying(r -> assertThat(r).contains("RDS Proxy"));
                assertThat(proxied.wrapperProperties().getProperty(AuroraConfig.WRAPPER_PLUGINS))
                        .as("wrapper plugins behind the RDS Proxy %s", PROXY_HOSTS[0]).isEqualTo(plugin);
                assertThat(proxied.readerWrapperProperties()).hasValueSatisfying(r -> assertThat(
                        r.getProperty(AuroraConfig.WRAPPER_PLUGINS)).as("wrapper plugins behind the proxy's read-only"
                        + " endpoint %s", PROXY_HOSTS[1]).isEqualTo(plugin));
            }
        }
    }

    @Test
    void drillOptionsTheModuleNamesExist() throws IOException {
        String drill = Files.readString(DRILL_SOURCES.resolve("DrillCommand.java"), StandardCharsets.UTF_8);
        String insights = Files.readString(DRILL_SOURCES.resolve("InsightsCommand.java"), StandardCharsets.UTF_8);
        Set<String> named = new TreeSet<>();
        for (Path file : List.of(MODULE.resolve("outputs.tf"), EXAMPLES.resolve("main.tf"))) {
            Matcher m = DRILL_COMMAND.matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (m.find()) {
                String source = m.group(1) == null ? drill : insights;
                Matcher option = Pattern.compile("--[a-z][a-z-]*").matcher(m.group(2));
                while (option.find()) {
                    named.add(option.group());
                    assertThat(source.contains("names = \"" + option.group() + "\"")).as("%s names ./drill%s %s;"
                            + " expected %s to declare it (@Option(names = \"%s\"))", file, m.group(1) == null ? ""
                            : m.group(1), option.group(), m.group(1) == null ? "DrillCommand" : "InsightsCommand",
                            option.group()).isTrue();
                }
            }
        }
        assertThat(named).as("drill options named in the module's outputs").contains("--cluster-id", "--resource-id");
    }

    @Test
    void terraformFmtFindsNothingToChange() throws IOException, InterruptedException {
        Optional<Path> terraform = onPath("terraform");
        Assumptions.assumeTrue(terraform.isPresent(), "no terraform binary on the PATH: skipping"
                + " `terraform fmt -check -recursive examples/terraform` (install Terraform to run this check)");
        ProcessBuilder pb = new ProcessBuilder(terraform.get().toString(), "fmt", "-check", "-recursive", "-diff",
                "-no-color", EXAMPLES.toString()).redirectErrorStream(true);
        pb.environment().put("CHECKPOINT_DISABLE", "1"); // no version check over the network
        Process process = pb.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("terraform fmt -check did not finish within 60 s");
        }
        assertThat(process.exitValue()).as("terraform fmt -check -recursive examples/terraform (fix with terraform fmt"
                + " -recursive examples/terraform):%n%s", output).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** String literals of the locals named {@code *_preset} in outputs.tf. */
    private static Map<String, List<String>> presetLiterals() {
        Map<String, List<String>> literals = new LinkedHashMap<>();
        outputs.locals().forEach((name, expression) -> {
            if (name.endsWith("_preset")) {
                literals.put(name, HclText.stringLiterals(expression));
            }
        });
        return literals;
    }

    /** Keys of every {@code *_parameters} local in outputs.tf. */
    private static Set<String> urlParameterKeys() {
        Set<String> keys = new TreeSet<>();
        outputs.locals().keySet().stream().filter(n -> n.endsWith("_parameters"))
                .forEach(n -> keys.addAll(parameterKeys(n)));
        assertThat(keys).as("URL parameter keys in the *_parameters locals of %s", outputs.file())
                .contains(AuroraProperty.PRESET.key());
        return keys;
    }

    /** Keys of {@code local.name}, with those of the {@code *_parameters} locals it merges. */
    private static Set<String> parameterKeys(String name) {
        String expression = local(name);
        Set<String> keys = new LinkedHashSet<>(HclText.objectKeys(expression));
        for (String referenced : HclText.localReferences(expression)) {
            if (referenced.endsWith("_parameters")) {
                keys.addAll(parameterKeys(referenced));
            }
        }
        return keys;
    }

    /** The {@code additionalPlugins = "..."} values written by the {@code *_parameters} locals. */
    private static List<String> additionalPluginsLiterals() {
        Pattern plugin = Pattern.compile(AuroraProperty.ADDITIONAL_PLUGINS.key() + "\\s*=\\s*\"([^\"]*)\"");
        List<String> values = outputs.locals().entrySet().stream().filter(e -> e.getKey().endsWith("_parameters"))
                .flatMap(e -> plugin.matcher(e.getValue()).results().map(r -> r.group(1))).distinct()
                .collect(Collectors.toList());
        assertThat(values).as("additionalPlugins values in %s", outputs.file()).isNotEmpty();
        return values;
    }

    /** The parameters local whose query the URL uses ({@code local.<query>} must %-encode every value). */
    private static String queryParametersLocal(String queryLocal) {
        Matcher m = QUERY_LOCAL.matcher(local(queryLocal));
        assertThat(m.matches()).as("local.%s in %s joins local.*_parameters with urlencode(): %s", queryLocal,
                outputs.file(), local(queryLocal)).isTrue();
        return m.group(1);
    }

    /** The URL literal behind {@code output "name"}: its value, or the local it names. */
    private static String urlTemplate(String output) {
        String value = outputs.outputValue(output)
                .orElseThrow(() -> new AssertionError(outputs.file() + " has no value for output " + output));
        Matcher local = Pattern.compile("^local\\.([A-Za-z0-9_]+)$").matcher(value);
        String expression = local.matches() ? local(local.group(1)) : value;
        List<String> urls = HclText.stringLiterals(expression).stream().filter(s -> s.startsWith("jdbc:"))
                .collect(Collectors.toList());
        assertThat(urls).as("jdbc URL literals behind output %s in %s", output, outputs.file()).hasSize(1);
        return urls.get(0);
    }

    private static String local(String name) {
        String expression = outputs.locals().get(name);
        assertThat(expression).as("local.%s in %s", name, outputs.file()).isNotNull();
        return expression;
    }

    private static Map<String, String> sampleValues(Set<String> keys, String preset, String plugin) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            String value = key.equals(AuroraProperty.PRESET.key()) ? preset
                    : key.equals(AuroraProperty.ADDITIONAL_PLUGINS.key()) ? plugin : SAMPLE_VALUES.get(key);
            assertThat(value).as("a sample value for the URL parameter %s written by %s (add it to SAMPLE_VALUES once"
                    + " aurora-kit is known to handle it)", key, outputs.file()).isNotNull();
            values.put(key, value);
        }
        return values;
    }

    /** Builds the writer and reader URLs as {@code AuroraDataSource.fromEnvironment()} does, without the SDK jars. */
    private static AuroraConfig build(String[] hosts, Map<String, String> values) {
        String query = values.entrySet().stream().map(e -> e.getKey() + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        String writerUrl = AuroraUrl.AURORA_PREFIX + hosts[0] + ":5432/orders?" + query;
        String readerUrl = AuroraUrl.AURORA_PREFIX + hosts[1] + ":5432/orders?" + query;
        try {
            return AuroraConfig.builder().url(writerUrl, null, AuroraDataSource.ENV_WRITER_URL)
                    .readerUrl(readerUrl, AuroraDataSource.ENV_READER_URL).classPresence(c -> true).build();
        } catch (IllegalArgumentException e) {
            throw new AssertionError("aurora-kit rejects the URLs " + outputs.file() + " renders (" + writerUrl
                    + ", reader " + hosts[1] + "): " + e.getMessage(), e);
        }
    }

    /** Terraform's urlencode(): everything but letters, digits and {@code -_.~} as UTF-8 %-escapes. */
    private static String urlEncode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** Whether the class file {@code resource} holds the string constant {@code text} (without loading the class). */
    private static boolean classMentions(String resource, String text) {
        try (InputStream in = TerraformModuleDriftTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("%s on the test classpath", resource).isNotNull();
            byte[] bytes = in.readAllBytes();
            byte[] needle = text.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource, e);
        }
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }
}
