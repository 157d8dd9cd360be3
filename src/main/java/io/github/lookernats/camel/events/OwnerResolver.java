package io.github.lookernats.camel.events;

import org.apache.camel.Exchange;

/**
 * Finds who owns a run's result and sets it on the run ({@code ResultRun.identity}) before any event is made. The
 * bridge application resolves owners through its identity provider; without one, events carry no identity.
 */
@FunctionalInterface
public interface OwnerResolver {

    /** Leaves the run without an identity. */
    OwnerResolver NONE = exchange -> { };

    /** Throws when the owner cannot be resolved now; the run then fails before anything is published. */
    void resolve(Exchange exchange) throws Exception;
}
