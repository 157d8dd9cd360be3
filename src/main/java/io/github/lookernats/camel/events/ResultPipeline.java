package io.github.lookernats.camel.events;

import io.github.lookernats.camel.run.ResultRun;
import org.apache.camel.Exchange;

/**
 * What {@code looker-events:publish} does with a run. The bridge application provides the pipeline bound to its
 * configuration: the owner's identity, one CloudEvent per row published with a window of JetStream acks in flight,
 * the summary once every row is acknowledged, and the run's audit record.
 */
public interface ResultPipeline {

    /**
     * Publishes the whole run, or throws. A failure before any event was published (Looker could not be read, say)
     * is thrown as it is, so the route may retry it; a failure after that is a
     * {@link io.github.lookernats.camel.run.RunIncompleteException}, and no summary is published.
     */
    void publish(Exchange exchange, ResultRun run) throws Exception;
}
