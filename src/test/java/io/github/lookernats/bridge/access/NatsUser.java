package io.github.lookernats.bridge.access;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/** A connection with issued credentials, as a consumer would open it (the inbox prefix of the answer), and its errors. */
final class NatsUser implements AutoCloseable {

    private final Connection connection;
    private final List<String> errors;

    private NatsUser(Connection connection, List<String> errors) {
        this.connection = connection;
        this.errors = errors;
    }

    static NatsUser connect(String url, Issued creds) throws IOException, InterruptedException {
        List<String> errors = new CopyOnWriteArrayList<>();
        Options options = Options.builder().server(url)
                .authHandler(Nats.staticCredentials(creds.body().getBytes(StandardCharsets.UTF_8)))
                .inboxPrefix(creds.inboxPrefix())
                .maxReconnects(0)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                })
                .build();
        return new NatsUser(Nats.connect(options), errors);
    }

    Connection connection() {
        return connection;
    }

    List<String> errors() {
        return errors;
    }

    JetStreamManagement jsm(Duration timeout) throws IOException {
        return connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(timeout).build());
    }

    /** Waits for the server's error, e.g. a permissions violation (sent asynchronously, as {@code -ERR}). */
    void awaitError(String expected) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> errors.stream().anyMatch(error -> error.contains(expected)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no server error '" + expected + "'; errors were " + errors, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
