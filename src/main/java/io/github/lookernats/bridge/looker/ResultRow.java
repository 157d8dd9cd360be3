package io.github.lookernats.bridge.looker;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of a Looker result.
 *
 * @param index zero-based position in the result
 * @param values the row object as Looker sent it (raw values for json, cells for json_detail)
 * @param canonicalJson the row serialised compactly; the basis of event ids and the result fingerprint
 */
public record ResultRow(long index, ObjectNode values, byte[] canonicalJson) {}
