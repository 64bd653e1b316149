package io.aurorakit.lab.toxiproxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Toxiproxy's JSON: renders proxies, toxics and errors with every field present and in Toxiproxy's order, and decodes
 * request bodies the way Go's encoding/json does (field names case-insensitive, unknown fields ignored, wrong types
 * rejected as "bad request body").
 */
final class ApiJson {
    private final ObjectMapper mapper = new ObjectMapper();

    byte[] proxy(ProxyState proxy) {
        return bytes(proxyNode(proxy));
    }

    /** GET /proxies: an object keyed by name, in the (sorted) order given. */
    byte[] proxies(List<ProxyState> proxies) {
        ObjectNode node = mapper.createObjectNode();
        proxies.forEach(proxy -> node.set(proxy.name(), proxyNode(proxy)));
        return bytes(node);
    }

    byte[] populated(List<ProxyState> proxies) {
        ObjectNode node = mapper.createObjectNode();
        node.set("proxies", proxyArray(proxies));
        return bytes(node);
    }

    byte[] toxic(ToxicSpec toxic) {
        return bytes(toxicNode(toxic));
    }

    byte[] toxics(List<ToxicSpec> toxics) {
        ArrayNode array = mapper.createArrayNode();
        toxics.forEach(toxic -> array.add(toxicNode(toxic)));
        return bytes(array);
    }

    byte[] version(String version) {
        ObjectNode node = mapper.createObjectNode();
        node.put("version", version);
        return bytes(node);
    }

    byte[] error(int status, String message, List<ProxyState> proxies) {
        ObjectNode node = mapper.createObjectNode();
        node.put("error", message);
        node.put("status", status);
        if (proxies != null) {
            node.set("proxies", proxyArray(proxies));
        }
        return bytes(node);
    }

    private ArrayNode proxyArray(List<ProxyState> proxies) {
        ArrayNode array = mapper.createArrayNode();
        proxies.forEach(proxy -> array.add(proxyNode(proxy)));
        return array;
    }

    private ObjectNode proxyNode(ProxyState proxy) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", proxy.name());
        node.put("listen", proxy.listen());
        node.put("upstream", proxy.upstream());
        node.put("enabled", proxy.enabled());
        ArrayNode toxics = node.putArray("toxics");
        proxy.toxics().forEach(toxic -> toxics.add(toxicNode(toxic)));
        return node;
    }

    private ObjectNode toxicNode(ToxicSpec toxic) {
        ObjectNode node = mapper.createObjectNode();
        ObjectNode attributes = node.putObject("attributes");
        toxic.attributes().forEach(attributes::put);
        node.put("name", toxic.name());
        node.put("type", toxic.type().wireName());
        node.put("stream", toxic.stream());
        float toxicity = toxic.toxicity();
        if (toxicity == Math.rint(toxicity) && Math.abs(toxicity) < 1e9) {
            node.put("toxicity", (long) toxicity);
        } else {
            node.put("toxicity", toxicity);
        }
        return node;
    }

    private byte[] bytes(JsonNode node) {
        try {
            return (mapper.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + node, e);
        }
    }

    // ---- decoding ----

    ProxyRequest proxyRequest(byte[] body) throws ApiException {
        return proxyRequest(object(parse(body)));
    }

    List<ProxyRequest> populateRequest(byte[] body) throws ApiException {
        JsonNode root = parse(body);
        if (root.isNull()) {
            return List.of();
        }
        if (!root.isArray()) {
            throw badBody("cannot unmarshal " + kind(root) + " into a list of proxies");
        }
        List<ProxyRequest> requests = new ArrayList<>();
        for (JsonNode element : root) {
            requests.add(proxyRequest(object(element)));
        }
        return requests;
    }

    ToxicRequest toxicRequest(byte[] body) throws ApiException {
        ObjectNode node = object(parse(body));
        JsonNode toxicity = field(node, "toxicity");
        Float toxicityValue = null;
        if (toxicity != null) {
            if (!toxicity.isNumber()) {
                throw badBody("cannot unmarshal " + kind(toxicity) + " into field toxicity of type float32");
            }
            toxicityValue = toxicity.floatValue();
        }
        return new ToxicRequest(string(node, "name"), string(node, "type"), string(node, "stream"), toxicityValue,
                attributes(node));
    }

    private ProxyRequest proxyRequest(ObjectNode node) throws ApiException {
        JsonNode enabled = field(node, "enabled");
        if (enabled != null && !enabled.isBoolean()) {
            throw badBody("cannot unmarshal " + kind(enabled) + " into field enabled of type bool");
        }
        return new ProxyRequest(string(node, "name"), string(node, "listen"), string(node, "upstream"),
                enabled == null ? null : enabled.booleanValue());
    }

    private Map<String, Long> attributes(ObjectNode node) throws ApiException {
        JsonNode attributes = field(node, "attributes");
        if (attributes == null) {
            return null;
        }
        if (!attributes.isObject()) {
            throw badBody("cannot unmarshal " + kind(attributes) + " into field attributes");
        }
        Map<String, Long> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : attributes.properties()) {
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw badBody("cannot unmarshal " + value + " into attribute " + entry.getKey() + " of type int64");
            }
            values.put(entry.getKey().toLowerCase(Locale.ROOT), value.longValue());
        }
        return values;
    }

    private JsonNode parse(byte[] body) throws ApiException {
        if (body.length == 0) {
            throw badBody("EOF");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw badBody("EOF");
            }
            return node;
        } catch (IOException e) {
            throw badBody(String.valueOf(e.getMessage()).lines().findFirst().orElse("invalid JSON"));
        }
    }

    private static ObjectNode object(JsonNode node) throws ApiException {
        if (!node.isObject()) {
            throw badBody("cannot unmarshal " + kind(node) + " into an object");
        }
        return (ObjectNode) node;
    }

    /** A field by name, matched case-insensitively like Go; null when absent or JSON null. */
    private static JsonNode field(ObjectNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact.isNull() ? null : exact;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue().isNull() ? null : entry.getValue();
            }
        }
        return null;
    }

    private static String string(ObjectNode node, String name) throws ApiException {
        JsonNode value = field(node, name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw badBody("cannot unmarshal " + kind(value) + " into field " + name + " of type string");
        }
        return value.textValue();
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static ApiException badBody(String reason) {
        return ApiException.badRequest("bad request body: " + reason);
    }
}
