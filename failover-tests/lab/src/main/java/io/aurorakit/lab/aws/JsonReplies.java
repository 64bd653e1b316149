package io.aurorakit.lab.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Replies of AWS's JSON 1.1 protocol, as Secrets Manager and Performance Insights send them: a JSON body with
 * {@code Content-Type: application/x-amz-json-1.1}; an error is {@code {"__type": ..., "Message": ...}}.
 */
final class JsonReplies {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonReplies() {
    }

    /** A reply with {@code body}. */
    static HttpReply reply(int status, String requestId, JsonNode body) {
        try {
            return new HttpReply(status, CONTENT_TYPE, requestId,
                    JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An error reply: {@code {"__type": type, "Message": message}}. */
    static HttpReply error(int status, String requestId, String type, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("__type", type);
        body.put("Message", message);
        return reply(status, requestId, body);
    }
}
