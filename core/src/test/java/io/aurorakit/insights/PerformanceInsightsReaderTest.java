package io.aurorakit.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * {@link PerformanceInsightsReader} against {@link FakePi}: the requests as PI's JSON 1.1 protocol wants them (signed
 * with SigV4 for {@code pi}), PI's answers read into aurora-kit's types, PI's errors and failures to reach it, and
 * the builder's checks. The reader against the lab's PI endpoint is tested in the lab.
 */
class PerformanceInsightsReaderTest {

    private static final String RESOURCE = "db-ABCDEFGHIJKLMNOPQRSTUVWXY";
    private static final String REGION = "eu-west-1";
    private static final String SECRET = "wJalrXUtnFEMI-K7MDENG-Zebra-SECRET";
    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", SECRET));
    /** 2026-06-05T15:00:00Z, which PI may write as 1.7806716E9. */
    private static final Instant T0 = Instant.ofEpochSecond(1_780_671_600L);
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=AKID/(\\d{8})/"
            + REGION + "/pi/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}");

    private FakePi pi;
    private PerformanceInsightsReader reader;

    @BeforeEach
    void start() throws IOException {
        pi = new FakePi();
        reader = builder().build();
    }

    @AfterEach
    void stop() {
        reader.close();
        pi.close();
    }

    private PerformanceInsightsReader.Builder builder() {
        return PerformanceInsightsReader.builder(RESOURCE).region(REGION).endpoint(pi.endpoint())
                .credentials(CREDENTIALS).environment(name -> null).systemProperties(name -> null);
    }

    private static JsonNode json(FakePi.Request request) {
        return JsonNodeParser.create().parse(request.body());
    }

    private static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String field : path) {
            n = n.field(field).orElseThrow(() -> new AssertionError("no " + field + " in " + node));
        }
        return n.isString() ? n.asString() : n.asNumber();
    }

    // ---------------------------------------------------------------------------------------------- requests

    @Test
    void topKeysSendsASignedDescribeDimensionKeys() {
        reader.topKeys(DimensionGroup.WAIT_EVENT, T0.plusSeconds(1), T0.plusSeconds(3600), 10);

        FakePi.Request request = pi.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.header("X-Amz-Target")).isEqualTo("PerformanceInsightsv20180227.DescribeDimensionKeys");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        String amzDate = request.header("X-Amz-Date");
        assertThat(amzDate).matches("\\d{8}T\\d{6}Z");
        Matcher auth = AUTHORIZATION.matcher(request.header("Authorization"));
        assertThat(auth.matches()).as(request.header("Authorization")).isTrue();
        assertThat(auth.group(1)).isEqualTo(amzDate.substring(0, 8));
        assertThat(auth.group(2).split(";")).contains("content-type", "host", "x-amz-date", "x-amz-target");

        JsonNode body = json(request);
        assertThat(body.asObject().keySet()).containsExactlyInAnyOrder("ServiceType", "Identifier", "StartTime",
                "EndTime", "Metric", "PeriodInSeconds", "GroupBy");
        assertThat(text(body, "ServiceType")).isEqualTo("RDS");
        assertThat(text(body, "Identifier")).isEqualTo(RESOURCE);
        assertThat(text(body, "Metric")).isEqualTo("db.load.avg");
        // a 1 h window: PI's automatic period (at most 200 points: 60 s), so the window is aligned to [T0, T0+3600)
        assertThat(text(body, "PeriodInSeconds")).isEqualTo("60");
        assertThat(text(body, "StartTime")).isEqualTo(String.valueOf(T0.getEpochSecond()));
        assertThat(text(body, "EndTime")).isEqualTo(String.valueOf(T0.getEpochSecond() + 3600));
        assertThat(text(body, "GroupBy", "Group")).isEqualTo("db.wait_event");
        assertThat(text(body, "GroupBy", "Limit")).isEqualTo("10");
    }

    @Test
    void theSignatureCoversTheRequestAsItWasSent() {
        reader.loadOverTime(DimensionGroup.SQL_TOKENIZED, T0, T0.plusSeconds(600), 60, 5);

        // sign what arrived again, at the time it says it was signed: the same Authorization means nothing the
        // signer covered (host, content type, target, body) was changed on the way
        FakePi.Request request = pi.last();
        Matcher auth = AUTHORIZATION.matcher(request.header("Authorization"));
        assertThat(auth.matches()).isTrue();
        SdkHttpRequest.Builder again = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create(pi.endpoint() + request.path()));
        for (String name : auth.group(2).split(";")) {
            if (!name.equals("host") && !name.equals("x-amz-date")) {
                again.putHeader(name, request.header(name));
            }
        }
        Instant signedAt = LocalDateTime.parse(request.header("X-Amz-Date"),
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
        String expected = AwsV4HttpSigner.create().sign(SignRequest.builder(CREDENTIALS.resolveCredentials())
                .request(again.build())
                .payload(ContentStreamProvider.fromByteArray(request.body()))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "pi")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC))
                .build()).request().firstMatchingHeader("Authorization").orElseThrow();
        assertThat(request.header("Authorization")).isEqualTo(expected);
        assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + pi.endpoint().getPort());
    }

    @Test
    void loadOverTimeAsksForTheTotalAndTheGroupStampedByPeriodStart() {
        reader.loadOverTime(DimensionGroup.SQL_TOKENIZED, T0.plusSeconds(30), T0.plusSeconds(150), 60, 5);

        FakePi.Request request = pi.last();
        assertThat(request.header("X-Amz-Target")).isEqualTo("PerformanceInsightsv20180227.GetResourceMetrics");
        JsonNode body = json(request);
        assertThat(body.asObject().keySet()).containsExactlyInAnyOrder("ServiceType", "Identifier", "StartTime",
                "EndTime", "PeriodInSeconds", "MetricQueries", "PeriodAlignment");
        assertThat(text(body, "ServiceType")).isEqualTo("RDS");
        assertThat(text(body, "Identifier")).isEqualTo(RESOURCE);
        assertThat(text(body, "StartTime")).isEqualTo(String.valueOf(T0.getEpochSecond()));
        assertThat(text(body, "EndTime")).isEqualTo(String.valueOf(T0.getEpochSecond() + 180));
        assertThat(text(body, "PeriodInSeconds")).isEqualTo("60");
        assertThat(text(body, "PeriodAlignment")).isEqualTo("START_TIME");
        List<JsonNode> queries = body.field("MetricQueries").orElseThrow().asArray();
        assertThat(queries).hasSize(2);
        assertThat(queries.get(0).asObject().keySet()).containsExactly("Metric");
        assertThat(text(queries.get(0), "Metric")).isEqualTo("db.load.avg");
        assertThat(text(queries.get(1), "Metric")).isEqualTo("db.load.avg");
        assertThat(text(queries.get(1), "GroupBy", "Group")).isEqualTo("db.sql_tokenized");
        assertThat(text(queries.get(1), "GroupBy", "Limit")).isEqualTo("5");

        reader.loadOverTime(null, T0, T0.plusSeconds(60), 1, 25);
        List<JsonNode> totalOnly = json(pi.last()).field("MetricQueries").orElseThrow().asArray();
        assertThat(totalOnly).hasSize(1);
        assertThat(totalOnly.get(0).asObject().keySet()).containsExactly("Metric");
    }

    @Test
    void stringsAreEscapedInTheRequest() throws Exception {
        pi.reply(FakePi.Reply.ok("{\"Keys\":[],\"NextToken\":\"a\\\"b\\\\c\\u00e9\\n\"}"));
        pi.reply(FakePi.Reply.ok("{\"Keys\":[]}"));
        reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 1);

        assertThat(pi.requests()).hasSize(2);
        assertThat(text(json(pi.last()), "NextToken")).isEqualTo("a\"b\\c\u00e9\n");
    }

    // ------------------------------------------------------------------------------------------------ answers

    @Test
    void keysAreReadWithTheAlignedWindowInAnyNumberForm() {
        pi.reply(FakePi.Reply.ok("{\"AlignedStartTime\":1.7806716E9,\"AlignedEndTime\":1780675200.0,"
                + "\"Keys\":["
                + "{\"Dimensions\":{\"db.wait_event.name\":\"CPU\",\"db.wait_event.type\":\"CPU\"},\"Total\":0.5},"
                + "{\"Dimensions\":{\"db.wait_event.name\":\"Lock:transactionid\",\"db.wait_event.type\":\"Lock\"},"
                + "\"Total\":2.25E0,\"Partitions\":[1.0]}]}"));

        DbLoad load = reader.topKeys(DimensionGroup.WAIT_EVENT, T0, T0.plusSeconds(3600), 10);

        assertThat(load.group()).isEqualTo(DimensionGroup.WAIT_EVENT);
        assertThat(load.alignedStart()).isEqualTo(T0);
        assertThat(load.alignedEnd()).isEqualTo(T0.plusSeconds(3600));
        assertThat(load.keys()).extracting(k -> k.get("db.wait_event.name"))
                .containsExactly("Lock:transactionid", "CPU");
        assertThat(load.keys()).extracting(DbLoadKey::total).containsExactly(2.25, 0.5);
        assertThat(load.keys().get(0).dimensions()).containsEntry("db.wait_event.type", "Lock");
    }

    @Test
    void anAnswerWithoutTheAlignedWindowKeepsTheQuestionsAndAnEmptyOneHasNoKeys() {
        DbLoad load = reader.topKeys(DimensionGroup.HOST, T0.plusSeconds(10), T0.plusSeconds(100), 3);
        assertThat(load.keys()).isEmpty();
        assertThat(load.alignedStart()).isEqualTo(T0.plusSeconds(10));
        assertThat(load.alignedEnd()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void seriesAreReadTotalFirstWithMissingValuesAsNull() {
        // the total comes once per metric query; the keys' entries may come before it
        pi.reply(FakePi.Reply.ok("{\"AlignedStartTime\":1780671600,\"AlignedEndTime\":1.7806718E9,"
                + "\"Identifier\":\"" + RESOURCE + "\",\"MetricList\":["
                + "{\"Key\":{\"Metric\":\"db.load.avg\",\"Dimensions\":{\"db.sql_tokenized.statement\":\"SELECT $1\","
                + "\"db.sql_tokenized.id\":\"AB12\"}},\"DataPoints\":["
                + "{\"Timestamp\":1.7806716E9,\"Value\":0.5},{\"Timestamp\":1.7806717E9},"
                + "{\"Timestamp\":1780671720.000,\"Value\":null}]},"
                + "{\"Key\":{\"Metric\":\"db.load.avg\"},\"DataPoints\":["
                + "{\"Timestamp\":1780671600,\"Value\":1.25},{\"Timestamp\":1780671660,\"Value\":0},"
                + "{\"Timestamp\":1780671720}]},"
                + "{\"Key\":{\"Metric\":\"db.load.avg\"},\"DataPoints\":["
                + "{\"Timestamp\":1780671600,\"Value\":1.25},{\"Timestamp\":1780671660,\"Value\":0},"
                + "{\"Timestamp\":1780671720}]},"
                + "{\"Key\":{\"Metric\":\"db.load.avg\",\"Dimensions\":{\"db.sql_tokenized.statement\":\"COMMIT\"}},"
                + "\"DataPoints\":[]}]}"));

        ResourceMetrics metrics = reader.loadOverTime(DimensionGroup.SQL_TOKENIZED, T0, T0.plusSeconds(180), 60,
                5);

        assertThat(metrics.alignedStart()).isEqualTo(T0);
        assertThat(metrics.alignedEnd()).isEqualTo(T0.plusSeconds(200));
        assertThat(metrics.periodSeconds()).isEqualTo(60);
        assertThat(metrics.series()).hasSize(3);
        LoadSeries total = metrics.series().get(0);
        assertThat(total.dimensions()).isEmpty();
        assertThat(metrics.total()).contains(total);
        assertThat(total.points()).extracting(LoadSeries.Point::timestamp)
                .containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(total.points()).extracting(LoadSeries.Point::value).containsExactly(1.25, 0.0, null);
        LoadSeries select = metrics.series().get(1);
        assertThat(select.dimensions()).containsEntry("db.sql_tokenized.statement", "SELECT $1")
                .containsEntry("db.sql_tokenized.id", "AB12");
        assertThat(select.points()).extracting(LoadSeries.Point::timestamp)
                .containsExactly(T0, T0.plusSeconds(100), T0.plusSeconds(120));
        assertThat(select.points()).extracting(LoadSeries.Point::value).containsExactly(0.5, null, null);
        assertThat(metrics.series().get(2).dimensions()).containsExactly(Map.entry("db.sql_tokenized.statement",
                "COMMIT"));
        assertThat(metrics.series().get(2).points()).isEmpty();
    }

    @Test
    void fractionalAndExponentTimestampsKeepTheirValue() {
        assertThat(PiResponses.epochSeconds("1.5270804E9")).isEqualTo(Instant.ofEpochSecond(1_527_080_400L));
        assertThat(PiResponses.epochSeconds("1527026700.0")).isEqualTo(Instant.ofEpochSecond(1_527_026_700L));
        assertThat(PiResponses.epochSeconds("1700000000.125")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L,
                125_000_000));
        assertThat(PiResponses.epochSeconds("1.7E+9")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(PiResponses.epochSeconds("1700000000")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Test
    void nextTokenPagesAreFollowedAndMerged() {
        pi.reply(FakePi.Reply.ok("{\"MetricList\":[{\"Key\":{\"Metric\":\"db.load.avg\"},\"DataPoints\":["
                + "{\"Timestamp\":1780671600,\"Value\":1}]}],\"NextToken\":\"page-2\"}"));
        pi.reply(FakePi.Reply.ok("{\"MetricList\":[{\"Key\":{\"Metric\":\"db.load.avg\"},\"DataPoints\":["
                + "{\"Timestamp\":1780671660,\"Value\":2}]},{\"Key\":{\"Metric\":\"db.load.avg\",\"Dimensions\":"
                + "{\"db.user.name\":\"app\"}},\"DataPoints\":[{\"Timestamp\":1780671660,\"Value\":2}]}]}"));

        ResourceMetrics metrics = reader.loadOverTime(DimensionGroup.USER, T0, T0.plusSeconds(120), 60, 5);

        assertThat(pi.requests()).hasSize(2);
        assertThat(json(pi.requests().get(0)).field("NextToken")).isEmpty();
        assertThat(text(json(pi.requests().get(1)), "NextToken")).isEqualTo("page-2");
        assertThat(metrics.total().orElseThrow().points()).extracting(LoadSeries.Point::value)
                .containsExactly(1.0, 2.0);
        assertThat(metrics.series()).hasSize(2);
    }

    @Test
    void keyPagesAreFollowedUntilTheLimitIsReached() {
        String page1 = "{\"Keys\":[{\"Dimensions\":{\"db.user.name\":\"a\"},\"Total\":3},"
                + "{\"Dimensions\":{\"db.user.name\":\"b\"},\"Total\":2}],\"NextToken\":\"more\"}";
        String page2 = "{\"Keys\":[{\"Dimensions\":{\"db.user.name\":\"c\"},\"Total\":1}]}";
        pi.reply(FakePi.Reply.ok(page1)).reply(FakePi.Reply.ok(page2));
        DbLoad all = reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 5);
        assertThat(all.keys()).extracting(k -> k.get("db.user.name")).containsExactly("a", "b", "c");
        assertThat(pi.requests()).hasSize(2);

        pi.reply(FakePi.Reply.ok(page1));
        DbLoad two = reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 2);
        assertThat(two.keys()).extracting(k -> k.get("db.user.name")).containsExactly("a", "b");
        assertThat(pi.requests()).as("no page asked for beyond the limit").hasSize(3);
    }

    @Test
    void pagingIsBounded() {
        pi.always(request -> FakePi.Reply.ok("{\"Keys\":[],\"NextToken\":\"same\"}"));
        assertThatThrownBy(() -> reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 5))
                .isInstanceOf(PerformanceInsightsException.class)
                .hasMessageContaining("the same NextToken twice");

        int[] page = {0};
        pi.always(request -> FakePi.Reply.ok("{\"MetricList\":[],\"NextToken\":\"t" + (page[0]++) + "\"}"));
        int before = pi.requests().size();
        assertThatThrownBy(() -> reader.loadOverTime(null, T0, T0.plusSeconds(60), 1, 1))
                .isInstanceOf(PerformanceInsightsException.class)
                .hasMessageContaining("still had more pages of GetResourceMetrics for " + RESOURCE + " after 20");
        assertThat(pi.requests().size() - before).isEqualTo(PiApi.MAX_PAGES);
    }

    @Test
    void answersThatAreNotPisShapeAreReported() {
        pi.reply(FakePi.Reply.ok("<html>hello</html>"));
        assertThatThrownBy(() -> reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 5))
                .isInstanceOf(PerformanceInsightsException.class)
                .hasMessageContaining("not a JSON object: '<html>hello</html>'")
                .hasMessageContaining(pi.endpoint().toString());

        pi.reply(FakePi.Reply.ok("{\"Keys\":{\"a\":1}}"));
        assertThatThrownBy(() -> reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 5))
                .isInstanceOf(PerformanceInsightsException.class)
                .hasMessageContaining("DescribeDimensionKeys for " + RESOURCE + " in a shape")
                .hasMessageContaining("Keys is not an array");

        pi.reply(FakePi.Reply.ok("{\"MetricList\":[{\"Key\":{},\"DataPoints\":[{\"Timestamp\":\"yesterday\"}]}]}"));
        assertThatThrownBy(() -> reader.loadOverTime(null, T0, T0.plusSeconds(60), 1, 1))
                .isInstanceOf(PerformanceInsightsException.class)
                .hasMessageContaining("Timestamp is not a number");
    }

    // ------------------------------------------------------------------------------------------------- errors

    private PerformanceInsightsException refusal(FakePi.Reply reply) {
        pi.reply(reply);
        return catchThrowableOfType(PerformanceInsightsException.class,
                () -> reader.topKeys(DimensionGroup.WAIT_EVENT, T0, T0.plusSeconds(60), 5));
    }

    @Test
    void refusalsCarryPisCodeStatusAndMessage() {
        PerformanceInsightsException plain = refusal(FakePi.Reply.status(400,
                "{\"__type\":\"InvalidArgumentException\",\"Message\":\"The StartTime is too old.\"}"));
        assertThat(plain.errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(plain.statusCode()).isEqualTo(400);
        assertThat(plain.serviceMessage()).isEqualTo("The StartTime is too old.");
        assertThat(plain).hasMessage("Performance Insights refused DescribeDimensionKeys for " + RESOURCE
                + ": InvalidArgumentException: The StartTime is too old. (HTTP 400)");

        PerformanceInsightsException namespaced = refusal(FakePi.Reply.status(403,
                "{\"__type\":\"com.amazonaws.pi#NotAuthorizedException\",\"message\":\"not allowed\"}"));
        assertThat(namespaced.errorCode()).isEqualTo("NotAuthorizedException");
        assertThat(namespaced.statusCode()).isEqualTo(403);
        assertThat(namespaced.serviceMessage()).isEqualTo("not allowed");

        PerformanceInsightsException suffixed = refusal(FakePi.Reply.status(500,
                "{\"__type\":\"aws.pi#InternalServiceError:http://internal.amazon.com/coral/com.amazon.pi/\","
                        + "\"Message\":\"try again\"}"));
        assertThat(suffixed.errorCode()).isEqualTo("InternalServiceError");
        assertThat(suffixed.statusCode()).isEqualTo(500);

        PerformanceInsightsException header = refusal(FakePi.Reply.status(400, "{\"message\":\"Rate exceeded\"}")
                .withHeader("X-Amzn-Errortype", "ThrottlingException:http://internal.amazon.com/coral/"));
        assertThat(header.errorCode()).isEqualTo("ThrottlingException");
        assertThat(header.serviceMessage()).isEqualTo("Rate exceeded");
        assertThat(header).hasMessageContaining(": ThrottlingException: Rate exceeded (HTTP 400)");

        PerformanceInsightsException notJson = refusal(FakePi.Reply.status(502, "<html>Bad Gateway</html>"));
        assertThat(notJson.errorCode()).isNull();
        assertThat(notJson.serviceMessage()).isNull();
        assertThat(notJson.statusCode()).isEqualTo(502);
        assertThat(notJson).hasMessage("Performance Insights refused DescribeDimensionKeys for " + RESOURCE
                + ": HTTP 502: '<html>Bad Gateway</html>'");

        PerformanceInsightsException empty = refusal(FakePi.Reply.status(404, ""));
        assertThat(empty).hasMessageEndingWith(": HTTP 404");

        for (PerformanceInsightsException e : List.of(plain, namespaced, suffixed, header, notJson, empty)) {
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }
    }

    @Test
    void errorCodesAreReadTheWayAwsClientsReadThem() {
        JsonNodeParser parser = JsonNodeParser.create();
        assertThat(PiResponses.errorCode(null, parser.parse("{\"__type\":\"a.b#Code:http://x\"}")))
                .isEqualTo("Code");
        assertThat(PiResponses.errorCode("Header:x", parser.parse("{\"__type\":\"Body\"}"))).isEqualTo("Header");
        assertThat(PiResponses.errorCode("", parser.parse("{\"code\":\"Lower\"}"))).isEqualTo("Lower");
        assertThat(PiResponses.errorCode(null, parser.parse("{\"__type\":\"\"}"))).isNull();
        assertThat(PiResponses.errorCode(null, null)).isNull();
        assertThat(PiResponses.errorCode(null, parser.parse("[1]"))).isNull();
    }

    @Test
    void anUnreachableEndpointIsNamed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/");
        try (PerformanceInsightsReader unreachable = builder().endpoint(closed).build()) {
            PerformanceInsightsException e = catchThrowableOfType(PerformanceInsightsException.class,
                    () -> unreachable.loadOverTime(null, T0, T0.plusSeconds(60), 60, 1));
            assertThat(e).hasMessageStartingWith("Performance Insights GetResourceMetrics for " + RESOURCE
                    + " failed: could not reach " + closed);
            assertThat(e.statusCode()).isEqualTo(PerformanceInsightsException.NO_STATUS);
            assertThat(e.errorCode()).isNull();
            assertThat(e.getCause()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aSlowAnswerTimesOut() {
        pi.reply(FakePi.Reply.ok("{}").delayed(3000));
        try (PerformanceInsightsReader impatient = builder().timeout(Duration.ofMillis(300)).build()) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> impatient.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 1))
                    .isInstanceOf(PerformanceInsightsException.class)
                    .hasMessage("Performance Insights did not answer DescribeDimensionKeys for " + RESOURCE
                            + " within 300 ms (endpoint " + pi.endpoint() + "/)");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void credentialsThatCannotBeResolvedAreReported() {
        AwsCredentialsProvider none = () -> {
            throw new IllegalStateException("Unable to load credentials from any of the providers in the chain");
        };
        try (PerformanceInsightsReader noCredentials = builder().credentials(none).build()) {
            assertThatThrownBy(() -> noCredentials.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 1))
                    .isInstanceOf(PerformanceInsightsException.class)
                    .hasMessage("no AWS credentials to sign Performance Insights DescribeDimensionKeys for "
                            + RESOURCE + ": Unable to load credentials from any of the providers in the chain");
        }
        assertThat(pi.requests()).isEmpty();
    }

    // ------------------------------------------------------------------------------------- arguments, builder

    @Test
    void badQuestionsFailBeforeAnyRequest() {
        assertThatThrownBy(() -> reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit must be 1 to 25");
        assertThatThrownBy(() -> reader.topKeys(null, T0, T0.plusSeconds(60), 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("group");
        assertThatThrownBy(() -> reader.loadOverTime(null, T0, T0.plusSeconds(60), 7, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("periodSeconds must be one of");
        assertThatThrownBy(() -> reader.loadOverTime(null, T0, T0, 60, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before its end");
        assertThat(pi.requests()).isEmpty();
    }

    @Test
    void resourceIdsMustBeDbiResourceIds() {
        for (String bad : new String[] {"", "db_ABC", "my instance", "db-ABC/x", "arn:aws:rds:us-east-1:1:db:x"}) {
            assertThatThrownBy(() -> PerformanceInsightsReader.builder(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("resourceId '" + bad + "' is not a Performance Insights resource id; expected the"
                            + " instance's DbiResourceId, like db-ABCDEFGHIJKLMNOPQRSTUVWXY (letters, digits and"
                            + " '-'; see DbiResourceId in 'aws rds describe-db-instances')");
        }
        assertThatThrownBy(() -> PerformanceInsightsReader.builder(null))
                .hasMessageStartingWith("resourceId is missing; expected the instance's DbiResourceId");
    }

    @Test
    void theRegionComesFromTheBuilderThenTheSystemPropertyThenTheEnvironment() {
        Map<String, String> env = new HashMap<>();
        Map<String, String> props = new HashMap<>();
        PerformanceInsightsReader.Builder b = PerformanceInsightsReader.builder(RESOURCE).credentials(CREDENTIALS)
                .environment(env::get).systemProperties(props::get);

        assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no AWS region for Performance Insights of " + RESOURCE + "; expected region(\"us-east-1\")"
                        + " on the builder, the aws.region system property, or the AWS_REGION or"
                        + " AWS_DEFAULT_REGION environment variable");

        env.put("AWS_DEFAULT_REGION", "ap-southeast-2");
        assertThat(regionAndEndpoint(b)).containsExactly("ap-southeast-2", "https://pi.ap-southeast-2.amazonaws.com/");
        env.put("AWS_REGION", "us-west-2");
        assertThat(regionAndEndpoint(b)).containsExactly("us-west-2", "https://pi.us-west-2.amazonaws.com/");
        props.put("aws.region", "cn-north-1");
        assertThat(regionAndEndpoint(b)).containsExactly("cn-north-1", "https://pi.cn-north-1.amazonaws.com.cn/");
        assertThat(regionAndEndpoint(b.region("eu-central-1")))
                .containsExactly("eu-central-1", "https://pi.eu-central-1.amazonaws.com/");

        env.put("AWS_REGION", "US East");
        props.clear();
        assertThatThrownBy(() -> PerformanceInsightsReader.builder(RESOURCE).environment(env::get)
                .systemProperties(props::get).build())
                .hasMessage("the AWS_REGION environment variable 'US East' is not an AWS region; expected a region"
                        + " name like us-east-1");
        assertThatThrownBy(() -> b.region("useast1")).hasMessage("region 'useast1' is not an AWS region; expected a"
                + " region name like us-east-1");
    }

    @Test
    void theEndpointComesFromTheBuilderThenTheEnvironmentThenTheRegion() {
        Map<String, String> env = new HashMap<>();
        PerformanceInsightsReader.Builder b = PerformanceInsightsReader.builder(RESOURCE).region("us-east-1")
                .credentials(CREDENTIALS).environment(env::get).systemProperties(name -> null);
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:4566");
        assertThat(regionAndEndpoint(b)).containsExactly("us-east-1", "http://127.0.0.1:4566/");
        env.put("AWS_ENDPOINT_URL_PI", "http://localhost:4567/pi");
        assertThat(regionAndEndpoint(b)).containsExactly("us-east-1", "http://localhost:4567/pi");
        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertThat(regionAndEndpoint(b)).containsExactly("us-east-1", "https://pi.us-east-1.amazonaws.com/");
        env.remove("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        assertThat(regionAndEndpoint(b.endpoint(URI.create("https://pi.example.com"))))
                .containsExactly("us-east-1", "https://pi.example.com/");

        env.put("AWS_ENDPOINT_URL_PI", "localhost:4566");
        PerformanceInsightsReader.Builder fromEnv = PerformanceInsightsReader.builder(RESOURCE).region("us-east-1")
                .environment(env::get).systemProperties(name -> null);
        assertThatThrownBy(fromEnv::build).hasMessage("the AWS_ENDPOINT_URL_PI environment variable 'localhost:4566'"
                + " is not an http or https URL; expected e.g. https://pi.us-east-1.amazonaws.com or"
                + " http://127.0.0.1:4566");
        env.put("AWS_ENDPOINT_URL_PI", "http://bad host");
        assertThatThrownBy(fromEnv::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the AWS_ENDPOINT_URL_PI environment variable is not a URL (");

        assertThatThrownBy(() -> b.endpoint(URI.create("ftp://pi.example.com")))
                .hasMessageContaining("endpoint 'ftp://pi.example.com' is not an http or https URL");
        assertThatThrownBy(() -> b.endpoint(URI.create("http:///path"))).hasMessageContaining("has no host");
        assertThatThrownBy(() -> b.endpoint(URI.create("http://h/?a=b"))).hasMessageContaining("query or fragment");
        assertThatThrownBy(() -> b.endpoint(URI.create("https://me:" + SECRET + "@pi.example.com")))
                .hasMessage("endpoint must not carry user info (user:password@); expected e.g."
                        + " https://pi.us-east-1.amazonaws.com")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    private static List<String> regionAndEndpoint(PerformanceInsightsReader.Builder b) {
        try (PerformanceInsightsReader r = b.build()) {
            return List.of(r.region(), r.endpoint().toString());
        }
    }

    @Test
    void otherBuilderInputIsChecked() {
        PerformanceInsightsReader.Builder b = PerformanceInsightsReader.builder(RESOURCE);
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessage("timeout must be positive, not PT0S");
        assertThatThrownBy(() -> b.timeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.timeout(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.credentials(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.endpoint(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.region(null)).hasMessage("region is missing; expected a region name like"
                + " us-east-1");
    }

    @Test
    void aClosedReaderRefusesCallsAndNamesNoSecret() {
        assertThat(reader.toString()).isEqualTo("PerformanceInsightsReader[" + RESOURCE + ", " + REGION + ", "
                + pi.endpoint() + "/]");
        reader.close();
        reader.close();
        assertThat(reader.toString()).endsWith(", closed]").doesNotContain(SECRET).doesNotContain("AKID");
        assertThatThrownBy(() -> reader.topKeys(DimensionGroup.USER, T0, T0.plusSeconds(60), 1))
                .isInstanceOf(IllegalStateException.class).hasMessageEndingWith(" is closed");
        assertThat(pi.requests()).isEmpty();
    }

    @Test
    void theDefaultCredentialsChainIsUsedWhenNoneIsGiven() {
        Map<String, String> env = Map.of();
        try (PerformanceInsightsReader defaults = PerformanceInsightsReader.builder(RESOURCE).region(REGION)
                .endpoint(pi.endpoint()).environment(env::get).systemProperties(name -> null).build()) {
            // the chain reads the real environment; whatever it finds or not, the reader was built and closes
            assertThat(defaults.toString()).startsWith("PerformanceInsightsReader[" + RESOURCE);
        }
    }

    // --------------------------------------------------------------------------------- without the AWS SDK

    @Test
    void withoutTheSdkBuildFailsNamingTheThreeArtifacts() throws Exception {
        URL mainClasses = PerformanceInsightsReader.class.getProtectionDomain().getCodeSource().getLocation();
        URL testClasses = NoSdkApplication.class.getProtectionDomain().getCodeSource().getLocation();
        // core's classes and the application alone, over the JDK: no SDK, as in an application that did not add it
        try (URLClassLoader plain = new URLClassLoader(new URL[] {mainClasses, testClasses},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> Class.forName(
                    "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider", false, plain))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> app = Class.forName(NoSdkApplication.class.getName(), true, plain);
            assertThat(app.getMethod("build").invoke(null)).isEqualTo("java.lang.IllegalStateException:"
                    + " PerformanceInsightsReader needs the AWS SDK for Java v2 modules software.amazon.awssdk:auth,"
                    + " software.amazon.awssdk:http-auth-aws and software.amazon.awssdk:json-utils on the classpath"
                    + " (software.amazon.awssdk:auth is missing: class"
                    + " software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider not found); expected those"
                    + " dependencies (version from software.amazon.awssdk:bom), which aurora-kit-core declares"
                    + " optional");
        }
    }

    @Test
    void bodiesAreUtf8Json() {
        byte[] body = PiRequests.describeDimensionKeys("db-X", LoadQuery.of(DimensionGroup.DATABASE, T0,
                T0.plusSeconds(60), 60, 3), "t\u00e9");
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"ServiceType\":\"RDS\",\"Identifier\":\"db-X\",\"StartTime\":1780671600,"
                + "\"EndTime\":1780671660,\"PeriodInSeconds\":60,\"Metric\":\"db.load.avg\",\"GroupBy\":{\"Group\":"
                + "\"db\",\"Limit\":3},\"NextToken\":\"t\u00e9\"}");
        List<String> fields = new ArrayList<>(JsonNodeParser.create().parse(body).asObject().keySet());
        assertThat(fields).hasSize(8);
    }
}
