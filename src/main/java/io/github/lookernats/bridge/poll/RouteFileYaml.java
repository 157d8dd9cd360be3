package io.github.lookernats.bridge.poll;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.util.StringHelper;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.YamlUnicodeReader;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a route file the way Camel's YAML DSL does, so that the validator sees what Camel will run.
 *
 * <p>Jackson's YAML reader is not enough for that: it turns an alias ({@code *name}) into the text {@code "name"}
 * where Camel uses the anchored node, and it keeps only the last of two equal keys where Camel uses both (two
 * {@code steps} lists are both added to the route). Either would let an entry that looks harmless to a Jackson-based
 * check run something else. This class uses Camel's parser (snakeyaml-engine, with the settings
 * {@code YamlRoutesBuilderLoaderSupport} uses: one document, defaults), expands aliases, and reports duplicate keys,
 * self-referencing aliases and trees that aliases blow up. Keys are turned from dash-case into camelCase, as Camel
 * does for the properties of every definition ({@code aggregation-strategy} is {@code aggregationStrategy}), so a
 * rule on one spelling holds for both. Scalars become text, as Camel reads them; {@code null}, {@code ~} and empty
 * values become JSON null.
 */
final class RouteFileYaml {

    /** Nodes after alias expansion; a route file is a few hundred. */
    static final int MAX_NODES = 100_000;
    static final int MAX_DEPTH = 200;

    /**
     * A parsed file.
     *
     * @param root the document, or null if it could not be read
     * @param lines 1-based line of each node, by path ({@code [2].route.from.steps[0].to})
     * @param problems duplicate keys, recursive aliases, or why the file could not be read (path "")
     */
    record Parsed(JsonNode root, Map<String, Integer> lines, List<RouteFilePolicy.Finding> problems) {}

    private final Map<String, Integer> lines = new HashMap<>();
    private final List<RouteFilePolicy.Finding> problems = new ArrayList<>();
    private final Set<Node> stack = Collections.newSetFromMap(new IdentityHashMap<>());
    private int budget = MAX_NODES;

    private RouteFileYaml() {}

    static Parsed parse(InputStream in, String label) throws IOException {
        Node document;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(label).build();
            Composer composer = new Composer(settings,
                    new ParserImpl(settings, new StreamReader(settings, new YamlUnicodeReader(in))));
            document = composer.getSingleNode().orElse(null);
        } catch (YamlEngineException e) {
            String message = String.valueOf(e.getMessage()).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).reduce((a, b) -> a + " " + b).orElse("");
            return new Parsed(null, Map.of(), List.of(new RouteFilePolicy.Finding("", "not valid YAML: " + message)));
        }
        if (document == null) {
            return new Parsed(JsonNodeFactory.instance.nullNode(), Map.of(), List.of());
        }
        RouteFileYaml reader = new RouteFileYaml();
        try {
            JsonNode root = reader.convert(document, "", 0);
            return new Parsed(root, reader.lines, reader.problems);
        } catch (TooLarge e) {
            return new Parsed(null, Map.of(), List.of(new RouteFilePolicy.Finding("", e.getMessage())));
        }
    }

    private JsonNode convert(Node node, String path, int depth) {
        if (--budget < 0) {
            throw new TooLarge("more than " + MAX_NODES + " YAML nodes once aliases are expanded");
        }
        if (depth > MAX_DEPTH) {
            throw new TooLarge("nested more than " + MAX_DEPTH + " levels deep");
        }
        node.getStartMark().ifPresent(mark -> lines.putIfAbsent(path, mark.getLine() + 1));
        if (!stack.add(node)) {
            problems.add(new RouteFilePolicy.Finding(path, "a YAML alias refers to a node that contains it"));
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            if (node instanceof ScalarNode scalar) {
                return Tag.NULL.equals(scalar.getTag())
                        ? JsonNodeFactory.instance.nullNode()
                        : JsonNodeFactory.instance.stringNode(scalar.getValue());
            }
            if (node instanceof SequenceNode sequence) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                int i = 0;
                for (Node item : sequence.getValue()) {
                    array.add(convert(item, path + "[" + i++ + "]", depth + 1));
                }
                return array;
            }
            MappingNode mapping = (MappingNode) node;
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    problems.add(new RouteFilePolicy.Finding(path, "a key is not text"));
                    continue;
                }
                // Camel reads 'aggregation-strategy' as 'aggregationStrategy': judge every key in the form Camel uses
                String name = StringHelper.dashToCamelCase(key.getValue());
                String child = path.isEmpty() ? name : path + "." + name;
                key.getStartMark().ifPresent(mark -> lines.putIfAbsent(child, mark.getLine() + 1));
                if (!seen.add(name)) {
                    // Camel applies both values (two 'steps' lists both become steps); one is not what a reader sees
                    problems.add(new RouteFilePolicy.Finding(child, "duplicate key '" + name + "'"
                            + key.getStartMark().map(mark -> " (again on line " + (mark.getLine() + 1) + ")").orElse("")));
                    continue;
                }
                object.set(name, convert(tuple.getValueNode(), child, depth + 1));
            }
            return object;
        } finally {
            stack.remove(node);
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }
}
