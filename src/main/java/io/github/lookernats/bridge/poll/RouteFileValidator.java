package io.github.lookernats.bridge.poll;

import io.github.lookernats.camel.looker.PollSpec;

import io.github.lookernats.bridge.errors.ErrorHandlingConfiguration;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.poll.RouteFilePolicy.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Checks every entry of every route file before Camel loads them, and stops start-up with the file, the entry and
 * the problem named. Two kinds of checks:
 * <ul>
 *   <li>what a file may do at all ({@link RouteFilePolicy}): only {@code from}, {@code route},
 *       {@code routeConfiguration}, {@code routeTemplate} and {@code templatedRoute} entries, only in-process
 *       endpoints, no beans and no scripts, unless {@code bridge.routes.*} ({@link RouteFileProperties}) allows them;</li>
 *   <li>the parameters of {@code looker-poll} entries: Camel's YAML DSL rejects unknown DSL keys, but it accepts any
 *       template parameter name and reports missing ones without the file.</li>
 * </ul>
 * A {@code templatedRoute} of a template declared in a route file is also checked with its parameters filled in,
 * so that two harmless-looking parameters cannot add up to a refused value. Route reloading is refused: a reloaded
 * file would not pass through here. The user-facing rules are in docs/route-files.md.
 */
@Component
public class RouteFileValidator implements InitializingBean {

    static final String PATTERN_PROPERTY = "camel.main.routes-include-pattern";
    static final String RELOAD_PROPERTY = "camel.main.routes-reload-enabled";
    /** Route templates the bridge declares in Java. */
    static final Set<String> BRIDGE_TEMPLATES = Set.of(LookerPollRoutes.TEMPLATE);
    /** Entries a route file may hold. */
    static final List<String> ENTRY_KINDS = List.of("from", "route", "routeConfiguration", "routeTemplate", "templatedRoute");

