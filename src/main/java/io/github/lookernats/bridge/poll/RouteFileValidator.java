package io.github.lookernats.bridge.poll;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import io.github.lookernats.bridge.looker.LookerProperties;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code looker-poll} entries of every route file before Camel loads them, so that a typo stops start-up
 * with the file, the route and the problem named. Camel's YAML DSL already rejects unknown DSL keys, but it accepts
 * any template parameter name and reports missing ones without the file.
 */
@Component
public class RouteFileValidator implements InitializingBean {

    static final String PATTERN_PROPERTY = "camel.main.routes-include-pattern";
    private static final Set<String> TEMPLATED_ROUTE_KEYS = Set.of("routeTemplateRef", "routeId", "prefixId", "parameters", "beans");

    private final Environment environment;
    private final LookerProperties looker;
    private final ObjectMapper yaml = new YAMLMapper();

    public RouteFileValidator(Environment environment, LookerProperties looker) {
        this.environment = environment;
        this.looker = looker;
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        String patterns = environment.getProperty(PATTERN_PROPERTY, "");
        List<String> problems = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String pattern : patterns.split(",")) {
            if (pattern.isBlank() || !(pattern.endsWith(".yaml") || pattern.endsWith(".yml"))) {
                continue;
            }
            for (Resource file : resolver.getResources(pattern.strip())) {
                problems.addAll(validate(file));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRouteFileException(problems);
        }
    }

    List<String> validate(Resource file) {
        String name = describe(file);
        JsonNode document;
        try (InputStream in = file.getInputStream()) {
            document = yaml.readTree(in);
        } catch (IOException | JacksonException e) {
            return List.of(name + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (document == null || document.isMissingNode() || document.isNull()) {
            return List.of();
        }
        if (!document.isArray()) {
            return List.of(name + ": a route file is a YAML list (each entry starts with '- ')");
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode entry : document) {
            JsonNode templated = entry.path("templatedRoute");
            if (templated.isObject() && LookerPollRoutes.TEMPLATE.equals(templated.path("routeTemplateRef").asText())) {
                String where = name + ": templatedRoute '" + templated.path("routeId").asText("(no routeId)") + "'";
                problems.addAll(validateTemplatedRoute(templated).stream().map(p -> where + ": " + p).toList());
            }
        }
        return problems;
    }

    private List<String> validateTemplatedRoute(JsonNode templated) {
        List<String> problems = new ArrayList<>();
        templated.propertyNames().forEach(key -> {
            if (!TEMPLATED_ROUTE_KEYS.contains(key)) {
                problems.add("unknown key '" + key + "' (known: " + String.join(", ", TEMPLATED_ROUTE_KEYS.stream().sorted().toList()) + ")");
            }
        });
        if (!templated.hasNonNull("routeId")) {
            problems.add("missing 'routeId': it names the route in logs, metrics and dead-letter subjects");
        } else if (!templated.get("routeId").asText().matches("[A-Za-z0-9_-]+")) {
            problems.add("'routeId' may contain only letters, digits, '-' and '_'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : templated.path("parameters")) {
            if (!parameter.hasNonNull("name")) {
                problems.add("a parameter has no 'name'");
                continue;
            }
            parameters.put(parameter.get("name").asText(), parameter.path("value").isNull() ? null : parameter.path("value").asText(null));
        }
        problems.addAll(PollSpec.unknownParameters(parameters.keySet()));
        try {
            PollSpec.fromParameters(parameters, looker.defaultRowLimit());
        } catch (IllegalArgumentException e) {
            problems.addAll(List.of(e.getMessage().split("; ")));
        }
        return problems;
    }

    private static String describe(Resource file) {
        try {
            return file.getFile().getPath();
        } catch (IOException notAFile) {
            return file.getDescription();
        }
    }
}
