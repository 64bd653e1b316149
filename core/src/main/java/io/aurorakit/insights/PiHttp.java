package io.aurorakit.insights;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * One PI endpoint spoken to in JSON 1.1: each call is a {@code POST} signed with SigV4 (signing name {@code pi}) by
 * the SDK's {@link AwsV4HttpSigner} and sent with the JDK's {@link HttpClient}. A non-2xx answer becomes a
 * {@link PerformanceInsightsException} with PI's error code, the status and PI's message.
 */
final class PiHttp {

    static final String TARGET_PREFIX = "PerformanceInsightsv20180227.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String SIGNING_NAME = "pi";

    /** Headers the JDK's client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    private static final JsonNodeParser PARSER = JsonNodeParser.create();
    private static final int SHOWN_BODY_CHARS = 200;

    private final String resourceId;
    private final String region;
    private final URI endpoint;
    private final Duration timeout;
    private final AwsCredentialsProvider credentials;
    private final boolean ownsCredentials;
    private final ExecutorService executor;
    private final HttpClient client;

    PiHttp(String resourceId, String region, URI endpoint, Duration timeout, AwsCredentialsProvider credentials) {
        this.resourceId = resourceId;
        this.region = region;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.ownsCredentials = credentials == null;
        this.credentials = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "aurora-kit-pi-http");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor).build();
    }

    /** Calls {@code operation} with {@code body}; PI's JSON answer. */
    JsonNode call(String operation, byte[] body) {
        HttpRequest request = signed(operation, body);
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new PerformanceInsightsException("Performance Insights did not answer " + operation + " for "
                    + resourceId + " within " + timeout.toMillis() + " ms (endpoint " + endpoint + ")", e);
        } catch (IOException e) {
            throw new PerformanceInsightsException("Performance Insights " + operation + " for " + resourceId
                    + " failed: could not reach " + endpoint + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PerformanceInsightsException("interrupted while waiting for Performance Insights " + operation
                    + " for " + resourceId + " (endpoint " + endpoint + ")", e);
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status / 100 != 2) {
            throw refused(operation, status, response.headers().firstValue("X-Amzn-Errortype").orElse(null), json,
                    response.body());
        }
        if (json == null || !json.isObject()) {
            throw new PerformanceInsightsException("Performance Insights answered " + operation + " for "
                    + resourceId + " (HTTP " + status + ") with something that is not a JSON object: "
                    + shown(response.body()) + " (endpoint " + endpoint + ")", null, status, null);
        }
        return json;
    }

    private HttpRequest signed(String operation, byte[] body) {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .build();
        SignedRequest signed = SIGNER.sign(SignRequest.builder(resolveCredentials(operation))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .build());
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        return request.build();
    }

    private AwsCredentials resolveCredentials(String operation) {
        try {
            return credentials.resolveCredentials();
        } catch (RuntimeException e) {
            // the SDK's messages name the providers tried, never a key
            throw new PerformanceInsightsException("no AWS credentials to sign Performance Insights " + operation
                    + " for " + resourceId + ": " + e.getMessage(), e);
        }
    }

    private PerformanceInsightsException refused(String operation, int status, String errorType, JsonNode json,
                                                 byte[] body) {
        String code = PiResponses.errorCode(errorType, json);
        String message = PiResponses.errorMessage(json);
        String detail;
        if (code != null || message != null) {
            detail = (code != null ? code : "HTTP " + status) + (message != null ? ": " + message : "");
        } else {
            detail = "HTTP " + status + (body.length > 0 ? ": " + shown(body) : "");
        }
        return new PerformanceInsightsException("Performance Insights refused " + operation + " for " + resourceId
                + ": " + detail + (code != null ? " (HTTP " + status + ")" : ""), code, status, message);
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return PARSER.parse(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() <= SHOWN_BODY_CHARS ? "'" + text + "'" : "'" + text.substring(0, SHOWN_BODY_CHARS)
                + "...' (" + body.length + " bytes)";
    }

    /** Releases the client's threads and the default credentials chain (not credentials given by the caller). */
    void close() {
        executor.shutdownNow();
        if (ownsCredentials && credentials instanceof SdkAutoCloseable) {
            ((SdkAutoCloseable) credentials).close();
        }
    }
}
