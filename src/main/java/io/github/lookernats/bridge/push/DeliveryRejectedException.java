package io.github.lookernats.bridge.push;

/** A delivery the bridge cannot turn into events; {@link #status()} is the HTTP status to answer with. */
public class DeliveryRejectedException extends RuntimeException {

    private final int status;

    public DeliveryRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static DeliveryRejectedException malformed(String message) {
        return new DeliveryRejectedException(400, message);
    }

    static DeliveryRejectedException unsupported(String message) {
        return new DeliveryRejectedException(422, message);
    }
}
