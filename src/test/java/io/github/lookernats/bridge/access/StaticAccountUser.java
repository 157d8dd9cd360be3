package io.github.lookernats.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.ErrorListener;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.StreamContext;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A connection as one user of the generated accounts, with explicit checks of what the server allows it and what it
 * refuses. A refusal is proven by the server's own "Permissions Violation" error for that subject.
 */
final class StaticAccountUser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Connection connection;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private StaticAccountUser(String url, String user, String password, String inboxPrefix) throws Exception {
        ErrorListener listener = new ErrorListener() {
            @Override
            public void errorOccurred(Connection conn, String error) {
                errors.add(error);
            }
        };
        this.connection = Nats.connect(new Options.Builder().server(url).userInfo(user, password)
                .inboxPrefix(inboxPrefix).connectionName(user).errorListener(listener).build());
    }

    /** A team's user, with the inbox prefix its permissions allow. */
    static StaticAccountUser team(String url, String team, String password) throws Exception {
        String user = StaticAccounts.teamUser(team);
        return new StaticAccountUser(url, user, password, "_INBOX." + user);
    }

    Connection connection() {
        return connection;
    }

    /** Subscribes, runs what publishes, and returns the subjects of the first {@code expected} messages. */
    List<String> receive(String subject, int expected, Runnable publishing) throws Exception {
        Subscription subscription = connection.subscribe(subject);
        connection.flush(WAIT);
        publishing.run();
        List<String> subjects = new ArrayList<>();
        while (subjects.size() < expected) {
            Message message = subscription.nextMessage(WAIT);
            assertThat(message).as("message %d of %d on %s", subjects.size() + 1, expected, subject).isNotNull();
            subjects.add(message.getSubject());
        }
        subscription.unsubscribe();
        assertRefusedNothing();
        return subjects;
    }

    /** Pulls and acks {@code expected} messages from a stream through an ephemeral consumer, deleted afterwards. */
    List<Message> pull(String stream, String filter, int expected) throws Exception {
        StreamContext context = connection.getStreamContext(stream);
        ConsumerContext consumer = context.createOrUpdateConsumer(ConsumerConfiguration.builder()
                .filterSubject(filter).ackPolicy(AckPolicy.Explicit).build());
        List<Message> messages = new ArrayList<>();
        try (FetchConsumer fetch = consumer.fetch(FetchConsumeOptions.builder().maxMessages(expected)
                .expiresIn(WAIT.toMillis()).build())) {
            Message message;
            while ((message = fetch.nextMessage()) != null) {
                message.ack();
                messages.add(message);
            }
        } finally {
            context.deleteConsumer(consumer.getConsumerName());
        }
        assertRefusedNothing();
        return messages;
    }

    void assertSubscribeRefused(String subject) throws Exception {
        Subscription subscription = connection.subscribe(subject);
        connection.flush(WAIT);
        awaitRefusal("Subscription", Pattern.quote(subject));
        subscription.unsubscribe();
    }

    void assertPublishRefused(String subject) throws Exception {
        connection.publish(subject, "{}".getBytes(StandardCharsets.UTF_8));
        connection.flush(WAIT);
        awaitRefusal("Publish", Pattern.quote(subject));
    }

    /**
     * Creating this consumer is refused: the API request gets no answer and the server names the API subject it
     * refused. jnats names every consumer on nats-server 2.9 and later, so the subject is
     * {@code $JS.API.CONSUMER.CREATE.<stream>.<name>} (with {@code .<filter>} where the server knows that form).
     */
    void assertConsumerRefused(String stream, ConsumerConfiguration consumer) throws Exception {
        var jsm = connection.jetStreamManagement(JetStreamOptions.builder().requestTimeout(Duration.ofSeconds(2)).build());
        assertThatThrownBy(() -> jsm.addOrUpdateConsumer(stream, consumer))
                .as("consumer %s on %s", consumer.getDurable(), stream).isInstanceOf(IOException.class);
        awaitRefusal("Publish", Pattern.quote("$JS.API.CONSUMER.CREATE." + stream + ".") + "[^.]+(\\..+)?");
    }

    /** A JetStream API request sent as is (e.g. to a 2.9 API subject that jnats no longer uses) is refused. */
    void assertRequestRefused(String subject, String body) throws Exception {
        assertThat(connection.request(subject, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2)))
                .as("answer to %s", subject).isNull();
        awaitRefusal("Publish", Pattern.quote(subject));
    }

    void assertRefusedNothing() throws Exception {
        connection.flush(WAIT);
        assertThat(errors).as("errors the server sent this user").isEmpty();
    }

    /** Waits for the server's refusal of a subject matching {@code subjectPattern}, and takes it off the list. */
    private void awaitRefusal(String kind, String subjectPattern) {
        Pattern expected = Pattern.compile("Permissions Violation for " + kind + " to \"" + subjectPattern + "\"",
                Pattern.CASE_INSENSITIVE);
        Awaitility.await(expected.pattern()).atMost(WAIT).untilAsserted(() -> assertThat(errors)
                .as("errors the server sent this user").anyMatch(error -> expected.matcher(error).matches()));
        errors.removeIf(error -> expected.matcher(error).matches());
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
