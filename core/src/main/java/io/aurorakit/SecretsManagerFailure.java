package io.aurorakit;

import java.sql.SQLException;
import java.util.Properties;

/**
 * Explains the AWS wrapper's {@code awsSecretsManager} failures. The wrapper says only "Was not able to either fetch
 * or read the database credentials from AWS Secrets Manager. Ensure the correct secretId and region properties have
 * been provided." (or that the endpoint could not be reached), whatever went wrong; this names the secret, region and
 * endpoint it used and what Secrets Manager answered (the SDK's exception behind it), in one line. Not retried: a
 * missing secret or a wrong endpoint does not heal by waiting.
 */
final class SecretsManagerFailure {

    static final String SQL_STATE = "28000";

    private static final String FETCH_FAILED = "Was not able to either fetch or read the database credentials from AWS"
            + " Secrets Manager";
    private static final String ENDPOINT_FAILED = "A connection to the provided endpoint could not be established";

    private SecretsManagerFailure() {
    }

    /** The explained failure, or null when {@code failure} is not one of the wrapper's Secrets Manager failures. */
    static SQLException explain(SQLException failure, Properties wrapperProperties) {
        String message = failure.getMessage();
        if (message == null || !(message.startsWith(FETCH_FAILED) || message.startsWith(ENDPOINT_FAILED))) {
            return null;
        }
        String answer = failure.getCause() == null || failure.getCause().getMessage() == null ? message
                : failure.getCause().getMessage();
        String endpoint = wrapperProperties.getProperty("secretsManagerEndpoint");
        SQLException explained = new SQLException("AWS Secrets Manager did not give the database credentials for"
                + " secretsManagerSecretId='" + wrapperProperties.getProperty("secretsManagerSecretId")
                + "' (secretsManagerRegion=" + wrapperProperties.getProperty("secretsManagerRegion", "us-east-1 or the"
                + " ARN's") + (endpoint == null ? "" : ", secretsManagerEndpoint=" + endpoint) + "): "
                + answer.lines().findFirst().orElse("").trim() + "; expected an existing secret with username and"
                + " password keys, readable with the standard AWS credential chain", SQL_STATE, failure);
        return explained;
    }
}
