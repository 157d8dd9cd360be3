package io.github.lookernats.bridge.emulator;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** JSON bodies of the metadata endpoints, in the property order of the spec's schemas. */
final class Representations {

    private final String webBaseUrl;
    private final TheLook catalog;

    Representations(String webBaseUrl, TheLook catalog) {
        this.webBaseUrl = webBaseUrl;
        this.catalog = catalog;
    }

    /** Applies the {@code fields} request parameter: a comma list of top-level properties to keep. */
    static ObjectNode onlyFields(ObjectNode body, String fields) {
        if (fields == null || fields.isBlank()) {
            return body;
        }
        return body.retain(Arrays.stream(fields.split(",")).map(String::trim).toList());
    }

    ObjectNode look(TheLook.Look look) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        can(json, "download", "see_lookml", "update", "destroy", "index", "show", "explore", "run", "schedule",
                "render", "find_and_replace");
        json.put("content_metadata_id", "1" + look.id());
        json.put("id", look.id());
        json.put("title", look.title());
        json.put("user_id", look.userId());
        json.putNull("content_favorite_id");
        json.put("created_at", look.createdAt());
        json.put("deleted", false);
        json.putNull("deleted_at");
        json.putNull("deleter_id");
        json.put("description", look.description());
        json.put("embed_url", webBaseUrl + "/embed/looks/" + look.id());
        json.put("excel_file_url", webBaseUrl + "/looks/" + look.id() + ".xlsx");
        json.put("favorite_count", 0);
        json.put("is_run_on_load", false);
        json.put("last_updater_id", look.userId());
        json.putObject("model").put("id", look.query().spec().model()).put("label", "Thelook");
        json.put("public", false);
        json.putNull("public_slug");
        json.putNull("public_url");
        json.put("query_id", look.query().spec().id());
        json.put("short_url", "/x/" + look.query().spec().clientId());
        json.putObject("folder")
                .put("name", look.folderName())
                .put("parent_id", "1")
                .put("id", look.folderId())
                .put("is_personal", false)
                .put("is_shared_root", false);
        json.put("folder_id", look.folderId());
        json.put("updated_at", look.updatedAt());
        json.put("user_name", catalog.user(look.userId()).map(TheLook.User::displayName).orElse(null));
        json.put("view_count", 0);
        json.put("usage_count", 0);
        json.put("is_owner_disabled", false);
        json.set("query", query(look.query().spec()));
        json.put("url", "/looks/" + look.id());
        return json;
    }

    ObjectNode query(QuerySpec spec) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        can(json, "run", "see_results", "explore", "create", "show", "cost_estimate", "index", "see_lookml",
                "see_sql", "save", "generate_drill_links", "download", "download_unlimited", "use_custom_fields",
                "schedule");
        json.put("id", spec.id());
        json.put("model", spec.model());
        json.put("view", spec.view());
        strings(json.putArray("fields"), spec.fields());
        json.putNull("pivots");
        json.putArray("fill_fields");
        ObjectNode filters = json.putObject("filters");
        spec.filters().forEach(filters::put);
        json.putNull("filter_expression");
        strings(json.putArray("sorts"), spec.sorts());
        json.put("limit", spec.limit());
        json.putNull("column_limit");
        json.putNull("total");
        json.putNull("row_total");
        json.putNull("subtotals");
        json.putObject("vis_config").put("type", "looker_grid");
        json.putNull("filter_config");
        json.putNull("visible_ui_sections");
        json.put("slug", spec.id());
        json.putNull("dynamic_fields");
        json.put("client_id", spec.clientId());
        json.put("share_url", webBaseUrl + "/x/" + spec.clientId());
        json.put("expanded_share_url", webBaseUrl + exploreUrl(spec) + "&origin=share-expanded");
        json.put("url", exploreUrl(spec));
        json.put("query_timezone", "UTC");
        json.put("has_table_calculations", false);
        return json;
    }

    ObjectNode scheduledPlan(TheLook.ScheduledPlan plan) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", plan.id());
        json.put("name", plan.name());
        json.put("title", plan.name());
        json.put("user_id", plan.userId());
        json.put("look_id", plan.lookId());
        json.putNull("dashboard_id");
        json.put("lookml_dashboard_id", plan.lookmlDashboardId());
        json.put("enabled", true);
        json.put("crontab", "0 6 * * *");
        json.put("timezone", "UTC");
        json.put("require_results", false);
        json.put("send_all_results", true);
        return json;
    }

    ObjectNode user(TheLook.User user) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        can(json, "show", "index", "show_details", "index_details", "sudo");
        json.put("avatar_url", "https://gravatar.lookercdn.com/avatar/" + user.id() + "?s=156&d=blank");
        json.putObject("credentials_email")
                .put("email", user.email())
                .put("is_disabled", false)
                .put("type", "email");
        json.put("display_name", user.displayName());
        json.put("email", user.email());
        json.put("first_name", user.firstName());
        strings(json.putArray("group_ids"), user.groupIds());
        json.put("home_folder_id", user.personalFolderId());
        json.put("id", user.id());
        json.put("is_disabled", false);
        json.put("last_name", user.lastName());
        json.put("locale", "en");
        json.put("personal_folder_id", user.personalFolderId());
        strings(json.putArray("role_ids"), user.roleIds());
        json.put("verified_looker_employee", false);
        json.put("is_service_account", false);
        json.put("url", webBaseUrl + "/api/4.0/users/" + user.id());
        return json;
    }

    private static String exploreUrl(QuerySpec spec) {
        StringBuilder url = new StringBuilder("/explore/").append(spec.model()).append('/').append(spec.view())
                .append("?fields=").append(String.join(",", spec.fields()));
        for (Map.Entry<String, String> filter : spec.filters().entrySet()) {
            url.append("&f[").append(filter.getKey()).append("]=")
                    .append(URLEncoder.encode(filter.getValue(), StandardCharsets.UTF_8));
        }
        if (!spec.sorts().isEmpty()) {
            url.append("&sorts=").append(URLEncoder.encode(String.join(",", spec.sorts()), StandardCharsets.UTF_8));
        }
        return url.append("&limit=").append(spec.limit()).toString();
    }

    private static void can(ObjectNode json, String... permissions) {
        ObjectNode can = json.putObject("can");
        for (String permission : permissions) {
            can.put(permission, true);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
