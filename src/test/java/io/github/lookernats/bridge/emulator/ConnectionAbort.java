package io.github.lookernats.bridge.emulator;

/**
 * Thrown out of the HTTP handler to make the JDK server drop the socket. The server only closes the connection
 * this way; closing the exchange instead would write the final chunk and make a cut body look complete.
 */
final class ConnectionAbort extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ConnectionAbort() {
        super("connection dropped on purpose", null, false, false);
    }
}
