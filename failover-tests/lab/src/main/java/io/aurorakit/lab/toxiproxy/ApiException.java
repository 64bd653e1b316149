package io.aurorakit.lab.toxiproxy;

import java.util.List;

/** A failed API call: the HTTP status and the message Toxiproxy puts in {@code {"error":...,"status":...}}. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    static final String PROXY_NOT_FOUND = "proxy not found";
    static final String PROXY_EXISTS = "proxy already exists";
    static final String TOXIC_NOT_FOUND = "toxic not found";
    static final String TOXIC_EXISTS = "toxic already exists";
    static final String INVALID_STREAM = "stream was invalid, can be either upstream or downstream";
    static final String INVALID_TOXIC_TYPE = "invalid toxic type";

    private final int status;
    /** For POST /populate: the proxies created before the failure (Toxiproxy returns them with the error). */
    private final transient List<ProxyState> proxies;

    ApiException(int status, String message) {
        this(status, message, null);
    }

    ApiException(int status, String message, List<ProxyState> proxies) {
        super(message, null, false, false);
        this.status = status;
        this.proxies = proxies;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    static ApiException internal(String message) {
        return new ApiException(500, message);
    }

    ApiException withProxies(List<ProxyState> created) {
        return new ApiException(status, getMessage(), List.copyOf(created));
    }

    int status() {
        return status;
    }

    /** The proxies created before a populate failure, or null when this is not a populate failure. */
    List<ProxyState> proxies() {
        return proxies;
    }
}
