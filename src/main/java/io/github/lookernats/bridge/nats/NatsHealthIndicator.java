package io.github.lookernats.bridge.nats;

import io.nats.client.Connection;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP when the shared connection is connected and both JetStream streams are in place. */
@Component("nats")
public class NatsHealthIndicator extends AbstractHealthIndicator {

    private final Connection connection;
    private final StreamProvisioner provisioner;
    private final NatsProperties properties;

    public NatsHealthIndicator(Connection natsConnection, StreamProvisioner provisioner, NatsProperties properties) {
        super("NATS health check failed");
        this.connection = natsConnection;
        this.provisioner = provisioner;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Connection.Status status = connection.getStatus();
        builder.withDetail("status", status.name())
                .withDetail("server", String.valueOf(NatsUrls.masked(connection.getConnectedUrl())))
                .withDetail("eventStream", properties.streams().events().name())
                .withDetail("deadLetterStream", properties.streams().deadLetter().name());
        if (provisioner.problem() != null) {
            builder.withDetail("streams", provisioner.problem());
        }
        if (status == Connection.Status.CONNECTED && provisioner.problem() == null) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
