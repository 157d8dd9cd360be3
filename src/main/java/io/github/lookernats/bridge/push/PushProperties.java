package io.github.lookernats.bridge.push;

import io.github.lookernats.camel.events.LookerEventsComponent;

import io.github.lookernats.bridge.looker.CsvLimits;
import jakarta.validation.constraints.Min;
import java.net.URI;
import io.github.lookernats.camel.events.SubjectNames;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Looker's pushes: the built-in webhook destination and the Action Hub.
 *
 * @param maxBodySize largest delivery body accepted; bigger ones get 413 (use the streaming {@code url} download
 *     setting for big results). Capped at a tenth of the heap: parsing a delivery holds up to seven times its body
 * @param downloadTimeout longest time a streaming {@code download_url} may take, from request to the last byte
 * @param downloadIdleTimeout longest wait for the next bytes of a download; a stalled download is dead-lettered
 * @param downloadAllowedOrigins origins ({@code https://host[:port]}) besides {@code bridge.looker.base-url}'s that a
 *     {@code download_url} may point at, or redirect to; {@code http://} only for development
 * @param fallbackModel model subject token for deliveries without a query (dashboards, cells)
 * @param dashboards subject tokens per dashboard, keyed by the scheduled plan's title
 * @param limits bounds on what one delivery may make the bridge read
 * @param webhook the built-in webhook destination
 * @param actionHub the Action Hub (Action API)
 * @param rowRoutes row steps for pushed deliveries, by delivery route ({@code looker-webhook} or
 *     {@code action-<name>}): the {@code direct:} route of the route files each row goes through (README, "Row steps")
 */
@Validated
@ConfigurationProperties("bridge.push")
public record PushProperties(
        @DefaultValue("64MB") @NotNull DataSize maxBodySize,
        @DefaultValue("13m") @NotNull Duration downloadTimeout,
        @DefaultValue("60s") @NotNull Duration downloadIdleTimeout,
        @DefaultValue List<@NotNull URI> downloadAllowedOrigins,
        @DefaultValue("looker_push") @NotBlank @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String fallbackModel,
        @DefaultValue Map<String, @Valid Subject> dashboards,
        @DefaultValue @Valid @NotNull Limits limits,
        @DefaultValue @Valid @NotNull Webhook webhook,
        @DefaultValue @Valid @NotNull ActionHub actionHub,
        @DefaultValue Map<String, @NotNull @Pattern(regexp = "direct:[A-Za-z0-9._-]+",
                message = "must name a direct: route of the route files, such as direct:webhook-rows") String> rowRoutes) {

    /** The endpoint that publishes a delivery of this route: with its row steps, if it has any. */
    public String publishUri(String deliveryRoute) {
        String rowRoute = rowRoutes.get(deliveryRoute);
        return rowRoute == null ? LookerEventsComponent.PUBLISH_URI : LookerEventsComponent.PUBLISH_URI + "?rowRoute=" + rowRoute;
    }

    /** Measured: a delivery's body, its parsed envelope and its decoded attachment hold up to seven times the body. */
    public static final int HEAP_PER_BODY_BYTE = 7;

    /**
     * {@code max-body-size}, capped so that one delivery cannot take more than about 70 % of the heap: a delivery
     * is always admitted when no other is in progress, so the cap is what keeps a single big push from an
     * OutOfMemoryError.
     */
    public long effectiveMaxBodySize() {
        return Math.min(maxBodySize.toBytes(), Runtime.getRuntime().maxMemory() / (HEAP_PER_BODY_BYTE + 3));
    }

    /**
     * What one delivery may make the bridge read. Each is answered with a 4xx and a dead letter when passed.
     *
     * @param maxZipEntries files in a {@code csv_zip} attachment
     * @param maxInflatedEntrySize bytes one file of a {@code csv_zip} may inflate to
     * @param maxInflatedSize bytes all files of a {@code csv_zip} may inflate to together
     * @param maxCompressionRatio how many times its compressed size a {@code csv_zip} may inflate to (judged past 1 MB)
     * @param maxColumns cells in one CSV row
     * @param maxRowSize characters in one CSV row
     * @param maxCellSize characters in one CSV cell
     * @param maxBytesInProgress heap that deliveries being processed at once may hold (each counted as seven times
     *     its body: the bytes, the parsed envelope, the decoded attachment); beyond it pushes get 429 with
     *     {@code Retry-After}. A delivery is always taken when no other is in progress. 0: half the heap
     */
    public record Limits(
            @DefaultValue("100") @Min(1) int maxZipEntries,
            @DefaultValue("64MB") @NotNull DataSize maxInflatedEntrySize,
            @DefaultValue("256MB") @NotNull DataSize maxInflatedSize,
            @DefaultValue("100") @Min(1) int maxCompressionRatio,
            @DefaultValue("1000") @Min(1) int maxColumns,
            @DefaultValue("1MB") @NotNull DataSize maxRowSize,
            @DefaultValue("256KB") @NotNull DataSize maxCellSize,
            @DefaultValue("0B") @NotNull DataSize maxBytesInProgress) {

        public CsvLimits csv() {
            return new CsvLimits(maxColumns, (int) Math.min(Integer.MAX_VALUE, maxRowSize.toBytes()),
                    (int) Math.min(Integer.MAX_VALUE, maxCellSize.toBytes()));
        }

        /** The in-progress budget in bytes. */
        public long bytesInProgress() {
            return maxBytesInProgress.toBytes() > 0 ? maxBytesInProgress.toBytes() : Runtime.getRuntime().maxMemory() / 2;
        }
    }

    /**
     * @param path where Looker POSTs webhook deliveries
     * @param token the instance's outgoing webhook token (Admin → General settings); the endpoint is off while unset
     * @param instance when set, the {@code X-Looker-Instance} header must match it
     */
    public record Webhook(@DefaultValue("/looker/webhook") @NotBlank String path, String token, String instance) {}

    /**
     * @param path the Action Hub URL an admin registers in Looker; actions live below it
     * @param secret the authorization token an admin enters with the hub; the hub is off while unset
     * @param label name of the hub shown in Looker
     * @param publicUrl the bridge's base URL as Looker reaches it (for action URLs); from the request when unset
     * @param actions the actions offered; two defaults when none are configured
     */
    public record ActionHub(
            @DefaultValue("/looker/action-hub") @NotBlank String path,
            String secret,
            @DefaultValue("Looker → NATS bridge") @NotBlank String label,
            String publicUrl,
            @DefaultValue List<@Valid Action> actions) {

        /** The configured actions, or the two defaults: push delivery and streaming download. */
        public List<Action> effectiveActions() {
            if (!actions.isEmpty()) {
                return actions;
            }
            return List.of(
                    new Action("nats", "Publish to NATS", "Publish each row and a summary as CloudEvents to NATS JetStream",
                            List.of("query", "dashboard", "cell"), List.of("json", "json_detail", "inline_json", "csv", "csv_zip"),
                            List.of("push"), null, null, List.of()),
                    new Action("nats_stream", "Publish to NATS (streamed)", "For large results: Looker hands over a download URL that the bridge streams",
                            List.of("query"), List.of("json", "json_detail", "csv"), List.of("url"), null, null, List.of()));
        }

        @AssertTrue(message = "action names must be unique")
        public boolean isActionNamesUnique() {
            return actions.stream().map(Action::name).distinct().count() == actions.size();
        }
    }

    /**
     * One action of the hub.
     *
     * @param name identifier in URLs ({@code /actions/<name>/execute})
     * @param label shown to Looker users
     * @param description shown to Looker users
     * @param supportedActionTypes {@code query}, {@code dashboard}, {@code cell}
     * @param supportedFormats {@code json}, {@code json_detail}, {@code inline_json}, {@code csv}, {@code csv_zip}
     * @param supportedDownloadSettings {@code push} (data in the request) and/or {@code url} (streamed download)
     * @param model model subject token when the delivery has no query
     * @param explore explore subject token when the delivery has no query
     * @param subjects the subject tokens a user may choose in the action's form (a select; nothing else is
     *     accepted from the form); no form field when empty
     */
    public record Action(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9_-]+") String name,
            @NotBlank String label,
            String description,
            @NotEmpty List<String> supportedActionTypes,
            @NotEmpty List<String> supportedFormats,
            @NotEmpty List<String> supportedDownloadSettings,
            @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String model,
            @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String explore,
            @DefaultValue List<@Valid Subject> subjects) {

        static final Set<String> TYPES = Set.of("query", "dashboard", "cell");
        static final Set<String> FORMATS = Set.of("json", "json_detail", "inline_json", "csv", "csv_zip");
        static final Set<String> DOWNLOADS = Set.of("push", "url");

        @AssertTrue(message = "supported types are query, dashboard, cell; formats json, json_detail, inline_json, csv, csv_zip; downloads push, url")
        public boolean isSupportedValuesKnown() {
            return TYPES.containsAll(supportedActionTypes) && FORMATS.containsAll(supportedFormats)
                    && DOWNLOADS.containsAll(supportedDownloadSettings);
        }
    }

    /** Subject tokens for deliveries that carry no query. */
    public record Subject(
            @NotBlank @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String model,
            @NotBlank @Pattern(regexp = SubjectNames.TOKEN_PATTERN, message = SubjectNames.TOKEN_MESSAGE) String explore) {

        /** How the pair is named in an action's form, {@code model.explore}. */
        public String name() {
            return model + "." + explore;
        }
    }
}
