package io.aurorakit.lab.aws;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RDS Query protocol's envelope: the request's {@code Action}, then either
 * {@code <{Op}Response xmlns=...><{Op}Result>...</{Op}Result><ResponseMetadata><RequestId>} (the result first: the
 * AWS SDK for Java v2 takes the root's first child as the result) or an {@code <ErrorResponse>} with the fault's HTTP
 * status.
 */
final class RdsQueryHandler {

    static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";
    static final String VERSION = "2014-10-31";
    private static final Logger LOG = LoggerFactory.getLogger(RdsQueryHandler.class);

    private final RdsOperations operations;

    RdsQueryHandler(ClusterBackend backend) {
        this.operations = new RdsOperations(backend);
    }

    /** Handles one request; never throws. */
    HttpReply handle(String query, String body) {
        String requestId = UUID.randomUUID().toString();
        String action = null;
        try {
            QueryRequest request = QueryRequest.parse(query, body);
            action = request.get("Action");
            if (action == null) {
                throw RdsFault.missingAction();
            }
            if (!RdsOperations.ACTIONS.contains(action)) {
                throw RdsFault.invalidAction(action);
            }
            String version = request.get("Version");
            if (version != null && !VERSION.equals(version)) {
                throw RdsFault.invalidParameterValue("Version " + version + " is not supported; the lab speaks RDS API "
                        + "version " + VERSION + ".");
            }
            Xml result = new Xml().open(action + "Result");
            operations.run(action, request, result);
            result.close(action + "Result");
            String xml = new Xml().open(action + "Response", NAMESPACE) + result.toString()
                    + new Xml().open("ResponseMetadata").leaf("RequestId", requestId).close("ResponseMetadata")
                    .close(action + "Response");
            LOG.debug("RDS {} -> 200", action);
            return xml(200, requestId, xml);
        } catch (RdsFault fault) {
            LOG.debug("RDS {} -> {} {}: {}", action, fault.status(), fault.code(), fault.getMessage());
            return error(requestId, fault);
        } catch (RuntimeException e) {
            LOG.warn("RDS {} failed", action, e);
            return error(requestId, RdsFault.internal("The lab failed to handle " + action + ": " + e));
        }
    }

    private static HttpReply error(String requestId, RdsFault fault) {
        String xml = new Xml().open("ErrorResponse", NAMESPACE).open("Error")
                .leaf("Type", fault.status() >= 500 ? "Receiver" : "Sender")
                .leaf("Code", fault.code())
                .leaf("Message", fault.getMessage())
                .close("Error")
                .leaf("RequestId", requestId)
                .close("ErrorResponse").toString();
        return xml(fault.status(), requestId, xml);
    }

    private static HttpReply xml(int status, String requestId, String xml) {
        return new HttpReply(status, "text/xml", requestId, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml)
                .getBytes(StandardCharsets.UTF_8));
    }
}
