package io.github.lookernats.bridge.looker;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads the numbers in Looker's formatted CSV cells where that is safe: plain numbers, thousands separators and a
 * leading currency symbol ({@code 17,769,563}, {@code $1.92}, {@code -3.5}). Percentages, abbreviations such as
 * {@code 34.03K}, dates and anything else stay text only, because their value depends on the model's formatting.
 */
public final class FormattedNumbers {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?");
    private static final String CURRENCY = "$€£¥";
    /** Longer cells stay text only: a number this long is no number a consumer can use, and parsing costs grow with it. */
    static final int MAX_LENGTH = 100;

    private FormattedNumbers() {}

    /** The number in {@code text}, or null when it is not safely a number. */
    public static BigDecimal parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return null;
        }
        String value = text.strip();
        boolean negative = false;
        if (value.startsWith("-") && value.length() > 1 && CURRENCY.indexOf(value.charAt(1)) >= 0) {
            negative = true;
            value = value.substring(1);
        }
        if (!value.isEmpty() && CURRENCY.indexOf(value.charAt(0)) >= 0) {
            value = value.substring(1);
        }
        if (negative && (value.startsWith("-") || value.startsWith("+"))) {
            return null; // "-$-5" shows no number: a sign on each side of the symbol
        }
        if (!NUMBER.matcher(value).matches()) {
            return null;
        }
        BigDecimal number = new BigDecimal(value.replace(",", "").replace("+", ""));
        return negative ? number.negate() : number;
    }
}
