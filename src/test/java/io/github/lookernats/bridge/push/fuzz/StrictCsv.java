package io.github.lookernats.bridge.push.fuzz;

import static io.github.lookernats.bridge.push.fuzz.FuzzSupport.NODES;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** CSV read strictly by RFC 4180, independently of the bridge's parser, to know the rows a CSV input holds. */
final class StrictCsv {

    private StrictCsv() {
    }

    /**
     * The rows CSV tables hold, read by RFC 4180 (here, not by the bridge's parser): the first record of each
     * table names the columns (stripped; a blank or repeated name becomes {@code column_<n>}), a cell past
     * the header is {@code column_<n>}, blank lines are no rows. Null when a table is not strictly RFC 4180
     * (a quote inside an unquoted cell, text after a closing quote, an unclosed quote): then the expected rows
     * depend on a parser's leniency.
     */
    static List<JsonNode> rows(List<String> tables) {
        List<JsonNode> rows = new ArrayList<>();
        for (String table : tables) {
            List<List<String>> records = strictRecords(table);
            if (records == null) {
                return null;
            }
            if (records.isEmpty()) {
                continue;
            }
            List<String> header = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            List<String> names = records.get(0);
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i).strip();
                String unique = name.isEmpty() || seen.contains(name) ? "column_" + (i + 1) : name;
                seen.add(unique);
                header.add(unique);
            }
            for (List<String> record : records.subList(1, records.size())) {
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue;
                }
                ObjectNode row = NODES.objectNode();
                for (int i = 0; i < record.size(); i++) {
                    row.put(i < header.size() ? header.get(i) : "column_" + (i + 1), record.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Records by RFC 4180 (line ends CRLF, LF or CR), or null when the text is not strictly RFC 4180. */
    static List<List<String>> strictRecords(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        boolean started = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                    afterQuote = true;
                } else {
                    cell.append(c);
                }
            } else if (c == ',') {
                record.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
                started = true; // a next cell follows
            } else if (c == '\r' || c == '\n') {
                record.add(cell.toString());
                records.add(record);
                record = new ArrayList<>();
                cell.setLength(0);
                afterQuote = false;
                started = false;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (afterQuote || (c == '"' && cell.length() > 0)) {
                return null;
            } else if (c == '"') {
                quoted = true;
                started = true;
            } else {
                cell.append(c);
                started = true;
            }
        }
        if (quoted) {
            return null;
        }
        if (started || afterQuote || cell.length() > 0) {
            record.add(cell.toString());
            records.add(record);
        }
        return records;
    }

    /**
     * A header and no rows: by RFC 4180 when the text is strict, otherwise one non-blank line only (two lines
     * that give no row are not excused then: an unbalanced quote may have swallowed the rows).
     */
    static boolean headerOnly(String text) {
        if (text.isBlank()) {
            return false;
        }
        List<JsonNode> rows = rows(List.of(text));
        return rows != null ? rows.isEmpty() : text.lines().filter(line -> !line.isBlank()).count() == 1;
    }
}
