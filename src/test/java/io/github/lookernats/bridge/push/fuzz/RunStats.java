package io.github.lookernats.bridge.push.fuzz;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Counts of the answers and bases of a run, and the time spent in each phase: the run's printed summary. */
final class RunStats {
    private final Map<String, Integer> byAnswer = new TreeMap<>();
    private final Map<String, Integer> byBase = new TreeMap<>();
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    void time(String phase, long elapsed) {
        nanos.merge(phase, elapsed, Long::sum);
    }
    void count(FuzzCase fuzzCase, Answer answer, List<Finding> findings) {
        String key = answer.status() + (answer.body().contains("\"success\":true") ? " success"
                : answer.body().contains("deadLettered") || answer.body().contains("dead-letter") ? " dead-lettered"
                : answer.body().contains("\"success\":false") ? " refused/failed" : "");
        byAnswer.merge(key, 1, Integer::sum);
        byBase.merge(fuzzCase.base(), 1, Integer::sum);
    }

    @Override
    public String toString() {
        return "  answers: " + byAnswer + "\n  bases: " + byBase + "\n  ms per phase: " + nanos.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000).collect(Collectors.joining(", ")) + "\n";
    }
}
