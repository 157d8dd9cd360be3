package io.github.lookernats.bridge.emulator;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Deterministic cell values: a pure function of (data set seed, row index, field), so a row can be produced on
 * demand without keeping anything in memory and the same request always yields the same bytes.
 */
final class ValueGenerator {

    private static final LocalDate LAST_DAY = LocalDate.of(2024, 6, 30);
    private static final int DAYS_OF_HISTORY = 730;
    private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Roughly one text cell in 25 is null, as in a real warehouse. */
    private static final int NULL_ONE_IN = 25;

    private record Location(String city, String state, String country) {
    }

    private static final List<String> STATUSES = List.of("cancelled", "complete", "pending", "processing", "shipped");
    private static final List<String> CATEGORIES = List.of("Accessories", "Active", "Dresses", "Intimates", "Jeans",
            "Outerwear & Coats", "Shorts", "Sleep & Lounge", "Socks", "Sweaters", "Swim", "Tops & Tees");
    private static final List<Location> LOCATIONS = List.of(
            new Location("Los Angeles", "California", "USA"),
            new Location("Houston", "Texas", "USA"),
            new Location("New York", "New York", "USA"),
            new Location("Seattle", "Washington", "USA"),
            new Location("Chicago", "Illinois", "USA"),
            new Location("São Paulo", "São Paulo", "Brasil"),
            new Location("Zürich", "Zürich", "Switzerland"),
            new Location("Paris", "Île-de-France", "France"),
            new Location("München", "Bayern", "Germany"),
            new Location("Kraków", "Małopolskie", "Poland"),
            new Location("Osaka", "大阪府", "Japan"));
    private static final List<String> FIRST_NAMES = List.of("Alice", "José", "Zoë", "Liam", "Amélie", "Noah",
            "Jürgen", "Maria", "Chen", "Fatima", "Ethan", "Inês");
    private static final List<String> LAST_NAMES = List.of("Smith", "García", "Müller", "Johnson", "Dubois",
            "Nowak", "Silva", "Tanaka", "Brown", "Kowalski", "Rossi", "O'Brien");
    private static final List<String> PRODUCTS = List.of(
            "Levi's Men's 501 Original Fit Jeans - Dark Stonewash",
            "Carhartt Men's Duck Active Jacket Thermal Lined",
            "Calvin Klein Jeans Women's Slim Fit Stretch Denim",
            "Columbia Women's Benton Springs Full Zip Fleece",
            "Smartwool Über-Cushion Hiking Crew Socks",
            "Allegra K Café Pleated Midi Skirt with Belt",
            "Hanes Men's ComfortSoft Crew Neck Tee (6-Pack)",
            "Patagonia Nano Puff® Insulated Vest",
            "Tommy Hilfiger Men's Résumé Oxford Button-Down Shirt",
            "Dickies Women's Original 774 Relaxed Work Pant");
    private static final List<String> BRANDS = List.of("Levi's", "Carhartt", "Calvin Klein", "Columbia",
            "Smartwool", "Allegra K", "Hanes", "Patagonia", "Tommy Hilfiger", "Dickies");
    private static final List<String> TRAFFIC_SOURCES = List.of("Search", "Organic", "Facebook", "Email", "Display");
    private static final List<String> GENDERS = List.of("Female", "Male");
    private static final List<String> GENERIC = List.of("standard", "premium", "basic", "deluxe", "economy");

    private final long seed;

    ValueGenerator(String dataKey) {
        this.seed = mix(dataKey.hashCode());
    }

    /** A Long, BigDecimal, String or null. */
    Object value(long row, FieldDef field) {
        return switch (field.kind()) {
            case ID -> field.primaryKey() ? 100_000 + row : 1 + hash(row, field.name()) % 99_999;
            case COUNT -> 20 + hash(row, field.name()) % 4_980;
            case MONEY -> field.measure()
                    ? cents(row, field, 100_000, 8_000_000)
                    : cents(row, field, 499, 34_999);
            case INTEGER -> 12 + hash(row, field.name()) % 70;
            // Grouped rows in a real result are distinct: one day / month / status / category per row.
            case DATE -> LAST_DAY.minusDays(row % DAYS_OF_HISTORY).toString();
            case MONTH -> YearMonth.from(LAST_DAY).minusMonths(row % 120).toString();
            case TIME -> LAST_DAY.minusDays(row % DAYS_OF_HISTORY)
                    .atStartOfDay().plusSeconds(hash(row, field.name()) % 86_400).format(TIME_FORMAT);
            case STATUS -> STATUSES.get((int) (row % STATUSES.size()));
            case CATEGORY -> CATEGORIES.get((int) (row % CATEGORIES.size()));
            case TEXT -> hash(row, field.name() + "#null") % NULL_ONE_IN == 0 ? null : text(row, field);
        };
    }

    private BigDecimal cents(long row, FieldDef field, long min, long max) {
        return BigDecimal.valueOf(min + hash(row, field.name()) % (max - min), 2);
    }

    private String text(long row, FieldDef field) {
        // City, state and country of one row describe the same place; names and e-mail the same person.
        Location location = pick(LOCATIONS, hash(row, field.view() + "#location"));
        long person = hash(row, field.view() + "#person");
        String first = pick(FIRST_NAMES, person);
        String last = pick(LAST_NAMES, person / FIRST_NAMES.size());
        return switch (field.field()) {
            case "city" -> location.city();
            case "state" -> location.state();
            case "country" -> location.country();
            case "first_name" -> first;
            case "last_name" -> last;
            case "email" -> ascii(first) + "." + ascii(last) + (person % 1_000) + "@example.com";
            case "name", "full_name", "item_name", "product_name" ->
                    field.view().equals("users") ? first + " " + last : pick(PRODUCTS, hash(row, field.name()));
            case "brand" -> pick(BRANDS, hash(row, field.name()));
            case "traffic_source" -> pick(TRAFFIC_SOURCES, hash(row, field.name()));
            case "gender" -> pick(GENDERS, hash(row, field.name()));
            default -> pick(GENERIC, hash(row, field.name()));
        };
    }

    private static <T> T pick(List<T> values, long hash) {
        return values.get((int) (hash % values.size()));
    }

    private static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replaceAll("[^A-Za-z]", "")
                .toLowerCase(Locale.ROOT);
    }

    /** Non-negative, well spread hash of (seed, row, salt). */
    private long hash(long row, String salt) {
        return mix(seed ^ mix(row * 0x9E3779B97F4A7C15L + salt.hashCode())) >>> 1;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
