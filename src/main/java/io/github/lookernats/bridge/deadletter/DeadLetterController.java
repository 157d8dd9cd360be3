package io.github.lookernats.bridge.deadletter;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import io.github.lookernats.bridge.push.PushRequests;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the dead-letter stream: list dead letters and re-drive them, filtered by subject, time range
 * or id ({@code Nats-Msg-Id} or stream sequence). {@code Authorization: Bearer <bridge.dead-letter.admin-token>}.
 */
@RestController
public class DeadLetterController {

    private static final String PATH = "/admin/dead-letters";

    private final DeadLetterProperties properties;
    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final ObjectMapper mapper;

    public DeadLetterController(DeadLetterProperties properties, DeadLetterStore store, DeadLetterReplayer replayer, ObjectMapper mapper) {
        this.properties = properties;
        this.store = store;
        this.replayer = replayer;
        this.mapper = mapper;
    }

    // the filter (subject, since, until, id) is bound from the query parameters, the same for listing and replaying
    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> list(@RequestHeader(name = "Authorization", required = false) String authorization,
            DeadLetterStore.Filter filter, @RequestParam(defaultValue = "100") int max) throws IOException {
        ResponseEntity<?> refused = refused(authorization);
        if (refused != null) {
            return refused;
        }
        ArrayNode letters = mapper.createArrayNode();
        for (DeadLetterStore.Letter letter : store.find(filter, max)) {
            ObjectNode item = letters.addObject();
            item.put("sequence", letter.sequence());
            item.put("subject", letter.subject());
            item.put("storedAt", letter.storedAt().toString());
            item.put("id", letter.id());
            item.set("letter", letter.body());
        }
        return ResponseEntity.ok(letters);
    }

    @PostMapping(path = PATH + "/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> replay(@RequestHeader(name = "Authorization", required = false) String authorization,
            DeadLetterStore.Filter filter, @RequestParam(defaultValue = "100") int max) throws IOException {
        ResponseEntity<?> refused = refused(authorization);
        if (refused != null) {
            return refused;
        }
        List<DeadLetterReplayer.Outcome> outcomes = store.find(filter, max)
                .stream().map(replayer::replay).toList();
        return ResponseEntity.ok(mapper.valueToTree(outcomes));
    }

    private ResponseEntity<?> refused(String authorization) {
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            return ResponseEntity.status(404).body(error("the dead-letter admin endpoints are off (bridge.dead-letter.admin-token)"));
        }
        String given = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (!PushRequests.sameSecret(given, token)) {
            return ResponseEntity.status(401).body(error("missing or wrong bearer token"));
        }
        return null;
    }

    private ObjectNode error(String message) {
        return mapper.createObjectNode().put("success", false).put("error", message);
    }
}
