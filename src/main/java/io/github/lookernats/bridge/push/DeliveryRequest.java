package io.github.lookernats.bridge.push;

/**
 * A pushed delivery as it arrived.
 *
 * @param routeId names the run, its logs and dead letters: {@code looker-webhook} or {@code action-<name>}
 * @param body the request body (bounded by {@code bridge.push.max-body-size})
 * @param webhookId Looker's {@code X-Looker-Webhook-Id}, or null
 * @param action the Action Hub action, or null for the webhook destination
 */
public record DeliveryRequest(String routeId, byte[] body, String webhookId, PushProperties.Action action) {

    /** Exchange property holding the request. */
    public static final String PROPERTY = "bridgeDelivery";
}
