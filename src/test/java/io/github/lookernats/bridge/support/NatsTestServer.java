package io.github.lookernats.bridge.support;

import io.nats.NatsServerRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;

/** A real nats-server with JetStream, started from PATH by jnats-server-runner, storing in its own temp dir. */
public final class NatsTestServer implements AutoCloseable {

    private final NatsServerRunner runner;
    /** The store this class created, deleted on close (and at JVM exit, if close is never reached); null when the caller owns it. */
    private final Path ownedStore;

    private NatsTestServer(NatsServerRunner runner, Path ownedStore) {
        this.runner = runner;
        this.ownedStore = ownedStore;
    }

    public static NatsTestServer start() {
        return start(null);
    }

    /** @param port fixed port, or null for a free one */
    public static NatsTestServer start(Integer port) {
        return start(port, List.of());
    }

    /** A server whose configuration gets these extra lines, e.g. {@code authorization { token: "t" }}. */
    public static NatsTestServer withConfig(String... configLines) {
        return start(null, List.of(configLines));
    }

    /** A server on a fixed port keeping JetStream data in {@code store}: restart it there and the streams survive. */
    public static NatsTestServer restartable(int port, Path store) {
        return start(port, List.of(), store);
    }

    private static NatsTestServer start(Integer port, List<String> configLines) {
        try {
            Path store = Files.createTempDirectory("bridge-js-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFiles.deleteRecursively(store)));
            return start(port, configLines, store, store);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node of a cluster: fixed port, its own store (kept across restarts), its cluster configuration lines. */
    static NatsTestServer clusterNode(int port, Path store, List<String> configLines) {
        return start(port, configLines, store);
    }

    /** Kills the server process at once (SIGKILL), as a crashed node; {@link #close()} is still needed. */
    public void kill() {
        signal("-KILL");
    }

    private static NatsTestServer start(Integer port, List<String> configLines, Path store) {
        return start(port, configLines, store, null);
    }

    private static NatsTestServer start(Integer port, List<String> configLines, Path store, Path ownedStore) {
        try {
            NatsServerRunner.Builder builder = NatsServerRunner.builder()
                    .jetstream()
                    .customArgs(List.of("-sd", store.toString()))
                    .outputLevel(Level.WARNING);
            if (!configLines.isEmpty()) {
                builder.configInserts(configLines);
            }
            if (port != null) {
                builder.port(port);
            }
            return new NatsTestServer(builder.build(), ownedStore);
        } catch (IOException e) {
            TempFiles.deleteRecursively(ownedStore);
            throw new IllegalStateException("Could not start nats-server: is `nats-server` on PATH? "
                    + "(Debian: apt-get install -y nats-server) — " + e.getMessage(), e);
        }
    }

    public String url() {
        return runner.getURI();
    }

    public int port() {
        return runner.getPort();
    }

    /**
     * Freezes the server process (SIGSTOP): connections stay open but nothing is answered, as with a wedged server
     * or connection. Linux and macOS only; the process is found by its port or its configuration file.
     */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a paused server run again (SIGCONT). */
    public void resume() {
        signal("-CONT");
    }

    private void signal(String signal) {
        String port = Integer.toString(runner.getPort());
        String config = runner.getConfigFile();
        // the port is on the command line, or in the configuration file jnats-server-runner wrote for it
        ProcessHandle server = ProcessHandle.current().descendants()
                .filter(process -> process.info().command().orElse("").endsWith("nats-server"))
                .filter(process -> {
                    List<String> arguments = process.info().arguments().map(List::of).orElse(List.of());
                    return arguments.contains(port) || config != null && arguments.contains(config);
                })
                .findFirst().orElseThrow(() -> new IllegalStateException("no nats-server process on port " + port));
        try {
            int exit = new ProcessBuilder("kill", signal, Long.toString(server.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + server.pid() + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and waits for its process to end, so a restart on the same port and store can take over. */
    @Override
    public void close() {
        try {
            runner.shutdown(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            TempFiles.deleteRecursively(ownedStore);
        }
    }
}
