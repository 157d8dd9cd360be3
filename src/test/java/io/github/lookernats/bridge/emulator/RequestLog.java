package io.github.lookernats.bridge.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every request received, recorded on arrival; the status is filled in when the answer starts. */
final class RequestLog {

    static final class Entry {
        private final String method;
        private final String path;
        private final String query;
        private final Instant at;
        private final String authorization;
        private volatile int status;

        private Entry(String method, String path, String query, Instant at, String authorization) {
            this.method = method;
            this.path = path;
            this.query = query;
            this.at = at;
            this.authorization = authorization;
        }

        void answered(int status) {
            this.status = status;
        }

        private RecordedRequest toRecord() {
            return new RecordedRequest(method, path, query, status, at, authorization);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized Entry add(String method, String path, String query, String authorization) {
        Entry entry = new Entry(method, path, query, Instant.now(), authorization);
        entries.add(entry);
        return entry;
    }

    synchronized List<RecordedRequest> snapshot() {
        return entries.stream().map(Entry::toRecord).toList();
    }

    synchronized int count(String pathPrefix) {
        return (int) entries.stream().filter(entry -> entry.path.startsWith(pathPrefix)).count();
    }

    synchronized void clear() {
        entries.clear();
    }
}
