package io.github.lookernats.bridge.dev;

import io.github.lookernats.bridge.BridgeApplication;
import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.NatsTestServer;
import io.nats.client.Connection;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.MessageHandler;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

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
        // defaults just below the environment: the variables application.yaml's placeholders read (NATS_URL, ...)
        // and the settings it leaves out. A command-line argument, a system property or an environment variable
        // replaces one (as arguments, a second value of a list would be joined to this one)
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("LOOKER_BASE_URL", looker.baseUrl());
        defaults.put("LOOKER_CLIENT_ID", looker.clientId());
        defaults.put("LOOKER_CLIENT_SECRET", looker.clientSecret());
        defaults.put("NATS_URL", nats.url());
        defaults.put("LOOKER_WEBHOOK_TOKEN", DEV_SECRET);
        defaults.put("ACTION_HUB_SECRET", DEV_SECRET);
        defaults.put("management.server.port", MANAGEMENT_PORT);
        defaults.put("DEAD_LETTER_ADMIN_TOKEN", DEV_SECRET);
        defaults.put("IDENTITY_PROVIDER", "static");
        defaults.put("IDENTITY_STATIC_FILE", "src/test/resources/identity/dev-directory.yaml");
        defaults.put("bridge.identity.groups[0].group", "analytics-emea");
        defaults.put("bridge.identity.groups[0].team", "analytics");
        defaults.put("bridge.identity.groups[0].audience", "emea");
        defaults.put("bridge.identity.groups[1].group", "finance");
        defaults.put("bridge.identity.groups[1].team", "finance");
        defaults.put("bridge.identity.groups[1].audience", "finance");
        SpringApplication application = new SpringApplication(BridgeApplication.class);
        application.addInitializers(context -> context.getEnvironment().getPropertySources()
                .addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new MapPropertySource("dev-bridge", defaults)));
        // each span as a log line (dev.print-spans=false to stop); OTEL_EXPORTER_OTLP_ENDPOINT sends them to a collector
        application.addInitializers(context -> {
            if (context.getEnvironment().getProperty("dev.print-spans", Boolean.class, true)) {
                context.getBeanFactory().registerSingleton("printedSpans", LoggingSpanExporter.create());
            }
        });
        Environment environment = application.run(args).getEnvironment();
        String natsUrl = environment.getProperty("bridge.nats.servers", nats.url()).split(",")[0];
        watch(natsUrl);
        LOG.info("""

                Looker emulator : {}/api/4.0   (client id {}, secret {})
                NATS            : {}   (streams LOOKER_EVENTS, LOOKER_DEAD_LETTERS)
                Watch events    : nats sub -s {} 'looker.>'   (or read the summaries printed below)
                Health, metrics : http://localhost:{}/actuator/health, /actuator/prometheus
                Traces          : each span printed as a LoggingSpanExporter line (-Ddev.print-spans=false to stop;
                                  OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 sends them to a collector)
                Dead letters    : curl -H 'Authorization: Bearer {}' http://localhost:{}/admin/dead-letters
                                  (replay: curl -X POST ... /admin/dead-letters/replay?id=<sequence>)
                Webhook         : curl -H 'X-Looker-Webhook-Token: {}' -H 'Content-Type: application/json' \
                                    --data @src/test/resources/looker-examples/webhook_look_csv_partial.json \
                                    http://localhost:8080/looker/webhook
                Action hub      : http://localhost:8080/looker/action-hub  (Authorization: Token token="{}")
                """, environment.getProperty("bridge.looker.base-url"), looker.clientId(), looker.clientSecret(), natsUrl, natsUrl,
                environment.getProperty("management.server.port"), DEV_SECRET,
                environment.getProperty("management.server.port"), DEV_SECRET, DEV_SECRET);
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

    /**
     * Prints each summary and dead letter, and a running count of rows, so events are visible at once. It reads the
     * streams, not the subjects: a core subscription would also count the events JetStream dropped as duplicates.
     */
    private static void watch(String url) throws Exception {
        Connection connection = Nats.connect(url);
        JetStream jetStream = connection.jetStream();
        AtomicLong rows = new AtomicLong();
        Dispatcher dispatcher = connection.createDispatcher();
        MessageHandler print = message -> {
            String subject = message.getSubject();
            if (subject.endsWith(".row")) {
                rows.incrementAndGet();
            } else {
                LOG.info("{} ({} rows stored so far)\n  {}", subject, rows.get(), new String(message.getData(), StandardCharsets.UTF_8));
            }
        };
        // ordered consumers from now on: what the streams stored, each message once
        PushSubscribeOptions fromNow = PushSubscribeOptions.builder().ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build()).build();
        jetStream.subscribe("looker.>", dispatcher, print, false, fromNow);
        jetStream.subscribe("looker-dlq.>", dispatcher, print, false, fromNow);
    }
}
