package io.github.lookernats.camel.events;

import java.util.Objects;

/**
 * Shape of the events published: subjects {@code <subjectPrefix>.<model>.<explore>.<rowSuffix|summarySuffix>} and
 * CloudEvents types {@code <typePrefix>.row.v1} and {@code <typePrefix>.summary.v1}. The bridge application makes
 * it from {@code bridge.events.*}; the {@code looker-events} component from its own options.
 */
public record EventShape(String subjectPrefix, String rowSuffix, String summarySuffix, String typePrefix) {

    /** The bridge's defaults: {@code looker.<model>.<explore>.row}, type {@code io.github.lookernats.looker.row.v1}. */
    public static final EventShape DEFAULT = new EventShape("looker", "row", "summary", "io.github.lookernats.looker");

    public EventShape {
        SubjectNames.requireToken("subjectPrefix", subjectPrefix);
        SubjectNames.requireToken("rowSuffix", rowSuffix);
        SubjectNames.requireToken("summarySuffix", summarySuffix);
        if (Objects.requireNonNull(typePrefix, "typePrefix").isBlank()) {
            throw new IllegalArgumentException("typePrefix must not be blank");
        }
    }

    public String rowType() {
        return typePrefix + ".row.v1";
    }

    public String summaryType() {
        return typePrefix + ".summary.v1";
    }
}
