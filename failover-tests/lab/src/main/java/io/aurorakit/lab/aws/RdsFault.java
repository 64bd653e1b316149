package io.aurorakit.lab.aws;

/** An RDS error response: {@code <ErrorResponse><Error><Type>Sender</Type><Code>..} with its HTTP status. */
final class RdsFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;

    private RdsFault(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    static RdsFault clusterNotFound(String id) {
        return new RdsFault("DBClusterNotFoundFault", 404, "DBCluster " + id + " not found.");
    }

    static RdsFault instanceNotFound(String id) {
        return new RdsFault("DBInstanceNotFound", 404, "DBInstance " + id + " not found.");
    }

    static RdsFault invalidClusterState(String message) {
        return new RdsFault("InvalidDBClusterStateFault", 400, message);
    }

    static RdsFault invalidInstanceState(String message) {
        return new RdsFault("InvalidDBInstanceState", 400, message);
    }

    static RdsFault invalidParameterValue(String message) {
        return new RdsFault("InvalidParameterValue", 400, message);
    }

    static RdsFault invalidParameterCombination(String message) {
        return new RdsFault("InvalidParameterCombination", 400, message);
    }

    static RdsFault missingParameter(String name) {
        return new RdsFault("MissingParameter", 400, "The request must contain the parameter " + name + ".");
    }

    static RdsFault invalidAction(String action) {
        return new RdsFault("InvalidAction", 400, "The action " + action + " is not valid for this web service.");
    }

    static RdsFault missingAction() {
        return new RdsFault("MissingAction", 400, "The request must contain the parameter Action.");
    }

    static RdsFault internal(String message) {
        return new RdsFault("InternalFailure", 500, message);
    }
}
