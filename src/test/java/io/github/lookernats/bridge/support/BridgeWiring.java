package io.github.lookernats.bridge.support;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a test's bridge at its own nats-server and Looker emulator, with short retries so failures show fast. */
public final class BridgeWiring {

    public static final String PUSH_SECRET = "test-push-secret";

    private BridgeWiring() {}

    public static void register(DynamicPropertyRegistry registry, NatsTestServer nats, LookerEmulator looker) {
        register(registry, nats.url(), looker);
    }

    /** @param natsUrls one server's URL, or a cluster's, comma-separated */
    public static void register(DynamicPropertyRegistry registry, String natsUrls, LookerEmulator looker) {
        registry.add("bridge.looker.base-url", looker::baseUrl);
        registry.add("bridge.looker.client-id", looker::clientId);
        registry.add("bridge.looker.client-secret", looker::clientSecret);
        registry.add("bridge.looker.retry.max-redeliveries", () -> "2");
        registry.add("bridge.looker.retry.initial-delay", () -> "100ms");
        registry.add("bridge.looker.retry.max-delay", () -> "5s");
        registry.add("bridge.nats.servers", () -> natsUrls);
        registry.add("bridge.dead-letter.retries", () -> "1");
        registry.add("bridge.dead-letter.retry-delay", () -> "100ms");
        registry.add("bridge.push.webhook.token", () -> PUSH_SECRET);
        registry.add("bridge.push.action-hub.secret", () -> PUSH_SECRET);
    }
}
