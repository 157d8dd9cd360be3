package io.github.lookernats.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.nats.StreamProvisioner;
import io.github.lookernats.bridge.support.BridgeWiring;
import io.github.lookernats.bridge.support.JetStreamProbe;
import io.github.lookernats.bridge.support.NatsTestCluster;
import io.github.lookernats.bridge.support.RouteRuns;
import io.github.lookernats.camel.errors.DeadLetterWriter;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A three-node NATS cluster on loopback, the bridge's streams with three replicas: the node the bridge is connected
 * to crashes in the middle of a large run, and the run still stores every row exactly once, then its summary.
 */
@SpringBootTest(properties = {"camel.main.routes-include-pattern=classpath:routes/cluster.camel.yaml",
        "bridge.nats.streams.events.replicas=3", "bridge.nats.streams.dead-letter.replicas=3",
        "bridge.nats.streams.audit.replicas=3", "bridge.nats.publish-timeout=3s"})
@DirtiesContext
class NatsClusterFailoverTest {

    static final int ROWS = 60_000;
    static final NatsTestCluster CLUSTER = NatsTestCluster.start(3);
    static final LookerEmulator LOOKER = LookerEmulator.start().rowCount("3", ROWS);

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        BridgeWiring.register(registry, CLUSTER.urls(), LOOKER);
        // a leader election takes a few seconds: keep re-publishing unacknowledged events meanwhile
        registry.add("bridge.dead-letter.retries", () -> "8");
        registry.add("bridge.dead-letter.retry-delay", () -> "500ms");
    }

    @Autowired
    CamelContext camel;

    @Autowired
    Connection nats;

    @Autowired
    StreamProvisioner streams;

    @AfterAll
    static void shutDown() {
        LOOKER.close();
        CLUSTER.close();
    }

    @Test
    void theConnectedNodeCrashingMidRunLosesAndDuplicatesNothing() throws Exception {
        Awaitility.await("streams with three replicas").atMost(Duration.ofSeconds(60)).until(() -> streams.problem() == null);
        int connected = CLUSTER.nodeOf(nats.getConnectedUrl());
        assertThat(connected).as("connected to a node of the cluster").isNotNegative();
        int survivor = (connected + 1) % 3;

        try (JetStreamProbe probe = new JetStreamProbe(CLUSTER.url(survivor))) {
            CompletableFuture<Exchange> run = CompletableFuture.supplyAsync(() -> RouteRuns.runOnce(camel, "cluster-look"));
            Awaitility.await("rows arriving").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> run.isDone() || probe.count("LOOKER_EVENTS", "looker.thelook.cluster.row") >= ROWS / 6);
            assertThat(run).as("still running when the node goes").isNotDone();
            CLUSTER.kill(connected);

            Exchange done = run.get(180, TimeUnit.SECONDS);
            assertThat(done.getException()).isNull();
            assertThat(done.getProperty(DeadLetterWriter.STORED)).as("not dead-lettered").isNull();
            assertThat(CLUSTER.nodeOf(nats.getConnectedUrl())).as("reconnected to another node").isNotEqualTo(connected);
            assertThat(probe.count("LOOKER_EVENTS", "looker.thelook.cluster.row")).as("every row once").isEqualTo(ROWS);
            assertThat(probe.count("LOOKER_EVENTS", "looker.thelook.cluster.summary")).isEqualTo(1);

            CLUSTER.restart(connected);
            try (JetStreamProbe back = new JetStreamProbe(CLUSTER.url(connected))) {
                Awaitility.await("the node back with the stream").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> back.count("LOOKER_EVENTS", "looker.thelook.cluster.row") == ROWS);
            }
        }
    }
}
