package io.github.lookernats.bridge.emulator;

import java.util.Locale;
import java.util.Set;

/**
 * A LookML field as the results describe it. Everything is inferred from the {@code view.field} name, so inline
 * queries may ask for any field and still get plausible types, labels and values.
 */
record FieldDef(String name, String view, String field, Kind kind, boolean measure) {

    enum Kind { ID, COUNT, MONEY, INTEGER, DATE, MONTH, TIME, STATUS, CATEGORY, TEXT }

    private static final Set<String> INTEGER_FIELDS = Set.of("age", "quantity", "days_in_inventory");

    static FieldDef of(String name) {
        int dot = name.indexOf('.');
        String view = dot < 0 ? "" : name.substring(0, dot);
        String field = name.substring(dot + 1);
        Kind kind = kindOf(view, field);
        boolean measure = kind == Kind.COUNT || kind == Kind.MONEY
                && (field.startsWith("total_") || field.startsWith("average_") || field.contains("revenue"));
        return new FieldDef(name, view, field, kind, measure);
    }

    private static Kind kindOf(String view, String field) {
        if (field.equals("id") || field.endsWith("_id")) {
            return Kind.ID;
        }
        if (field.equals("count") || field.startsWith("count_") || field.endsWith("_count")) {
            return Kind.COUNT;
        }
        if (field.contains("price") || field.contains("revenue") || field.contains("cost")
                || field.contains("amount")) {
            return Kind.MONEY;
        }
        if (field.endsWith("_date")) {
            return Kind.DATE;
        }
        if (field.endsWith("_month")) {
            return Kind.MONTH;
        }
        if (field.endsWith("_time")) {
            return Kind.TIME;
        }
        if (INTEGER_FIELDS.contains(field)) {
            return Kind.INTEGER;
        }
        if (field.equals("status")) {
            return Kind.STATUS;
        }
        return field.contains("category") || view.equals("category") ? Kind.CATEGORY : Kind.TEXT;
    }

    String viewLabel() {
        return titleCase(view);
    }

    String labelShort() {
        return titleCase(field);
    }

    String label() {
        return view.isEmpty() ? labelShort() : viewLabel() + " " + labelShort();
    }

    String category() {
        return measure ? "measure" : "dimension";
    }

    String type() {
        return switch (kind) {
            case COUNT -> "count";
            case MONEY -> !measure ? "number" : field.startsWith("average_") ? "average" : "sum";
            case ID, INTEGER -> "number";
            case DATE -> "date_date";
            case MONTH -> "date_month";
            case TIME -> "date_time";
            default -> "string";
        };
    }

    boolean numeric() {
        return kind == Kind.ID || kind == Kind.COUNT || kind == Kind.MONEY || kind == Kind.INTEGER;
    }

    boolean primaryKey() {
        return field.equals("id");
    }

    /** Looker's value_format for the usd format name; null means the default format. */
    String valueFormat() {
        return kind == Kind.MONEY ? "$#,##0.00" : null;
    }

    /** Date fields belong to a dimension group ("Created Date" / "Date"), like Looker's timeframes. */
    String fieldGroupLabel() {
        int underscore = field.lastIndexOf('_');
        boolean timeframe = kind == Kind.DATE || kind == Kind.MONTH || kind == Kind.TIME;
        return timeframe && underscore > 0 ? titleCase(field.substring(0, underscore)) + " Date" : null;
    }

    String fieldGroupVariant() {
        int underscore = field.lastIndexOf('_');
        return fieldGroupLabel() != null ? titleCase(field.substring(underscore + 1)) : labelShort();
    }

    private static String titleCase(String snake) {
        StringBuilder title = new StringBuilder();
        for (String word : snake.split("_")) {
            if (!word.isEmpty()) {
                if (title.length() > 0) {
                    title.append(' ');
                }
                title.append(word.substring(0, 1).toUpperCase(Locale.ROOT)).append(word.substring(1));
            }
        }
        return title.toString();
    }
}