    private static final Set<String> TEMPLATED_ROUTE_KEYS = Set.of("routeTemplateRef", "routeId", "prefixId", "parameters", "beans");
    private static final Map<String, String> KIND_HINTS = Map.of(
            "rest", "it serves HTTP",
            "restConfiguration", "it configures how the bridge serves HTTP",
            "errorHandler", "declare it in a routeConfiguration",
            "onException", "declare it in a routeConfiguration",
            "onCompletion", "declare it in a routeConfiguration",
            "intercept", "declare it in a routeConfiguration",
            "interceptFrom", "declare it in a routeConfiguration",
            "interceptSendToEndpoint", "declare it in a routeConfiguration");
    private static final Pattern ENTRY_PATH = Pattern.compile("\\[(\\d+)](?:\\.(.*))?", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*[?!]?\\s*([^{}:?!\\s]+)\\s*(?::[^{}]*)?}}");

    private final Environment environment;
    private final long defaultRowLimit;
    private final RouteFilePolicy policy;

    @Autowired
    public RouteFileValidator(Environment environment, LookerProperties looker, RouteFileProperties routes) {
        this.environment = environment;
        this.defaultRowLimit = looker.defaultRowLimit();
        this.policy = new RouteFilePolicy(routes);
    }

    /** For checking files outside the application ({@link RouteLint}): only {@link #validate(List)} may be used. */
    RouteFileValidator(RouteFileProperties routes, long defaultRowLimit) {
        this.environment = null;
        this.defaultRowLimit = defaultRowLimit;
        this.policy = new RouteFilePolicy(routes);
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        List<Resource> files = routeFiles(environment);
        List<String> problems = new ArrayList<>(validate(files));
        if (environment.getProperty(RELOAD_PROPERTY, Boolean.class, false)) {
            problems.add(RELOAD_PROPERTY + "=true would load changed route files while the bridge runs, without these "
                    + "checks; switch it off, and use bridge.routes.reload.enabled=true, which checks a change first");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRouteFileException(problems);
        }
    }

    /** The route files {@code camel.main.routes-include-pattern} names (patterns separated by commas), as Camel finds them. */
    static List<Resource> routeFiles(Environment environment) throws IOException {
        List<Resource> files = new ArrayList<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        for (String pattern : environment.getProperty(PATTERN_PROPERTY, "").split(",")) {
            if (!pattern.isBlank()) {
                files.addAll(List.of(resolver.getResources(pattern.strip())));
            }
        }
        return files;
    }

    List<String> validate(Resource file) {
        return validate(List.of(file));
    }

    /** Every problem of these files, each naming its file and entry. Templates declared in one file serve all. */
    List<String> validate(List<Resource> files) {
        List<String> problems = new ArrayList<>();
        List<RouteFile> read = new ArrayList<>();
        for (Resource resource : files) {
            String name = describe(resource);
            String filename = String.valueOf(resource.getFilename());
            if (!(filename.endsWith(".yaml") || filename.endsWith(".yml"))) {
                // Camel picks a loader by extension; only YAML routes are checked, so only they may be loaded
                problems.add(name + ": not a YAML route file (*.yaml, *.yml); the bridge loads no other kind");
                continue;
            }
            try (InputStream in = resource.getInputStream()) {
                read.add(new RouteFile(name, RouteFileYaml.parse(in, name)));
            } catch (IOException e) {
                problems.add(name + ": cannot be read: " + e.getMessage());
            }
        }
        Map<String, JsonNode> templates = new HashMap<>();
        for (RouteFile file : read) {
            for (JsonNode entry : entries(file)) {
                JsonNode template = entry.path("routeTemplate");
                if (template.isObject() && template.path("id").isString()) {
                    templates.putIfAbsent(template.path("id").stringValue(), template);
                }
            }
        }
        for (RouteFile file : read) {
            problems.addAll(validate(file, templates));
        }
        return problems;
    }

    private record RouteFile(String name, RouteFileYaml.Parsed parsed) {}

    private static List<JsonNode> entries(RouteFile file) {
        JsonNode root = file.parsed().root();
        List<JsonNode> entries = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(entries::add);
        }
        return entries;
    }

    private List<String> validate(RouteFile file, Map<String, JsonNode> templates) {
        JsonNode root = file.parsed().root();
        Set<String> problems = new LinkedHashSet<>();
        List<Finding> findings = new ArrayList<>(file.parsed().problems());
        if (root != null && !root.isNull() && !root.isArray()) {
            findings.add(new Finding("", "a route file is a YAML list (each entry starts with '- ')"));
        }
        List<JsonNode> entries = entries(file);
        for (int i = 0; i < entries.size(); i++) {
            findings.addAll(checkEntry(entries.get(i), "[" + i + "]", templates));
        }
        findings.sort(Comparator.comparingInt(RouteFileValidator::entryIndex)); // stable: file problems first
        for (Finding finding : findings) {
            problems.add(format(file, entries, finding));
        }
        return List.copyOf(problems);
    }

    private List<Finding> checkEntry(JsonNode entry, String path, Map<String, JsonNode> templates) {
        if (!entry.isObject() || entry.isEmpty()) {
            return List.of(new Finding(path, "an entry is a mapping with one key, such as '- route:'"));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : entry.properties()) {
            String kind = property.getKey();
            JsonNode value = property.getValue();
            String at = path + "." + kind;
            if ("beans".equals(kind)) {
                findings.addAll(policy.allowsBeans() ? policy.check(value, at, kind) : List.of(new Finding(at, RouteFilePolicy.beansRefused())));
            } else if (!ENTRY_KINDS.contains(kind)) {
                String hint = KIND_HINTS.containsKey(kind) ? ": " + KIND_HINTS.get(kind) : "";
                findings.add(new Finding(at, "'" + kind + "' entries are not allowed in route files (allowed: "
                        + String.join(", ", ENTRY_KINDS) + ")" + hint));
            } else {
                findings.addAll(policy.check(value, at, kind));
                findings.addAll(checkErrorHandling(kind, value, at));
                if ("templatedRoute".equals(kind) && value.isObject()) {
                    findings.addAll(checkTemplatedRoute((ObjectNode) value, path, templates));
                }
            }
        }
        return findings;
    }

    /**
     * A route that runs Looker or publishes must name the bridge's error handling: without it, Camel's default
     * handler would only log a failed run, and it would be neither retried nor kept as a dead letter.
     */
    private static List<Finding> checkErrorHandling(String kind, JsonNode value, String at) {
        boolean looker = value.toString().matches("(?s).*\"(looker|looker-events):.*");
        if (!looker || !("route".equals(kind) || "from".equals(kind))) {
            return List.of();
        }
        String configuration = RouteFilePolicy.textOf(value.path("routeConfigurationId"), null);
        if ("from".equals(kind) || configuration == null) {
            return List.of(new Finding(at, "a route with looker endpoints needs 'routeConfigurationId: "
                    + ErrorHandlingConfiguration.ID + "' (write it as '- route:' with an id), so that a failed run is "
                    + "retried and kept as a dead letter rather than only logged"));
        }
        return List.of();
    }

    private List<Finding> checkTemplatedRoute(ObjectNode templated, String path, Map<String, JsonNode> templates) {
        String ref = RouteFilePolicy.textOf(templated.path("routeTemplateRef"), "");
        if (LookerPollRoutes.TEMPLATE.equals(ref)) {
            return validateTemplatedRoute(templated).stream().map(problem -> new Finding(path, problem)).toList();
        }
        if (BRIDGE_TEMPLATES.contains(ref)) {
            return List.of();
        }
        JsonNode template = templates.get(ref);
        if (template == null) {
            return List.of(new Finding(path + ".templatedRoute.routeTemplateRef", "template '" + ref + "' is neither one of "
                    + "the bridge's (" + String.join(", ", BRIDGE_TEMPLATES) + ") nor declared by a routeTemplate in the route files"));
        }
        // Camel fills {{name}} with the parameters before it builds the route: check the route it will build
        Map<String, String> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : template.path("parameters")) {
            if (parameter.path("name").isString() && parameter.path("defaultValue").isString()) {
                parameters.put(parameter.path("name").stringValue(), parameter.path("defaultValue").stringValue());
            }
        }
        for (JsonNode parameter : templated.path("parameters")) {
            if (parameter.path("name").isString() && parameter.path("value").isString()) {
                parameters.put(parameter.path("name").stringValue(), parameter.path("value").stringValue());
            }
        }
        ObjectNode instance = ((ObjectNode) template).deepCopy();
        instance.remove(List.of("parameters", "beans")); // the routeTemplate entry itself answers for its beans
        return policy.check(fill(instance, parameters), path + ".(template '" + ref + "' as this entry fills it in)", "routeTemplate");
    }

    /** The node with every {@code {{name}}} of a template parameter replaced by its value, as Camel does. */
    private static JsonNode fill(JsonNode node, Map<String, String> parameters) {
        if (node.isString()) {
            String text = node.stringValue();
            for (int round = 0; round < 10; round++) { // values may hold placeholders too, as Camel resolves them
                Matcher matcher = PLACEHOLDER.matcher(text);
                StringBuilder filled = new StringBuilder();
                boolean changed = false;
                while (matcher.find()) {
                    String value = parameters.get(matcher.group(1));
                    changed |= value != null;
                    matcher.appendReplacement(filled, Matcher.quoteReplacement(value != null ? value : matcher.group()));
                }
                matcher.appendTail(filled);
                text = filled.toString();
                if (!changed) {
                    break;
                }
            }
            return StringNode.valueOf(text);
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(property -> copy.set(property.getKey(), fill(property.getValue(), parameters)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(item -> copy.add(fill(item, parameters)));
            return copy;
        }
        return node;
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
        } else if (!RouteFilePolicy.textOf(templated.get("routeId"), "").matches("[A-Za-z0-9_-]+")) {
            problems.add("'routeId' may contain only letters, digits, '-' and '_'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : templated.path("parameters")) {
            if (!parameter.hasNonNull("name")) {
                problems.add("a parameter has no 'name'");
                continue;
            }
            parameters.put(RouteFilePolicy.textOf(parameter.get("name"), ""), RouteFilePolicy.textOf(parameter.path("value"), null));
        }
        problems.addAll(PollSpec.unknownParameters(parameters.keySet()));
        try {
            PollSpec.fromParameters(parameters, defaultRowLimit);
        } catch (IllegalArgumentException e) {
            problems.addAll(List.of(e.getMessage().split("; ")));
        }
        return problems;
    }

    private static int entryIndex(Finding finding) {
        Matcher entryPath = ENTRY_PATH.matcher(finding.path());
        return entryPath.matches() ? Integer.parseInt(entryPath.group(1)) : -1;
    }

    /** {@code file: entry 3 (route 'evil') at route.from.steps[0].to, line 9: message}. */
    private static String format(RouteFile file, List<JsonNode> entries, Finding finding) {
        StringBuilder where = new StringBuilder(file.name());
        Matcher entryPath = ENTRY_PATH.matcher(finding.path());
        if (entryPath.matches()) {
            int index = Integer.parseInt(entryPath.group(1));
            where.append(": entry ").append(index + 1).append(label(index < entries.size() ? entries.get(index) : null));
            if (entryPath.group(2) != null) {
                where.append(" at ").append(entryPath.group(2));
            }
        } else if (!finding.path().isEmpty()) {
            where.append(": at ").append(finding.path());
        }
        Integer line = finding.path().isEmpty() ? null : file.parsed().lines().get(finding.path());
        if (line != null) {
            where.append(", line ").append(line);
        }
        return where + ": " + finding.message();
    }

    /** {@code " (route 'evil')"}: the entry's kind and its id, route id or URI, as far as it has one. */
    private static String label(JsonNode entry) {
        if (entry == null || !entry.isObject() || entry.isEmpty()) {
            return "";
        }
        String kind = entry.propertyNames().iterator().next();
        JsonNode value = entry.path(kind);
        String name = RouteFilePolicy.textOf(value.path("templatedRoute".equals(kind) ? "routeId" : "id"), null);
        if (name == null && "from".equals(kind)) {
            name = RouteFilePolicy.textOf(value.path("uri"), null);
        }
        return " (" + kind + (name == null ? "" : " '" + name + "'") + ")";
    }

    private static String describe(Resource file) {
        try {
            return file.getFile().getPath();
        } catch (IOException notAFile) {
            return file.getDescription();
        }
    }
}
