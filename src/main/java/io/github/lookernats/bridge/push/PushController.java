package io.github.lookernats.bridge.push;

import io.github.lookernats.camel.looker.client.RejectedInputException;
import io.github.lookernats.bridge.secrets.RotatingSecret;
import io.github.lookernats.bridge.secrets.SecretFiles;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.run.ResultRun;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.Exchange;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.telemetry.RunScope;
import io.github.lookernats.camel.telemetry.RunTelemetry;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Looker's two push paths: the built-in webhook destination, and the Action Hub (list, form, execute). HTTP
 * concerns live here (auth, size, content type, status codes); the delivery itself runs through the Camel route
 * {@link DeliveryRoutes#DELIVERY} and is answered only once its outcome is known.
 */
@RestController
public class PushController {

    private static final Logger LOG = LoggerFactory.getLogger(PushController.class);
    /** Refusals: anyone can cause them, so they are rate-limited and their request values neutralised. */
    private static final RefusalLog REFUSALS = new RefusalLog(LOG, 60);
    private static final String WEBHOOK = "${bridge.push.webhook.path:/looker/webhook}";
    private static final String HUB = "${bridge.push.action-hub.path:/looker/action-hub}";

    private final PushProperties properties;
    private final ProducerTemplate camel;
    private final ObjectMapper mapper;
    private final DeliveryRunner runner;
    private final RunTelemetry telemetry;

    private final DeliveryAdmission admission;
    private final RotatingSecret webhookToken;
    private final RotatingSecret hubSecret;

    public PushController(PushProperties properties, ProducerTemplate camel, ObjectMapper mapper, MeterRegistry meters,
            SecretFiles secrets, DeliveryRunner runner, RunTelemetry telemetry) {
        this.properties = properties;
        this.runner = runner;
        this.telemetry = telemetry;
        // both accept the value they replaced for a while: Looker is switched by hand, not at the same second
        this.webhookToken = secrets.secretWithGrace("LOOKER_WEBHOOK_TOKEN", "bridge.push.webhook.token", properties.webhook().token());
        this.hubSecret = secrets.secretWithGrace("ACTION_HUB_SECRET", "bridge.push.action-hub.secret", properties.actionHub().secret());
        this.camel = camel;
        this.mapper = mapper;
        this.admission = new DeliveryAdmission(properties.limits().bytesInProgress(), meters);
    }

    @PostMapping(path = WEBHOOK, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> webhook(HttpServletRequest request) throws IOException {
        PushProperties.Webhook webhook = properties.webhook();
        if (!webhookToken.isSet()) {
            return error(404, "the webhook destination is not configured (bridge.push.webhook.token)", request);
        }
        String token = Optional.ofNullable(request.getHeader("X-Looker-Webhook-Token"))
                .orElseGet(() -> PushRequests.actionHubToken(request.getHeader("Authorization")));
        boolean instanceOk = webhook.instance() == null || webhook.instance().isBlank()
                || PushRequests.sameSecret(request.getHeader("X-Looker-Instance"), webhook.instance());
        if (!webhookToken.matches(token) || !instanceOk) {
            REFUSALS.warn("Webhook delivery refused from {}: {}", request.getRemoteAddr(),
                    token == null ? "no token" : instanceOk ? "wrong token" : "wrong X-Looker-Instance");
            ObjectNode body = mapper.createObjectNode();
            body.putObject("looker").put("success", false);
            body.put("reason", "Invalid authorization headers.");
            return ResponseEntity.status(401).body(body);
        }
        return deliver(request, "looker-webhook", null, false);
    }

    @PostMapping(path = HUB, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> actionList(HttpServletRequest request) {
        return hubCall(request, () -> {
            ObjectNode list = mapper.createObjectNode();
            list.put("label", properties.actionHub().label());
            ArrayNode integrations = list.putArray("integrations");
            properties.actionHub().effectiveActions().forEach(action -> integrations.add(integration(action)));
            return ResponseEntity.ok(list);
        });
    }

    @PostMapping(path = HUB + "/actions/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> action(@PathVariable String name, HttpServletRequest request) {
        return hubCall(request, () -> find(name).map(action -> ResponseEntity.ok(integration(action)))
                .orElseGet(() -> unknownAction(name, request)));
    }

    @PostMapping(path = HUB + "/actions/{name}/form", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> form(@PathVariable String name, HttpServletRequest request) {
        return hubCall(request, () -> find(name).<ResponseEntity<?>>map(action -> ResponseEntity.ok(form(action)))
                .orElseGet(() -> unknownAction(name, request)));
    }

    @PostMapping(path = HUB + "/actions/{name}/execute", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<ObjectNode> execute(@PathVariable String name, HttpServletRequest request) {
        return hubCall(request, () -> {
            Optional<PushProperties.Action> action = find(name);
            if (action.isEmpty()) {
                return unknownAction(name, request);
            }
            return deliver(request, "action-" + name, action.get(), true);
        });
    }

    /** Runs the delivery and answers once every event is acknowledged, or the delivery is dead-lettered. */
    private ResponseEntity<ObjectNode> deliver(HttpServletRequest request, String routeId, PushProperties.Action action,
            boolean actionApi) throws IOException {
        if (!PushRequests.isJson(request.getContentType())) {
            return error(415, "expected Content-Type application/json, got " + request.getContentType(), request);
        }
        long maxBody = properties.effectiveMaxBodySize();
        long declared = request.getContentLengthLong();
        long reservation = declared >= 0 ? Math.min(declared, maxBody + 1) : maxBody;
        if (!admission.tryAdmit(reservation)) {
            REFUSALS.warn("{} refused: deliveries in progress hold the memory budget (bridge.push.limits.max-bytes-in-progress)",
                    request.getRequestURI());
            ResponseEntity<ObjectNode> busy = error(429, "too many deliveries in progress; retry later", request);
            return ResponseEntity.status(429).header("Retry-After", "10").body(busy.getBody());
        }
        try {
            return admitted(request, routeId, action, actionApi, maxBody);
        } finally {
            admission.release(reservation);
        }
    }

    private ResponseEntity<ObjectNode> admitted(HttpServletRequest request, String routeId, PushProperties.Action action,
            boolean actionApi, long maxBody) throws IOException {
        byte[] body;
        try {
            body = PushRequests.boundedBody(request, maxBody);
        } catch (DeliveryRejectedException tooLarge) {
            return error(tooLarge.status(), tooLarge.getMessage(), request);
        }
        DeliveryRequest delivery = new DeliveryRequest(routeId, body, request.getHeader("X-Looker-Webhook-Id"), action);
        ResultRun run = runner.newRun(delivery);
        Exchange done;
        // a child of the HTTP request's span: a traceparent Looker (or a proxy) sent continues into NATS
        try (RunScope observed = telemetry.startRun(run, "push")) {
            done = camel.send(DeliveryRoutes.DELIVERY, exchange -> {
                exchange.setProperty(DeliveryRequest.PROPERTY, delivery);
                exchange.setProperty(ResultRun.PROPERTY, run);
            });
            observed.ended(done);
        }
        Exception failure = done.getException();
        if (failure instanceof DeliveryRejectedException rejected) {
            return error(rejected.status(), rejected.getMessage() + " (the delivery was stored in the dead-letter stream)", request);
        }
        if (failure != null) {
            LOG.error("Delivery to {} could not be published nor dead-lettered: {}", routeId, RefusalLog.safe(failure));
            return actionApi ? actionResult(503, false, "not stored, please retry: " + failure.getMessage())
                    : error(503, "not stored, please retry: " + failure.getMessage(), request);
        }
        if ("dead-lettered".equals(done.getProperty(DeliveryRoutes.OUTCOME, String.class))) {
            Exception cause = done.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
            String message = "not published; stored in the dead-letter stream: " + (cause == null ? "" : cause.getMessage());
            RejectedInputException rejected = RejectedInputException.in(cause);
            if (rejected != null) {
                // the input is at fault: a 4xx, so Looker does not send the same delivery again
                return error(rejected.status(), rejected.getMessage() + " (the delivery was stored in the dead-letter stream)", request);
            }
            LOG.warn("Delivery to {} dead-lettered: {}", routeId, RefusalLog.safe(message));
            if (actionApi) {
                return actionResult(200, false, message);
            }
            ObjectNode answer = mapper.createObjectNode();
            answer.putObject("looker").put("success", false).put("message", message);
            answer.put("deadLettered", true);
            return ResponseEntity.status(202).body(answer);
        }
        long events = run.rows().rowCount() + 1;
        LOG.debug("Delivery to {} published as {} events", routeId, events); // the pipeline logs each run at INFO
        if (actionApi) {
            return actionResult(200, true, null);
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.putObject("looker").put("success", true);
        answer.put("events", events);
        return ResponseEntity.ok(answer);
    }

    private <T> ResponseEntity<T> hubCall(HttpServletRequest request, HubCall<T> call) {
        if (!hubSecret.isSet()) {
            return cast(error(404, "the action hub is not configured (bridge.push.action-hub.secret)", request));
        }
        if (!hubSecret.matches(PushRequests.actionHubToken(request.getHeader("Authorization")))) {
            REFUSALS.warn("Action Hub call to {} refused from {}: missing or wrong Authorization header",
                    request.getRequestURI(), request.getRemoteAddr());
            ObjectNode body = mapper.createObjectNode();
            body.put("success", false);
            body.put("error", "Invalid 'Authorization' header.");
            return cast(ResponseEntity.status(403).body(body));
        }
        try {
            return call.answer();
        } catch (IOException e) {
            return cast(error(400, "could not read the request: " + e.getMessage(), request));
        }
    }

    private ObjectNode integration(PushProperties.Action action) {
        String base = Optional.ofNullable(properties.actionHub().publicUrl()).filter(url -> !url.isBlank())
                .orElseGet(() -> ServletUriComponentsBuilder.fromCurrentContextPath().toUriString())
                .replaceAll("/+$", "") + properties.actionHub().path() + "/actions/" + action.name();
        ObjectNode integration = mapper.createObjectNode();
        integration.put("name", action.name());
        integration.put("label", action.label());
        integration.put("description", action.description());
        integration.put("url", base + "/execute");
        integration.put("form_url", base + "/form");
        integration.set("supported_action_types", mapper.valueToTree(action.supportedActionTypes()));
        integration.set("supported_formats", mapper.valueToTree(action.supportedFormats()));
        integration.set("supported_formattings", mapper.createArrayNode().add("unformatted"));
        integration.set("supported_visualization_formattings", mapper.createArrayNode().add("noapply"));
        integration.set("supported_download_settings", mapper.valueToTree(action.supportedDownloadSettings()));
        integration.putArray("params");
        integration.putArray("required_fields");
        integration.put("uses_oauth", false);
        integration.put("delegate_oauth", false);
        return integration;
    }

    /**
     * Lets the user pick the subject tokens for results that have no query (dashboards, cells), among the pairs the
     * action's configuration allows: a form value is user input, and free tokens would let any Looker user publish
     * into any model's subjects.
     */
    private ArrayNode form(PushProperties.Action action) {
        ArrayNode fields = mapper.createArrayNode();
        if (action.subjects().isEmpty()) {
            return fields;
        }
        ObjectNode subject = fields.addObject().put("name", DeliveryRunner.FORM_SUBJECT).put("label", "NATS subject")
                .put("description", "Model and explore tokens of the subjects, for results without a query")
                .put("type", "select").put("required", false);
        ArrayNode options = subject.putArray("options");
        action.subjects().forEach(pair -> options.addObject().put("name", pair.name()).put("label", pair.name()));
        return fields;
    }

    private Optional<PushProperties.Action> find(String name) {
        return properties.actionHub().effectiveActions().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private <T> ResponseEntity<T> unknownAction(String name, HttpServletRequest request) {
        return cast(error(404, "unknown action '" + name + "'", request));
    }

    private ResponseEntity<ObjectNode> actionResult(int status, boolean success, String message) {
        ObjectNode body = mapper.createObjectNode();
        ObjectNode looker = body.putObject("looker");
        if (message != null) {
            looker.put("message", message);
        }
        looker.put("refresh_query", false);
        looker.put("success", success);
        looker.putObject("validation_errors");
        return ResponseEntity.status(status).body(body);
    }

    private ResponseEntity<ObjectNode> error(int status, String message, HttpServletRequest request) {
        REFUSALS.warn("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(), status, message);
        ObjectNode body = mapper.createObjectNode();
        body.put("success", false);
        body.put("error", message);
        return ResponseEntity.status(status).body(body);
    }

    @SuppressWarnings("unchecked")
    private static <T> ResponseEntity<T> cast(ResponseEntity<?> response) {
        return (ResponseEntity<T>) response;
    }

    @FunctionalInterface
    private interface HubCall<T> {
        ResponseEntity<T> answer() throws IOException;
    }
}
