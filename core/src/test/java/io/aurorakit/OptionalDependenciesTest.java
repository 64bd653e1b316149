package io.aurorakit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One jar stays one jar: a plain JVM application that depends on aurora-kit-core gets the wrapper, pgjdbc, HikariCP
 * and slf4j and nothing more. Spring Boot, Micrometer, Flyway, Liquibase and the AWS SDK modules of
 * {@code PerformanceInsightsReader} are optional dependencies, and only the classes of the integration packages (and
 * the reader's) refer to them, so a plain application never loads one.
 */
class OptionalDependenciesTest {

    private static final Set<String> REQUIRED = Set.of("software.amazon.jdbc:aws-advanced-jdbc-wrapper",
            "org.postgresql:postgresql", "com.zaxxer:HikariCP", "org.slf4j:slf4j-api");

    /** The classes that may refer to optional libraries: the integration packages and the PI reader's classes. */
    private static final List<String> INTEGRATION_PACKAGES = List.of("io/aurorakit/spring/", "io/aurorakit/metrics/",
            "io/aurorakit/flyway/", "io/aurorakit/liquibase/", "io/aurorakit/insights/PerformanceInsightsReader",
            "io/aurorakit/insights/Pi");

    private static final List<String> OPTIONAL_PREFIXES = List.of("org/springframework/", "io/micrometer/",
            "org/flywaydb/", "liquibase/", "software/amazon/awssdk/");

    @Test
    void everyDependencyBeyondTheFourIsOptional() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        Element dependencies = (Element) project.getElementsByTagName("dependencies").item(0);
        NodeList list = dependencies.getElementsByTagName("dependency");
        List<String> required = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            String scope = text(d, "scope");
            if (scope.equals("test") || text(d, "optional").equals("true")) {
                continue;
            }
            required.add(text(d, "groupId") + ":" + text(d, "artifactId"));
        }
        assertThat(required).containsExactlyInAnyOrderElementsOf(REQUIRED);
    }

    @Test
    void onlyTheIntegrationPackagesReferToOptionalLibraries() throws Exception {
        Path classes = Path.of(AuroraDataSource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (INTEGRATION_PACKAGES.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                OPTIONAL_PREFIXES.stream().filter(constants::contains).forEach(p -> offenders.add(name + " -> " + p));
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
