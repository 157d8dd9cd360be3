package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.camel.errors.DeadLetterFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import io.github.lookernats.camel.audit.DeliveryAudit;
import io.github.lookernats.camel.looker.LookerConsumer;
import io.github.lookernats.camel.looker.LookerEndpoint;
import io.github.lookernats.camel.looker.PollSpec;
import io.github.lookernats.bridge.push.DeliveryRequest;
import io.github.lookernats.bridge.push.DeliveryRoutes;
import io.github.lookernats.bridge.push.PushProperties;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a dead letter's input through the pipeline again: a poll is run once more, a delivery is delivered again,
 * with its original webhook id and one more attempt counted. Success removes the dead letter; a new failure stores
 * a new dead letter with the new error (and the old one is removed), so a letter is never replayed into two.
 * Replaying twice stores nothing twice: event ids come from the content.
 */
@Component
public class DeadLetterReplayer {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplayer.class);

    /** What a replay did: {@code replayed}, {@code failed-again} (new letter stored) or {@code error}. */
    public record Outcome(long sequence, String route, String outcome, String error) {}

    private final DeadLetterStore store;
    private final ProducerTemplate camel;
    private final ObjectMapper mapper;
    private final PushProperties push;

    public DeadLetterReplayer(DeadLetterStore store, ProducerTemplate camel, ObjectMapper mapper, PushProperties push) {
        this.store = store;
        this.camel = camel;
        this.mapper = mapper;
        this.push = push;
    }

    public Outcome replay(DeadLetterStore.Letter letter) {
        String route = letter.body().path("route").asText();
        int attempts = letter.body().path("attempts").asInt(1);
        try {
            JsonNode input = store.input(letter);
            boolean published = switch (input.path("kind").asText()) {
                case "poll" -> replayPoll(route, input, attempts);
                case "delivery" -> replayDelivery(route, input, attempts);
                default -> throw new IllegalStateException("dead letter " + letter.sequence() + " has no replayable input");
            };
            store.remove(letter);
            LOG.info("Dead letter {} of {} replayed: {}", letter.sequence(), route, published ? "published" : "failed again, stored anew");
            return new Outcome(letter.sequence(), route, published ? "replayed" : "failed-again", null);
        } catch (Exception e) {
            LOG.warn("Dead letter {} of {} could not be replayed and is kept: {}", letter.sequence(), route, e.toString());
            return new Outcome(letter.sequence(), route, "error", e.getMessage());
        }
    }

    /**
     * Runs the letter's input (the Look or query as the failed run asked for it) through its route again, now: the
     * route's steps (a team's filters and masks) apply to the replay as they did to the run.
     */
    private boolean replayPoll(String route, JsonNode input, int attempts) {
        Route running = camel.getCamelContext().getRoute(route);
        if (running == null || !(running.getConsumer() instanceof LookerConsumer consumer)) {
            throw new IllegalStateException("route '" + route + "' does not start from a looker endpoint (any more); "
                    + "its runs are replayed through the route");
        }
        if (!camel.getCamelContext().getRouteController().getRouteStatus(route).isStarted()) {
            throw new IllegalStateException("route '" + route + "' is not running; start it to replay its runs");
        }
        LookerEndpoint source = camel.getCamelContext().getEndpoint(PollSpec.fromReference(input).endpointUri(null),
                LookerEndpoint.class);
        Exchange done = consumer.run(source.newRun(route),
                Map.of(DeadLetterFactory.PREVIOUS_ATTEMPTS, attempts, DeliveryAudit.REPLAY, true));
        throwIfNotStored(done);
        return done.getProperty(Exchange.EXCEPTION_CAUGHT) == null && done.getException() == null;
    }

    /**
     * The replay failed and not even its new dead letter could be stored: keep the old one. A failed run's
     * exchange carries no exception when Camel's dead-letter channel handled it, so the letter's own flag decides.
     */
    private static void throwIfNotStored(Exchange done) {
        // stored is stored: a failure after the new letter went in (its audit record, say) must not keep the old one too
        if (Boolean.TRUE.equals(done.getProperty(DeadLetterRoutes.STORED, Boolean.class))) {
            return;
        }
        if (done.getException() != null) {
            throw new IllegalStateException("replay failed and its new dead letter was not stored: " + done.getException().getMessage(),
                    done.getException());
        }
        if (done.getProperty(Exchange.EXCEPTION_CAUGHT) != null
                && !Boolean.TRUE.equals(done.getProperty(DeadLetterRoutes.STORED, Boolean.class))) {
            throw new IllegalStateException("replay failed and its new dead letter was not stored", 
                    done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        }
    }

    private boolean replayDelivery(String route, JsonNode input, int attempts) throws Exception {
        if (input.path("redacted").isArray() && !input.path("redacted").isEmpty()) {
            // replaying would publish "[redacted]" where Looker sent a value: refuse, and keep the letter
            throw new IllegalStateException("the delivery was stored without " + input.path("redacted")
                    + " (secrets and one-time tokens are not kept); have Looker send it again");
        }
        byte[] body = input.has("delivery") ? mapper.writeValueAsBytes(input.get("delivery"))
                : input.has("bodyBase64") ? java.util.Base64.getDecoder().decode(input.path("bodyBase64").asString())
                : input.path("body").asString().getBytes(StandardCharsets.UTF_8);
        String actionName = input.path("action").asText(null);
        PushProperties.Action action = actionName == null ? null : push.actionHub().effectiveActions().stream()
                .filter(a -> a.name().equals(actionName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("action '" + actionName + "' is no longer configured"));
        DeliveryRequest request = new DeliveryRequest(route, body, input.path("webhookId").asText(null), action);
        Exchange done = camel.send(DeliveryRoutes.DELIVERY, exchange -> {
            exchange.setProperty(DeliveryRequest.PROPERTY, request);
            exchange.setProperty(DeadLetterFactory.PREVIOUS_ATTEMPTS, attempts);
            exchange.setProperty(DeliveryAudit.REPLAY, true);
        });
        if (done.getException() instanceof io.github.lookernats.bridge.push.DeliveryRejectedException) {
            return false; // rejected again, and stored again
        }
        throwIfNotStored(done);
        return "published".equals(done.getProperty(DeliveryRoutes.OUTCOME, String.class));
    }


}
