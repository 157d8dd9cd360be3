package io.github.lookernats.bridge.emulator;

import java.util.List;

/** An error answer in Looker's {@code Error} or {@code ValidationError} shape. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What real servers send with 401; it is not the per-endpoint documentation pattern. */
    static final String AUTH_DOCUMENTATION_URL = "https://cloud.google.com/looker/docs/";

    /** One entry of {@code ValidationError.errors}. */
    record FieldError(String field, String code, String message) {
    }

    private final int status;
    private final String documentationUrl;
    private final List<FieldError> errors;

    private ApiException(int status, String message, String documentationUrl, List<FieldError> errors) {
        super(message, null, false, false);
        this.status = status;
        this.documentationUrl = documentationUrl;
        this.errors = errors;
    }

    /** Error body with the standard message for {@code status}. */
    static ApiException status(int status) {
        if (status == 401) {
            return new ApiException(401, standardMessage(401), AUTH_DOCUMENTATION_URL, List.of());
        }
        return new ApiException(status, standardMessage(status), null, List.of());
    }

    static ApiException unauthorized() {
        return status(401);
    }

    static ApiException notFound() {
        return status(404);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message, null, List.of());
    }

    static ApiException validationFailed(List<FieldError> errors) {
        return new ApiException(422, standardMessage(422), null, List.copyOf(errors));
    }

    static String standardMessage(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Requires authentication.";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 409 -> "Resource Already Exists";
            case 422 -> "Validation Failed";
            case 429 -> "Rate Limit Exceeded";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    int status() {
        return status;
    }

    /** Fixed documentation URL, or {@code null} to derive it from the route as Looker does. */
    String documentationUrl() {
        return documentationUrl;
    }

    List<FieldError> errors() {
        return errors;
    }
}
