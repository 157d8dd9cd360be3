package io.github.lookernats.bridge.access;

import java.util.List;

/**
 * NATS subject permissions, as allow lists: what a connection may publish to and subscribe to. Everything else is
 * denied by the server.
 *
 * @param publish subjects the user may publish to (JetStream API requests and acks among them)
 * @param subscribe subjects the user may subscribe to
 */
public record TeamPermissions(List<String> publish, List<String> subscribe) {}
