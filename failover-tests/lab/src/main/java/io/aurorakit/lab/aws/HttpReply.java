package io.aurorakit.lab.aws;

/** A response to write: status, content type, request id (header {@code x-amzn-RequestId}) and body. */
record HttpReply(int status, String contentType, String requestId, byte[] body) {
}
