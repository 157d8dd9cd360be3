package io.github.lookernats.bridge.dev;

import io.github.lookernats.bridge.BridgeApplication;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * The embedded default ({@code mvn spring-boot:test-run}): a local nats-server from PATH, the Looker emulator, and the
 * bridge polling the Looks in {@code routes/}. Summaries and dead letters are printed as they arrive. Test scope only:
 * none of this is in the production jar.
 */
public final class DevBridge {

    private static final Logger LOG = LoggerFactory.getLogger("dev-bridge");
    static final int NATS_PORT = Integer.getInteger("dev.nats.port", 4333);
    static final int LOOKER_PORT = Integer.getInteger("dev.looker.port", 19999);
    /** Actuator and the dead-letter admin endpoints, off the push port as in the Kubernetes manifests. */
    static final int MANAGEMENT_PORT = Integer.getInteger("dev.management.port", 8081);
    static final String DEV_SECRET = "dev-secret";

    private DevBridge() {}

    public static void main(String[] args) throws Exception {
        NatsTestServer nats = startNats();
        LookerEmulator looker = LookerEmulator.start(LOOKER_PORT);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            looker.close();
            nats.close();
        }));
        List<String> arguments = new ArrayList<>(List.of(
                "--bridge.looker.base-url=" + looker.baseUrl(),
                "--bridge.looker.client-id=" + looker.clientId(),
                "--bridge.looker.client-secret=" + looker.clientSecret(),
                "--bridge.nats.servers=" + nats.url(),
                "--bridge.push.webhook.token=" + DEV_SECRET,
                "--bridge.push.action-hub.secret=" + DEV_SECRET,
                "--management.server.port=" + MANAGEMENT_PORT,
                "--bridge.dead-letter.admin-token=" + DEV_SECRET,
                "--bridge.identity.provider=static",
                "--bridge.identity.static-file=src/test/resources/identity/dev-directory.yaml",
                "--bridge.identity.groups[0].group=analytics-emea",
                "--bridge.identity.groups[0].team=analytics",
                "--bridge.identity.groups[0].audience=emea",
                "--bridge.identity.groups[1].group=finance",
                "--bridge.identity.groups[1].team=finance",
                "--bridge.identity.groups[1].audience=finance"));
        arguments.addAll(List.of(args));
        SpringApplication.run(BridgeApplication.class, arguments.toArray(String[]::new));
        watch(nats.url());
        LOG.info("""

                Looker emulator : {}/api/4.0   (client id {}, secret {})
                NATS            : {}   (streams LOOKER_EVENTS, LOOKER_DEAD_LETTERS)
                Watch events    : nats sub -s {} 'looker.>'   (or read the summaries printed below)
                Health, metrics : http://localhost:{}/actuator/health, /actuator/prometheus
                Dead letters    : curl -H 'Authorization: Bearer {}' http://localhost:{}/admin/dead-letters
                                  (replay: curl -X POST ... /admin/dead-letters/replay?id=<sequence>)
                Webhook         : curl -H 'X-Looker-Webhook-Token: {}' -H 'Content-Type: application/json' \
                                    --data @src/test/resources/looker-examples/webhook_look_csv_partial.json \
                                    http://localhost:8080/looker/webhook
                Action hub      : http://localhost:8080/looker/action-hub  (Authorization: Token token="{}")
                """, looker.baseUrl(), looker.clientId(), looker.clientSecret(), nats.url(), nats.url(), MANAGEMENT_PORT, DEV_SECRET,
                MANAGEMENT_PORT, DEV_SECRET, DEV_SECRET);
    }

    private static NatsTestServer startNats() {
        try {
            return NatsTestServer.start(NATS_PORT);
        } catch (IllegalStateException e) {
            LOG.error("Could not start nats-server on port {}. Install it (Debian: sudo apt-get install -y nats-server) "
                    + "and make sure it is on PATH, or pick another port with -Ddev.nats.port=...", NATS_PORT);
            throw e;
        }
    }

    /** Prints each summary and dead letter, and a running count of rows, so events are visible at once. */
    private static void watch(String url) throws Exception {
        Connection connection = Nats.connect(url);
        AtomicLong rows = new AtomicLong();
        Dispatcher dispatcher = connection.createDispatcher(message -> {
            String subject = message.getSubject();
            if (subject.endsWith(".row")) {
                rows.incrementAndGet();
            } else {
                LOG.info("{} ({} row events so far)\n  {}", subject, rows.get(), new String(message.getData(), StandardCharsets.UTF_8));
            }
        });
        dispatcher.subscribe("looker.>");
        dispatcher.subscribe("looker-dlq.>");
    }
}
