package io.github.lookernats.bridge.nats;

import io.github.lookernats.bridge.secrets.SecretFiles;
import io.github.lookernats.camel.nats.JetStreamPublisher;
import io.github.lookernats.camel.nats.PublishSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One named NATS connection for the whole bridge: events, dead letters, replay and health share it.
 */
@Configuration(proxyBeanMethods = false)
public class NatsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConfiguration.class);

    @Bean
    StreamProvisioner streamProvisioner(NatsProperties properties, java.util.List<AdditionalStreams> additional) {
        return new StreamProvisioner(properties, additional);
    }

    @Bean(destroyMethod = "close")
    Connection natsConnection(NatsProperties properties, SslBundles sslBundles, StreamProvisioner provisioner,
            SecretFiles secrets)
            throws IOException, InterruptedException, NoSuchAlgorithmException {
        Options.Builder options = new Options.Builder()
                .servers(properties.servers().toArray(String[]::new))
                .connectionName(properties.connectionName())
                .inboxPrefix(properties.inboxPrefix())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionTimeout(properties.connectTimeout())
                .pingInterval(properties.pingInterval())
                .maxPingsOut(2)
                .connectionListener(logAndProvision(provisioner));
        Consumer<Connection> rotation = Auth.apply(properties, options, secrets);
        if (properties.tls().bundle() != null && !properties.tls().bundle().isBlank()) {
            options.sslContext(sslBundles.getBundle(properties.tls().bundle()).createSslContext());
        } else if (properties.tls().enabled()) {
            options.secure();
        }
        // Keep running when NATS is down at start-up: the health check reports it and jnats keeps reconnecting.
        Connection connection = Nats.connectReconnectOnConnect(options.build());
        rotation.accept(connection);
        awaitFirstConnection(connection, properties.connectTimeout());
        if (connection.getStatus() == Connection.Status.CONNECTED) {
            try {
                provisioner.provision(connection);
            } catch (RuntimeException e) {
                connection.close();
                throw e;
            }
        } else {
            LOG.warn("NATS at {} is not reachable yet; the bridge keeps trying and creates its streams once connected",
                    NatsUrls.masked(properties.servers()));
        }
        return connection;
    }

    /** {@code bridge_nats_connected}: 1 while connected, for the alert on a lost connection. */
    @Bean
    MeterBinder natsConnectionMetrics(Connection natsConnection) {
        return meters -> Gauge.builder("bridge.nats.connected", natsConnection,
                        live -> live.getStatus() == Connection.Status.CONNECTED ? 1 : 0)
                .description("1 while the bridge is connected to NATS").register(meters);
    }

    @Bean
    JetStreamPublisher jetStreamPublisher(Connection natsConnection, NatsProperties properties,
            io.github.lookernats.bridge.deadletter.DeadLetterProperties deadLetters, io.micrometer.core.instrument.MeterRegistry meters)
            throws IOException {
        return new JetStreamPublisher(natsConnection, new PublishSettings(properties.maxInFlight(),
                properties.publishTimeout(), deadLetters.retries(), deadLetters.retryDelay()), meters);
    }

    private static ConnectionListener logAndProvision(StreamProvisioner provisioner) {
        return (connection, event) -> {
            LOG.info("NATS connection event: {}", event);
            if (event == ConnectionListener.Events.RECONNECTED
                    || event == ConnectionListener.Events.CONNECTED) {
                provisioner.provisionLater(connection);
            }
        };
    }

    private static void awaitFirstConnection(Connection connection, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connection.getStatus() != Connection.Status.CONNECTED && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
