package io.github.lookernats.camel.looker;

import java.time.Instant;

/**
 * Where a route's scheduled fire times go when several replicas share the routes: each replica proposes every fire
 * time, and the queue runs each once, on one of them, through {@link LookerConsumer#run(java.util.Map)}. Without a
 * queue a replica runs its fire times itself.
 */
@FunctionalInterface
public interface RunQueue {

    /** Exchange property of a queued run: the fire time it was proposed for. */
    String FIRE_TIME = "bridgeFireTime";

    /** Proposes the route's run for this fire time; throws when the proposal could not be stored. */
    void propose(String routeId, Instant fireTime) throws Exception;
}
