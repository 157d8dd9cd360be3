package io.github.lookernats.bridge.emulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The fixed content of the emulated instance: model "thelook", its explores, looks, saved queries and users. */
final class TheLook {

    static final String MODEL = "thelook";
    static final String API_USER_ID = "1";
    /** Rows an inline query has when unlimited and no row count was configured. */
    static final long INLINE_DEFAULT_ROWS = 1_000;

    record Explore(String name, String label, String description) {
    }

    /** A saved query and the number of rows its data set has unless a test configures another count. */
    record SavedQuery(QuerySpec spec, long defaultRows, String lookId) {
    }

    record Look(String id, String title, String description, String userId, SavedQuery query,
                String folderId, String folderName, String createdAt, String updatedAt) {
    }

    record User(String id, String firstName, String lastName, String email, List<String> groupIds,
                List<String> roleIds, String personalFolderId) {

        String displayName() {
            return firstName + " " + lastName;
        }
    }

    private static final Map<String, Explore> EXPLORES = Map.of(
            "orders", new Explore("orders", "Orders", "Orders with their buyers and items"),
            "order_items", new Explore("order_items", "Order Items", "One row per item sold"),
            "users", new Explore("users", "Users", "Registered shoppers"),
            "inventory_items", new Explore("inventory_items", "Inventory Items", "Stock, one row per unit"));

    private static final SavedQuery ORDERS_BY_STATUS = new SavedQuery(new QuerySpec(
            "aogBgL6o3cKK1jN3RoZl5s", MODEL, "orders",
            List.of("orders.status", "orders.count"),
            Map.of("orders.created_date", "12 months"),
            List.of("orders.status"), "500", "kU4fT0wXc3dR6yJ2mN8pQa"), 5, "1");

    private static final SavedQuery DAILY_REVENUE = new SavedQuery(new QuerySpec(
            "pX7Rk2LmQ9vNw4TzYb3HcD", MODEL, "order_items",
            List.of("order_items.created_date", "order_items.total_sale_price", "order_items.count"),
            Map.of("order_items.created_date", "30 days"),
            List.of("order_items.created_date desc"), "500", "Gh5sV1bN7qW2eR9tY4uI0o"), 30, "2");

    private static final SavedQuery ORDER_LINES = new SavedQuery(new QuerySpec(
            "Lq83mZt5WcE1oPa7Ks2UdF", MODEL, "orders",
            List.of("orders.id", "orders.created_date", "orders.status", "users.email", "users.state",
                    "users.city", "products.name", "order_items.sale_price"),
            Map.of("orders.created_date", "2 years"),
            List.of("orders.id"), "5000", "Zx9cV8bN6mA5sD4fG3hJ2k"), 1_000, "3");

    private static final SavedQuery INVENTORY_BY_CATEGORY = new SavedQuery(new QuerySpec(
            "Inv3nT0ryByCat3g0ry9Xw", MODEL, "inventory_items",
            List.of("products.category", "inventory_items.count", "inventory_items.total_cost"),
            Map.of(),
            List.of("products.category"), "500", "Qw1eR2tY3uI4oP5aS6dF7g"), 12, null);

    private static final Map<String, SavedQuery> QUERIES = Map.of(
            ORDERS_BY_STATUS.spec().id(), ORDERS_BY_STATUS,
            DAILY_REVENUE.spec().id(), DAILY_REVENUE,
            ORDER_LINES.spec().id(), ORDER_LINES,
            INVENTORY_BY_CATEGORY.spec().id(), INVENTORY_BY_CATEGORY);

    private static final Map<String, Look> LOOKS = Map.of(
            "1", new Look("1", "Orders by status", "Order count per fulfilment status over the last 12 months",
                    "7", ORDERS_BY_STATUS, "12", "Sales", "2024-01-15T09:12:44.000+00:00",
                    "2024-05-02T16:40:03.000+00:00"),
            "2", new Look("2", "Daily revenue", "Revenue and items sold per day, last 30 days",
                    "8", DAILY_REVENUE, "12", "Sales", "2024-02-03T11:05:10.000+00:00",
                    "2024-06-28T07:55:31.000+00:00"),
            "3", new Look("3", "Order lines (large)", "Every order line with buyer and product, for exports",
                    "7", ORDER_LINES, "14", "Operations", "2024-03-21T14:30:00.000+00:00",
                    "2024-03-21T14:30:00.000+00:00"));

    private static final Map<String, User> USERS = Map.of(
            "1", new User("1", "API", "Service", "looker-api@example.com", List.of("1"), List.of("2"), "1"),
            "7", new User("7", "Alice", "Analyst", "alice@example.com", List.of("3"), List.of("5"), "17"),
            "8", new User("8", "Bob", "Müller", "bob@example.com", List.of("3", "4"), List.of("5", "6"), "18"));

    /** A schedule: its owner, and the Look or dashboard it delivers. */
    record ScheduledPlan(String id, String name, String userId, String lookId, String lookmlDashboardId) {}

    private static final Map<String, ScheduledPlan> PLANS = Map.of(
            "86213", new ScheduledPlan("86213", "Orders by month, daily", "7", "1", null),
            "701", new ScheduledPlan("701", "Revenue to NATS", "8", "2", null),
            "1234", new ScheduledPlan("1234", "Ops overview", "8", null, "thelook::ops_overview"),
            "902", new ScheduledPlan("902", "Plan whose owner left", null, "1", null),
            "903", new ScheduledPlan("903", "Plan of an unknown user", "404", null, null));

    Optional<ScheduledPlan> scheduledPlan(String id) {
        return Optional.ofNullable(PLANS.get(id));
    }

    Optional<Explore> explore(String model, String name) {
        return MODEL.equals(model) ? Optional.ofNullable(EXPLORES.get(name)) : Optional.empty();
    }

    Optional<Look> look(String id) {
        return Optional.ofNullable(LOOKS.get(id));
    }

    Optional<SavedQuery> query(String id) {
        return Optional.ofNullable(QUERIES.get(id));
    }

    Optional<User> user(String id) {
        return Optional.ofNullable(USERS.get(id));
    }

    Explore exploreOf(QuerySpec spec) {
        return explore(spec.model(), spec.view()).orElseThrow();
    }
}
