package io.github.lookernats.bridge.identity;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A mapping file for small teams and tests:
 * <pre>
 * users:
 *   alice@example.com:
 *     groups: [analytics-emea]
 * </pre>
 */
class StaticDirectory implements Directory {

    private final Map<String, DirectoryUser> users = new HashMap<>();

    StaticDirectory(Path file) {
        JsonNode document;
        try {
            document = new YAMLMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot read the identity mapping file " + file + ": " + e.getMessage(), e);
        }
        if (document == null || !document.path("users").isObject()) {
            throw new IllegalStateException("the identity mapping file " + file + " needs a 'users:' map of email → groups");
        }
        document.path("users").properties().forEach(entry -> {
            List<String> groups = new ArrayList<>();
            entry.getValue().path("groups").forEach(group -> groups.add(group.asText()));
            String email = entry.getKey().toLowerCase(Locale.ROOT);
            users.put(email, new DirectoryUser(email, email, List.copyOf(groups)));
        });
    }

    @Override
    public Optional<DirectoryUser> findByEmail(String email) {
        return Optional.ofNullable(users.get(email.toLowerCase(Locale.ROOT)));
    }
}
