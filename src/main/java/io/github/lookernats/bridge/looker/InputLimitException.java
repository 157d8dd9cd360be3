package io.github.lookernats.bridge.looker;

/**
 * Input went past one of the bridge's limits (size, columns, entries). The input is at fault, so a push gets a 4xx
 * ({@link #status()}) and the delivery is dead-lettered; nothing is retried.
 */
public class InputLimitException extends LookerResultException {

    private final int status;

    public InputLimitException(int status, String message) {
        super(message, null);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The limit exception in a failure's cause chain, or null. */
    public static InputLimitException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InputLimitException limit) {
                return limit;
            }
        }
        return null;
    }
}
