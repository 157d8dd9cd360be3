package io.github.lookernats.bridge.looker;

/**
 * Bounds on one CSV table, so a hostile or broken file cannot take the heap or the CPU: a row is refused once it
 * grows past {@code maxRowChars} (the parser never holds a bigger one), a cell past {@code maxCellChars}, a row
 * with more than {@code maxColumns} cells.
 */
public record CsvLimits(int maxColumns, int maxRowChars, int maxCellChars) {}
