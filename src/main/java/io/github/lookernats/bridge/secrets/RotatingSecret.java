package io.github.lookernats.bridge.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret that may change while the bridge runs: the value of its file when there is one (re-read by
 * {@link SecretFiles}), else the value it was started with. After a change the replaced value is still accepted by
 * {@link #matches} for the grace period, so the other side (Looker) need not switch at the same moment.
 */
public final class RotatingSecret implements Refreshable {

    private static final Logger LOG = LoggerFactory.getLogger(RotatingSecret.class);

    private final String setting;
    private final Path file;
    private final Duration grace;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile State state;

    /** What is accepted now; {@code hash} is the file content's, to notice a change without keeping old content. */
    private record State(String current, byte[] hash, String previous, Instant previousUntil) {}

    /**
     * @param setting the property it configures, for messages (e.g. {@code bridge.push.webhook.token})
     * @param configured the property's value at start-up, used when the file is absent or empty
     * @param file the file that overrides and rotates it; it may appear later
     * @param grace how long a replaced value is still accepted
     */
    RotatingSecret(String setting, String configured, Path file, Duration grace) {
        this.setting = setting;
        this.file = file;
        this.grace = grace;
        String value = configured;
        byte[] hash = null;
        if (Files.exists(file)) {
            byte[] content = SecretFile.read(file, setting);
            hash = SecretFile.sha256(content);
            String text = SecretFile.text(content);
            if (!text.isBlank()) {
                if (configured != null && !configured.isBlank() && !SecretFile.sameSecret(configured, text)) {
                    LOG.info("{} is set in the environment too; the file {} wins, as the one that can be rotated", setting, file);
                }
                value = text;
            }
        }
        this.state = new State(value, hash, null, null);
    }

    /** The secret in force now; null or blank when unset. */
    public String current() {
        return state.current();
    }

    public boolean isSet() {
        String current = state.current();
        return current != null && !current.isBlank();
    }

    /** Whether {@code candidate} is the current secret or, within the grace period, the one it replaced; constant time. */
    public boolean matches(String candidate) {
        State now = state;
        boolean current = SecretFile.sameSecret(candidate, now.current());
        boolean previous = now.previous() != null && Instant.now().isBefore(now.previousUntil())
                && SecretFile.sameSecret(candidate, now.previous());
        return current | previous;
    }

    /** Runs {@code listener} (on the refresh thread) after each change. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void refresh() {
        if (!Files.exists(file)) {
            return; // a missing file changes nothing: the secret keeps the value it has
        }
        byte[] content = SecretFile.read(file, setting);
        byte[] hash = SecretFile.sha256(content);
        State before = state;
        if (before.hash() != null && MessageDigest.isEqual(hash, before.hash())) {
            return;
        }
        String text = SecretFile.text(content);
        if (text.isBlank() || SecretFile.sameSecret(text, before.current())) {
            if (text.isBlank()) {
                LOG.warn("{}: the file {} is empty; keeping the secret in force", setting, file);
            }
            state = new State(before.current(), hash, before.previous(), before.previousUntil());
            return;
        }
        boolean keepPrevious = !grace.isZero() && before.current() != null && !before.current().isBlank();
        Instant until = Instant.now().plus(grace);
        state = new State(text, hash, keepPrevious ? before.current() : null, keepPrevious ? until : null);
        if (keepPrevious) {
            LOG.info("{} changed (file {}); the previous value is still accepted until {}", setting, file, until);
        } else {
            LOG.info("{} changed (file {})", setting, file);
        }
        listeners.forEach(Runnable::run);
    }
}
