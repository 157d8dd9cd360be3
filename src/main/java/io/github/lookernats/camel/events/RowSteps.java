package io.github.lookernats.camel.events;

import io.github.lookernats.camel.looker.client.RejectedInputException;
import io.github.lookernats.camel.run.ResultRow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultExchange;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A team's steps over each row: the row goes through a {@code direct:} route as message headers, one per field
 * (Looker names them {@code view.field}), so that the route filters, drops, renames and masks fields with Camel's
 * own EIPs and Simple ({@code filter}, {@code removeHeader}, {@code setHeader}). What the route leaves in the headers
 * is the row that is published; a row it stops ({@code stop}, inside a {@code filter} for instance) is not.
 *
 * <p>Values keep their exact form: numbers are read as {@link BigDecimal} or {@link BigInteger} and written back
 * as they were, and a row the steps left as it was is published with its original bytes.
 */
public final class RowSteps {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final String uri;
    private final Producer route;

    RowSteps(String uri, Producer route) {
        this.uri = uri;
        this.route = route;
    }

    /** The row to publish, or null when the steps dropped it. A failure in the steps fails the run. */
    public ResultRow apply(ResultRow row) throws Exception {
        ObjectNode values = row.values() != null ? row.values() : (ObjectNode) MAPPER.readTree(row.canonicalJson());
        Exchange exchange = new DefaultExchange(route.getEndpoint().getCamelContext());
        Message message = exchange.getMessage();
        for (Map.Entry<String, JsonNode> field : values.properties()) {
            message.setHeader(field.getKey(), javaValue(field.getValue()));
        }
        if (message.getHeaders().size() != values.size()) {
            // Camel's headers ignore case: two such fields would become one, and a value would be lost
            throw new RejectedInputException(422, "row " + row.index() + " has fields that differ only in case; the row "
                    + "steps of " + uri + " cannot tell them apart", null);
        }
        route.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
        if (exchange.isRouteStop()) {
            return null;
        }
        ObjectNode stepped = rebuild(values, message.getHeaders());
        if (stepped.equals(values)) {
            return row;
        }
        return new ResultRow(row.index(), stepped, MAPPER.writeValueAsBytes(stepped), row.part(),
                extras(row.extras(), values, stepped));
    }

    /**
     * The row's extras, less the numbers read from fields the steps changed, renamed or dropped: a masked cell's
     * number must not reach the event beside it.
     */
    private static ObjectNode extras(ObjectNode extras, ObjectNode original, ObjectNode stepped) {
        if (extras == null || !(extras.get("numbers") instanceof ObjectNode numbers)) {
            return extras;
        }
        ObjectNode kept = extras.deepCopy();
        ObjectNode keptNumbers = (ObjectNode) kept.get("numbers");
        for (String field : numbers.propertyNames()) {
            if (!stepped.has(field) || !stepped.get(field).equals(original.get(field))) {
                keptNumbers.remove(field);
            }
        }
        if (keptNumbers.isEmpty()) {
            kept.remove("numbers");
        }
        return kept.isEmpty() ? null : kept;
    }

    /** The row's fields in their order, then the fields the steps added, in the order Camel keeps them. */
    private static ObjectNode rebuild(ObjectNode original, Map<String, Object> headers) {
        Map<String, Object> left = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        left.putAll(headers);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (String name : original.propertyNames()) {
            if (left.containsKey(name)) {
                fields.put(name, jsonValue(left.remove(name)));
            }
        }
        left.forEach((name, value) -> {
            if (!name.regionMatches(true, 0, "Camel", 0, 5)) { // Camel's own headers are not fields
                fields.put(name, jsonValue(value));
            }
        });
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        fields.forEach(row::set);
        return row;
    }

    private static Object javaValue(JsonNode value) {
        if (value.isString()) {
            return value.stringValue();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNull()) {
            return null;
        }
        return value; // an object or a list (json_detail cells): steps may keep, drop or replace it
    }

    private static JsonNode jsonValue(Object value) {
        return value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
    }
}
