package io.github.lookernats.bridge.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A query result that exists only as a recipe: rows are generated one by one while they are written.
 *
 * @param id Looker's result id in json_detail (a hash of the query and row count)
 */
record QueryResult(String id, QuerySpec query, TheLook.Explore explore, List<FieldDef> fields, long rows,
                   ValueGenerator values) {

    static QueryResult of(QuerySpec query, TheLook.Explore explore, long rows) {
        String id = md5Hex(query.dataKey() + "|" + query.filters() + "|" + rows);
        List<FieldDef> fields = query.fields().stream().map(FieldDef::of).toList();
        return new QueryResult(id, query, explore, fields, rows, new ValueGenerator(query.dataKey()));
    }

    Object value(long row, FieldDef field) {
        return values.value(row, field);
    }

    /** Plausible generated SQL for json_detail; it is never executed. */
    String sql() {
        String select = fields.stream()
                .map(f -> "\t" + sqlExpression(f) + " AS `" + f.name() + "`")
                .collect(Collectors.joining(",\n"));
        long dimensions = fields.stream().filter(f -> !f.measure()).count();
        boolean grouped = dimensions > 0 && dimensions < fields.size();
        String groupBy = grouped
                ? "\nGROUP BY " + IntStream.rangeClosed(1, (int) dimensions).mapToObj(Integer::toString)
                        .collect(Collectors.joining(","))
                : "";
        return "SELECT\n" + select + "\nFROM " + query.view() + groupBy + "\nLIMIT " + rows;
    }

    private static String sqlExpression(FieldDef field) {
        return switch (field.type()) {
            case "count" -> "COUNT(*)";
            case "sum" -> "COALESCE(SUM(" + field.view() + "." + field.field().replaceFirst("^total_", "") + "), 0)";
            case "average" -> "AVG(" + field.view() + "." + field.field().replaceFirst("^average_", "") + ")";
            case "date_date" -> "DATE(" + field.view() + "." + field.field().replaceFirst("_date$", "_at") + ")";
            default -> field.name();
        };
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JRE", e);
        }
    }
}
