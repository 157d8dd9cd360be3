package io.github.lookernats.bridge.nats;

import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.ForceReconnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the connection to new credentials. Events in flight are safe across the switch: what was published but not
 * yet acknowledged times out and is published again with the same {@code Nats-Msg-Id} (JetStreamPublisher), so
 * JetStream keeps it once; what is published during the reconnect waits in jnats' reconnect buffer.
 */
final class CredentialRotation {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRotation.class);
    /** Sends what is buffered before the old connection is closed, so fewer acks are lost with it. */
    private static final ForceReconnectOptions FLUSH_FIRST = ForceReconnectOptions.builder().flush(Duration.ofSeconds(2)).build();

    private CredentialRotation() {}

    static void reconnect(Connection connection, String setting) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            LOG.info("{} changed while NATS is not connected: the next reconnect uses the new credentials", setting);
            return;
        }
        LOG.info("{} changed: reconnecting to NATS with the new credentials", setting);
        try {
            connection.forceReconnect(FLUSH_FIRST);
        } catch (IOException e) {
            LOG.warn("Reconnecting to NATS after {} changed failed ({}); jnats keeps trying", setting, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the file the way jnats will at the next connect and fails with a message naming the file and what is
     * wrong, never its content (jnats' own messages are not passed on for that reason).
     */
    static void check(AuthHandler handler, Path file, String setting, boolean creds) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalStateException(setting + ": " + file + (Files.exists(file) ? " is not a readable file" : " does not exist"));
        }
        try {
            char[] id = handler.getID();
            char[] jwt = creds ? handler.getJWT() : null;
            if (id == null || id.length == 0 || (creds && (jwt == null || jwt.length == 0))) {
                throw new IllegalStateException("empty");
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(setting + ": " + file + (creds
                    ? " does not hold a user JWT and a user NKey seed in the format of a .creds file written by nsc"
                    : " does not hold an NKey seed (SU...)"));
        }
    }
}
