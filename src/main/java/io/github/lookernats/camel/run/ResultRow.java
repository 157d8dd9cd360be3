package io.github.lookernats.camel.run;

import tools.jackson.databind.node.ObjectNode;

/**
 * One row of a Looker result.
 *
 * @param index zero-based position in the result
 * @param values the row as a tree where a reader builds one (csv), else null: events use {@code canonicalJson}
 * @param canonicalJson the row serialised compactly; the basis of event ids and the result fingerprint
 * @param part the part of a multi-part result the row belongs to (a dashboard tile), or null
 * @param extras additional per-row data for the event, e.g. the numbers parsed from formatted CSV text, or null
 */
public record ResultRow(long index, ObjectNode values, byte[] canonicalJson, String part, ObjectNode extras) {}
