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
        json.writeStringField("status", "complete");
        json.writeBooleanField("from_cache", true);
        json.writeStringField("id", result.id());
        json.writeStringField("result_source", "query");
        json.writeBooleanField("supports_pivot_in_db", true);
        json.writeStringField("null_sort_treatment", "low");
        json.writeBooleanField("expired", false);
        json.writeStringField("ran_at", RAN_AT);
        json.writeStringField("runtime", "0.412");
        json.writeStringField("sql", result.sql());
        writeFields();
        json.writeArrayFieldStart("fill_fields");
        json.writeEndArray();
        json.writeBooleanField("has_totals", false);
        json.writeBooleanField("has_row_totals", false);
        writeAppliedFilters();
        json.writeNullField("applied_filter_expression");
        json.writeObjectFieldStart("explore");
        json.writeStringField("name", result.explore().name());
        json.writeStringField("label", result.explore().label());
        json.writeStringField("description", result.explore().description());
        json.writeEndObject();
        json.writeStringField("timezone", "UTC");
        json.writeArrayFieldStart("data");
    }

    @Override
    public void row(long row) throws IOException {
        json.writeStartObject();
        for (FieldDef field : result.fields()) {
            Object value = result.value(row, field);
            json.writeObjectFieldStart(field.name());
            json.writeFieldName("value");
            writeValue(value);
            if (field.measure() && value != null) {
                json.writeStringField("rendered", rendered(field, value));
            }
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.writeArrayFieldStart("errors");
        json.writeEndArray();
        json.writeEndObject();
        json.close();
    }

    private void writeFields() throws IOException {
        json.writeObjectFieldStart("fields");
        writeFieldList("measures", result.fields().stream().filter(FieldDef::measure).toList());
        writeFieldList("dimensions", result.fields().stream().filter(f -> !f.measure()).toList());
        writeFieldList("table_calculations", List.of());
        writeFieldList("pivots", List.of());
        json.writeEndObject();
    }

    private void writeFieldList(String name, List<FieldDef> fields) throws IOException {
        json.writeArrayFieldStart(name);
        for (FieldDef field : fields) {
            writeFieldMetadata(field);
        }
        json.writeEndArray();
    }

    private void writeFieldMetadata(FieldDef field) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", field.name());
        json.writeStringField("label", field.label());
        json.writeArrayFieldStart("tags");
        json.writeEndArray();
        json.writeStringField("label_short", field.labelShort());
        json.writeStringField("view_label", field.viewLabel());
        json.writeBooleanField("primary_key", field.primaryKey());
        json.writeStringField("type", field.type());
        json.writeStringField("category", field.category());
        json.writeStringField("align", field.numeric() ? "right" : "left");
        json.writeBooleanField("measure", field.measure());
        json.writeBooleanField("is_filter", false);
        json.writeBooleanField("hidden", false);
        json.writeStringField("view", field.view());
        json.writeBooleanField("is_numeric", field.numeric());
        json.writeStringField("scope", field.view());
        json.writeBooleanField("can_filter", true);
        json.writeBooleanField("sortable", true);
        json.writeStringField("value_format", field.valueFormat());
        json.writeStringField("field_group_label", field.fieldGroupLabel());
        json.writeStringField("field_group_variant", field.fieldGroupVariant());
        json.writeStringField("lookml_link",
                "/projects/thelook/files/" + field.view() + ".view.lkml?line=" + (10 + field.field().length()));
        json.writeStringField("suggest_explore", result.explore().name());
        json.writeStringField("suggest_dimension", field.name());
        json.writeEndObject();
    }

    private void writeAppliedFilters() throws IOException {
        json.writeObjectFieldStart("applied_filters");
        for (Map.Entry<String, String> filter : result.query().filters().entrySet()) {
            json.writeObjectFieldStart(filter.getKey());
            json.writeFieldName("field");
            writeFieldMetadata(FieldDef.of(filter.getKey()));
            json.writeStringField("value", filter.getValue());
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
