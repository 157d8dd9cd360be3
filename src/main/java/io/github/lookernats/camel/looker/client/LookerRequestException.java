package io.github.lookernats.camel.looker.client;

/** Looker rejected the request (4xx other than 429, or a 401 that a fresh login did not cure): retrying cannot help. */
public class LookerRequestException extends LookerApiException {

    public LookerRequestException(int status, String message) {
        super(status, message, null);
    }
}
