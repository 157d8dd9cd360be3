package io.github.lookernats.bridge.push;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Log lines about refused pushes. Whoever holds a push secret (or none) can send any number of bad requests, so the
 * lines are rate-limited (a summary says how many were left out), and every value that came with a request is
 * neutralised first: control characters (CR, LF, ANSI escapes) would let a caller forge or hide log lines.
 */
final class RefusalLog {

    static final int MAX_VALUE_LENGTH = 200;

    private final Logger log;
    private final int perMinute;
    private long windowStart = System.nanoTime();
    private int inWindow;
    private long suppressed;

    RefusalLog(Logger log, int perMinute) {
        this.log = log;
        this.perMinute = perMinute;
    }

    /** Logs at WARN unless this minute's share is used up; arguments are neutralised with {@link #safe}. */
    void warn(String format, Object... arguments) {
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart > TimeUnit.MINUTES.toNanos(1)) {
                windowStart = now;
                inWindow = 0;
            }
            if (++inWindow > perMinute) {
                suppressed++;
                return;
            }
            left = suppressed;
            suppressed = 0;
        }
        Object[] safe = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            safe[i] = safe(arguments[i]);
        }
        log.warn(format, safe);
        if (left > 0) {
            log.warn("{} more refused pushes were not logged (at most {} lines a minute)", left, perMinute);
        }
    }

    /** A value fit for one log line: control characters become '?', and it is cut to {@value #MAX_VALUE_LENGTH} characters. */
    static String safe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_VALUE_LENGTH + 1));
        for (int i = 0; i < text.length() && out.length() < MAX_VALUE_LENGTH; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        if (text.length() > MAX_VALUE_LENGTH) {
            out.append('…');
        }
        return out.toString();
    }
}
