package io.github.lookernats.bridge.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Format {@code json_detail}: metadata, then {@code data} with one cell object per value. Property order follows
 * the real example (examples/run_query_json_detail.json), so the data array comes late in the document.
 */
final class JsonDetailWriter extends JsonResultWriter {

    /** Fixed so that equal requests give byte-identical bodies; the results claim to come from cache. */
    private static final String RAN_AT = "2024-07-01T06:00:00+00:00";

    JsonDetailWriter(OutputStream body, QueryResult result) throws IOException {
        super(body, result);
    }

    @Override
    public void begin() throws IOException {
        json.writeStartObject();
        json.writeStringProperty("status", "complete");
        json.writeBooleanProperty("from_cache", true);
        json.writeStringProperty("id", result.id());
        json.writeStringProperty("result_source", "query");
        json.writeBooleanProperty("supports_pivot_in_db", true);
        json.writeStringProperty("null_sort_treatment", "low");
        json.writeBooleanProperty("expired", false);
        json.writeStringProperty("ran_at", RAN_AT);
        json.writeStringProperty("runtime", "0.412");
        json.writeStringProperty("sql", result.sql());
        writeFields();
        json.writeArrayPropertyStart("fill_fields");
        json.writeEndArray();
        json.writeBooleanProperty("has_totals", false);
        json.writeBooleanProperty("has_row_totals", false);
        writeAppliedFilters();
        json.writeNullProperty("applied_filter_expression");
        json.writeObjectPropertyStart("explore");
        json.writeStringProperty("name", result.explore().name());
        json.writeStringProperty("label", result.explore().label());
        json.writeStringProperty("description", result.explore().description());
        json.writeEndObject();
        json.writeStringProperty("timezone", "UTC");
        json.writeArrayPropertyStart("data");
    }

    @Override
    public void row(long row) throws IOException {
        json.writeStartObject();
        for (FieldDef field : result.fields()) {
            Object value = result.value(row, field);
            json.writeObjectPropertyStart(field.name());
            json.writeName("value");
            writeValue(value);
            if (field.measure() && value != null) {
                json.writeStringProperty("rendered", rendered(field, value));
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.writeArrayPropertyStart("errors");
        json.writeEndArray();
        json.writeEndObject();
        json.close();
    }

    private void writeFields() throws IOException {
        json.writeObjectPropertyStart("fields");
        writeFieldList("measures", result.fields().stream().filter(FieldDef::measure).toList());
        writeFieldList("dimensions", result.fields().stream().filter(f -> !f.measure()).toList());
        writeFieldList("table_calculations", List.of());
        writeFieldList("pivots", List.of());
        json.writeEndObject();
    }

    private void writeFieldList(String name, List<FieldDef> fields) throws IOException {
        json.writeArrayPropertyStart(name);
        for (FieldDef field : fields) {
            writeFieldMetadata(field);
        }
        json.writeEndArray();
    }

    private void writeFieldMetadata(FieldDef field) throws IOException {
        json.writeStartObject();
        json.writeStringProperty("name", field.name());
        json.writeStringProperty("label", field.label());
        json.writeArrayPropertyStart("tags");
        json.writeEndArray();
        json.writeStringProperty("label_short", field.labelShort());
        json.writeStringProperty("view_label", field.viewLabel());
        json.writeBooleanProperty("primary_key", field.primaryKey());
        json.writeStringProperty("type", field.type());
        json.writeStringProperty("category", field.category());
        json.writeStringProperty("align", field.numeric() ? "right" : "left");
        json.writeBooleanProperty("measure", field.measure());
        json.writeBooleanProperty("is_filter", false);
        json.writeBooleanProperty("hidden", false);
        json.writeStringProperty("view", field.view());
        json.writeBooleanProperty("is_numeric", field.numeric());
        json.writeStringProperty("scope", field.view());
        json.writeBooleanProperty("can_filter", true);
        json.writeBooleanProperty("sortable", true);
        json.writeStringProperty("value_format", field.valueFormat());
        json.writeStringProperty("field_group_label", field.fieldGroupLabel());
        json.writeStringProperty("field_group_variant", field.fieldGroupVariant());
        json.writeStringProperty("lookml_link",
                "/projects/thelook/files/" + field.view() + ".view.lkml?line=" + (10 + field.field().length()));
        json.writeStringProperty("suggest_explore", result.explore().name());
        json.writeStringProperty("suggest_dimension", field.name());
        json.writeEndObject();
    }

    private void writeAppliedFilters() throws IOException {
        json.writeObjectPropertyStart("applied_filters");
        for (Map.Entry<String, String> filter : result.query().filters().entrySet()) {
            json.writeObjectPropertyStart(filter.getKey());
            json.writeName("field");
            writeFieldMetadata(FieldDef.of(filter.getKey()));
            json.writeStringProperty("value", filter.getValue());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    /** What apply_formatting would show: grouped integers, and dollars for money measures. */
    private static String rendered(FieldDef field, Object value) {
        if (value instanceof BigDecimal decimal) {
            return String.format(Locale.US, "$%,.2f", decimal);
        }
        return String.format(Locale.US, "%,d", (Long) value);
    }
}
