package io.github.lookernats.bridge.audit;

import io.github.lookernats.camel.audit.AdminRecord;
import io.github.lookernats.camel.audit.AuditTrail;
import io.github.lookernats.bridge.deadletter.AdminAuthorization;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /admin/audit}: the audit trail by kind, time, route, team and run id, a page at a time ({@code from},
 * {@code max}, {@code next}). Same bearer token and same management-port-only registration as the dead-letter
 * endpoints; each query is itself recorded.
 */
@RestController
public class AuditController {

    static final int MAX_LIMIT = 1000;

    private final AuditStore store;
    private final ObjectMapper mapper;
    private final AdminAuthorization authorization;
    private final AuditTrail audit;

    public AuditController(AuditStore store, ObjectMapper mapper, AdminAuthorization authorization, AuditTrail audit) {
        this.store = store;
        this.mapper = mapper;
        this.authorization = authorization;
        this.audit = audit;
    }

    @GetMapping(path = "/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> find(@RequestHeader(name = "Authorization", required = false) String bearer,
            @RequestParam(required = false) String kind, @RequestParam(required = false) String team,
            @RequestParam(required = false) String route, @RequestParam(required = false) String runId,
            @RequestParam(required = false) String since, @RequestParam(required = false) String until,
            @RequestParam(defaultValue = "1") String from, @RequestParam(defaultValue = "100") String max) throws Exception {
        AdminAuthorization.Refusal refusal = authorization.refusal(bearer);
        if (refusal != null) {
            return ResponseEntity.status(refusal.status()).body(error(refusal.message()));
        }
        if (kind != null && !kind.matches("delivery|grant|grant-refused|admin")) {
            return ResponseEntity.badRequest().body(error("kind is one of delivery, grant, grant-refused, admin"));
        }
        if (kind != null && !"delivery".equals(kind) && (team != null || route != null || runId != null)) {
            return ResponseEntity.badRequest().body(error("team, route and runId select deliveries; leave kind out or set it to delivery"));
        }
        AuditStore.Filter filter;
        long start;
        int limit;
        try {
            filter = new AuditStore.Filter(kind, team, route, runId, instant(since), instant(until));
            start = Long.parseLong(from);
            limit = Integer.parseInt(max);
        } catch (DateTimeParseException | NumberFormatException e) {
            return ResponseEntity.badRequest().body(error("since and until are ISO instants (2026-11-24T00:00:00Z), "
                    + "from and max are numbers"));
        }
        if (start < 1 || limit < 1 || limit > MAX_LIMIT) {
            return ResponseEntity.badRequest().body(error("from is a stream sequence (1 or more); max is 1 to " + MAX_LIMIT));
        }
        AuditStore.Page page = store.find(filter, start, limit);
        audit.admin(new AdminRecord("audit.query", AdminAuthorization.tokenId(bearer),
                described(kind, team, route, runId, since, until, from, max), "ok", (long) page.entries().size()));
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode records = answer.putArray("records");
        for (AuditStore.Entry entry : page.entries()) {
            ObjectNode item = records.addObject();
            item.put("sequence", entry.sequence());
            item.put("subject", entry.subject());
            item.put("storedAt", entry.storedAt().toString());
            item.put("type", entry.type());
            item.set("record", entry.record());
        }
        answer.put("next", page.next());
        return ResponseEntity.ok(answer);
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    private static Map<String, String> described(String... keysAndValues) {
        String[] names = {"kind", "team", "route", "runId", "since", "until", "from", "max"};
        Map<String, String> filter = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (keysAndValues[i] != null) {
                filter.put(names[i], keysAndValues[i]);
            }
        }
        return filter;
    }

    private ObjectNode error(String message) {
        return mapper.createObjectNode().put("success", false).put("error", message);
    }
}
