package io.github.lookernats.bridge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Real nats-servers on loopback forming one JetStream cluster (server_name, cluster routes). Each node keeps its
 * store across {@link #kill(int)} and {@link #restart(int)}, so a node can crash and come back with its streams.
 * (jnats-server-runner's cluster helper uses fixed ports from 4220, which a machine's own nats-server on 4222 takes.)
 */
public final class NatsTestCluster implements AutoCloseable {

    private final int[] ports;
    private final int[] routePorts;
    private final Path store;
    private final NatsTestServer[] nodes;

    private NatsTestCluster(int size) throws IOException {
        ports = IntStream.range(0, size).map(i -> FreePorts.next()).toArray();
        routePorts = IntStream.range(0, size).map(i -> FreePorts.next()).toArray();
        store = Files.createTempDirectory("bridge-cluster-");
        nodes = new NatsTestServer[size];
    }

    /** Starts {@code size} nodes and returns once each accepts clients (JetStream elects its leader after). */
    public static NatsTestCluster start(int size) {
        try {
            NatsTestCluster cluster = new NatsTestCluster(size);
            for (int i = 0; i < size; i++) {
                cluster.restart(i);
            }
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every node's URL, comma-separated, as bridge.nats.servers takes them. */
    public String urls() {
        return IntStream.range(0, ports.length).mapToObj(this::url).collect(Collectors.joining(","));
    }

    public String url(int node) {
        return "nats://127.0.0.1:" + ports[node];
    }

    /** The node a client connected to this URL is on, or -1. */
    public int nodeOf(String connectedUrl) {
        for (int i = 0; i < ports.length; i++) {
            if (connectedUrl != null && connectedUrl.endsWith(":" + ports[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Crashes a node (SIGKILL). */
    public void kill(int node) {
        nodes[node].kill();
        nodes[node].close();
        nodes[node] = null;
    }

    /** Starts a node again, on its port and with its store. */
    public void restart(int node) {
        List<String> config = new ArrayList<>(List.of("server_name=n" + node, "cluster {", "  name: bridge-test",
                "  listen: 127.0.0.1:" + routePorts[node], "  routes: ["));
        for (int other = 0; other < ports.length; other++) {
            if (other != node) {
                config.add("    nats-route://127.0.0.1:" + routePorts[other]);
            }
        }
        config.addAll(List.of("  ]", "}"));
        try {
            nodes[node] = NatsTestServer.clusterNode(ports[node], Files.createDirectories(store.resolve("n" + node)), config);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (NatsTestServer node : nodes) {
            if (node != null) {
                node.close();
            }
        }
        TempFiles.deleteRecursively(store);
    }
}
