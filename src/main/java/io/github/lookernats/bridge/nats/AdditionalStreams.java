package io.github.lookernats.bridge.nats;

import io.nats.client.api.StreamConfiguration;
import java.util.List;

/** Streams another capability needs besides the bridge's own; {@link StreamProvisioner} makes them too. */
@FunctionalInterface
public interface AdditionalStreams {

    List<StreamConfiguration> streams();
}
