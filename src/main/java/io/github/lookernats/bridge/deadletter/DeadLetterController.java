package io.github.lookernats.bridge.deadletter;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.camel.audit.AdminRecord;
import io.github.lookernats.camel.audit.AuditTrail;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.BindException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Operators' view of the dead-letter stream: list dead letters and re-drive them, filtered by subject, time range
 * or id ({@code Nats-Msg-Id} or stream sequence), a page at a time ({@code from}, {@code max}; the answer's
 * {@code next} is where the next page starts). {@code Authorization: Bearer <bridge.dead-letter.admin-token>}.
 * <p>
 * Served by the management server only ({@code management.server.port}), never on the port that takes Looker's
 * pushes: {@link DeadLetterAdminConfiguration} registers it in the management context, and the application's
 * component scan leaves it out.
 */
@RestController
public class DeadLetterController {

    private static final String PATH = "/admin/dead-letters";
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_MAX = 100;

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final ObjectMapper mapper;
    private final AdminAuthorization authorization;
    private final AuditTrail audit;

    public DeadLetterController(DeadLetterStore store, DeadLetterReplayer replayer, ObjectMapper mapper,
            AdminAuthorization authorization, AuditTrail audit) {
        this.store = store;
        this.replayer = replayer;
        this.mapper = mapper;
        this.authorization = authorization;
        this.audit = audit;
    }

    // the filter (subject, since, until, id) is bound from the query parameters, the same for listing and replaying
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> list(@RequestHeader(name = "Authorization", required = false) String authorization,
            DeadLetterStore.Filter filter, @RequestParam(defaultValue = "1") long from,
            @RequestParam(defaultValue = "" + DEFAULT_MAX) int max) throws Exception {
        ResponseEntity<?> refused = refused(authorization, from, max);
        if (refused != null) {
            return refused;
        }
        DeadLetterStore.Page page = store.find(filter, from, max);
        // recorded before the answer: no one reads dead letters without a trace
        audit.admin(new AdminRecord("dead-letters.list", AdminAuthorization.tokenId(authorization), describe(filter, from, max),
                "ok", (long) page.letters().size()));
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode letters = answer.putArray("letters");
        for (DeadLetterStore.Letter letter : page.letters()) {
            ObjectNode item = letters.addObject();
            item.put("sequence", letter.sequence());
            item.put("subject", letter.subject());
            item.put("storedAt", letter.storedAt().toString());
            item.put("id", letter.id());
            item.set("letter", letter.body());
        }
        answer.put("next", page.next());
        return ResponseEntity.ok(answer);
    }

    @PostMapping(path = PATH + "/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> replay(@RequestHeader(name = "Authorization", required = false) String authorization,
            DeadLetterStore.Filter filter, @RequestParam(defaultValue = "1") long from,
            @RequestParam(defaultValue = "" + DEFAULT_MAX) int max) throws Exception {
        ResponseEntity<?> refused = refused(authorization, from, max);
        if (refused != null) {
            return refused;
        }
        DeadLetterStore.Page page = store.find(filter, from, max);
        // recorded before anything is replayed, so a replay never happens without a trace; each replayed run then
        // leaves its own delivery record (replayed, or dead-lettered again)
        audit.admin(new AdminRecord("dead-letters.replay", AdminAuthorization.tokenId(authorization), describe(filter, from, max),
                "requested", (long) page.letters().size()));
        List<DeadLetterReplayer.Outcome> outcomes = page.letters().stream().map(replayer::replay).toList();
        ObjectNode answer = mapper.createObjectNode();
        answer.set("outcomes", mapper.valueToTree(outcomes));
        answer.put("next", page.next());
        return ResponseEntity.ok(answer);
    }

    /** A parameter that does not parse (a time that is not an ISO instant, a number that is not one): 400, after the token. */
    @ExceptionHandler({BindException.class, MethodArgumentTypeMismatchException.class})
    public ResponseEntity<?> badParameter(HttpServletRequest request, Exception e) {
        ResponseEntity<?> refused = refused(request.getHeader("Authorization"));
        if (refused != null) {
            return refused;
        }
        String parameter = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ((BindException) e).getFieldErrors().stream().map(error -> error.getField()).findFirst().orElse("a parameter");
        return ResponseEntity.badRequest().body(error("'" + parameter + "' could not be read: since and until are ISO instants"
                + " (2026-11-24T00:00:00Z), from and max are numbers"));
    }

    private ResponseEntity<?> refused(String authorization, long from, int max) {
        ResponseEntity<?> refused = refused(authorization);
        if (refused != null) {
            return refused;
        }
        if (max < 1 || max > MAX_LIMIT) {
            return ResponseEntity.badRequest().body(error("max must be between 1 and " + MAX_LIMIT + " (default " + DEFAULT_MAX
                    + "); page on with 'from'"));
        }
        if (from < 1) {
            return ResponseEntity.badRequest().body(error("from must be a stream sequence, 1 or more"));
        }
        return null;
    }

    private ResponseEntity<?> refused(String authorization) {
        AdminAuthorization.Refusal refusal = this.authorization.refusal(authorization);
        return refusal == null ? null : ResponseEntity.status(refusal.status()).body(error(refusal.message()));
    }

    private static Map<String, String> describe(DeadLetterStore.Filter filter, long from, int max) {
        Map<String, String> described = new LinkedHashMap<>();
        if (filter.subject() != null) {
            described.put("subject", filter.subject());
        }
        if (filter.since() != null) {
            described.put("since", filter.since().toString());
        }
        if (filter.until() != null) {
            described.put("until", filter.until().toString());
        }
        if (filter.id() != null) {
            described.put("id", filter.id());
        }
        described.put("from", Long.toString(from));
        described.put("max", Integer.toString(max));
        return described;
    }

    private ObjectNode error(String message) {
        return mapper.createObjectNode().put("success", false).put("error", message);
    }
}
