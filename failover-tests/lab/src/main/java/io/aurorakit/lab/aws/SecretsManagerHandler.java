package io.aurorakit.lab.aws;

import java.math.BigDecimal;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets Manager's JSON 1.1 protocol ({@code X-Amz-Target: secretsmanager.GetSecretValue}): {@code GetSecretValue}
 * of the lab's one secret by name or ARN, its {@code AWSCURRENT} version only. Errors are
 * {@code {"__type":"ResourceNotFoundException","Message":...}} with HTTP 400, as Secrets Manager sends them.
 */
final class SecretsManagerHandler {

    static final String TARGET_PREFIX = "secretsmanager.";
    static final String CONTENT_TYPE = JsonReplies.CONTENT_TYPE;
    private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretBackend backend;

    SecretsManagerHandler(SecretBackend backend) {
        this.backend = backend;
    }

    /** Handles one request; never throws. */
    HttpReply handle(String target, String body) {
        String requestId = UUID.randomUUID().toString();
        String operation = target.substring(TARGET_PREFIX.length());
        try {
            if (!"GetSecretValue".equals(operation)) {
                return error(requestId, "UnknownOperationException", "The lab's Secrets Manager implements "
                        + "GetSecretValue only, not " + operation + ".");
            }
            if (backend == null) {
                return error(requestId, "ResourceNotFoundException", "Secrets Manager can't find the specified "
                        + "secret.");
            }
            JsonNode request = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            return getSecretValue(requestId, request);
        } catch (JsonProcessingException e) {
            return error(requestId, "SerializationException", "The request body is not JSON: "
                    + e.getOriginalMessage());
        } catch (RuntimeException e) {
            LOG.warn("Secrets Manager {} failed", operation, e);
            return JsonReplies.error(500, requestId, "InternalServiceError",
                    "The lab failed to handle " + operation + ": " + e);
        }
    }

    private HttpReply getSecretValue(String requestId, JsonNode request) {
        String secretId = request.path("SecretId").asText("");
        if (secretId.isEmpty()) {
            return error(requestId, "InvalidParameterException", "You must specify SecretId.");
        }
        SecretSnapshot secret = backend.current();
        if (!secretId.equals(secret.name()) && !secretId.equals(secret.arn())) {
            return error(requestId, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        String versionId = request.path("VersionId").asText("");
        String stage = request.path("VersionStage").asText("");
        if (!versionId.isEmpty() && !versionId.equals(secret.versionId())) {
            return error(requestId, "ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                    + "value for VersionId: " + versionId);
        }
        if (!stage.isEmpty() && !"AWSCURRENT".equals(stage)) {
            return error(requestId, "ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                    + "value for staging label: " + stage);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("ARN", secret.arn());
        out.put("Name", secret.name());
        out.put("VersionId", secret.versionId());
        out.put("SecretString", secret.secretString());
        out.putArray("VersionStages").add("AWSCURRENT");
        out.put("CreatedDate", BigDecimal.valueOf(secret.createdDate().toEpochMilli()).movePointLeft(3));
        return JsonReplies.reply(200, requestId, out);
    }

    private static HttpReply error(String requestId, String type, String message) {
        LOG.debug("Secrets Manager -> 400 {}: {}", type, message);
        return JsonReplies.error(400, requestId, type, message);
    }


}
