package io.github.lookernats.bridge.secrets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The secrets that can be rotated without a restart, and the one thread that re-reads their files.
 * <p>
 * It polls instead of using a {@code WatchService}: Kubernetes updates a mounted Secret by swapping a symlink
 * ({@code ..data}) to a new directory, which file-change events report unreliably or not at all, while re-reading
 * a few small files every {@code bridge.secrets.refresh-interval} always sees the new content.
 */
public class SecretFiles implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFiles.class);

    private final SecretProperties properties;
    private final Map<String, RotatingSecret> secrets = new ConcurrentHashMap<>();
    private final List<Refreshable> watched = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller;

    public SecretFiles(SecretProperties properties) {
        this.properties = properties;
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "bridge-secret-files");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.refreshInterval().toMillis();
        poller.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * The secret named {@code key} (the file {@code <directory>/<key>}, the variable's name), switched at once when
     * the file changes. One object per key.
     *
     * @param setting the property it configures, for messages
     * @param configured the property's value, used while there is no file
     */
    public RotatingSecret secret(String key, String setting, String configured) {
        return secret(key, setting, configured, Duration.ZERO);
    }

    /** Like {@link #secret}, and the replaced value is still accepted for {@code bridge.secrets.grace-period}. */
    public RotatingSecret secretWithGrace(String key, String setting, String configured) {
        return secret(key, setting, configured, properties.gracePeriod());
    }

    /**
     * Calls {@code onChange} (on the refresh thread) whenever the content of {@code file} changes; for files that
     * their user reads itself. Fails with a clear message when the file cannot be read now.
     */
    public void watch(Path file, String setting, Runnable onChange) {
        watched.add(new WatchedFile(file, setting, onChange));
    }

    private RotatingSecret secret(String key, String setting, String configured, Duration grace) {
        return secrets.computeIfAbsent(key, name -> {
            RotatingSecret secret = new RotatingSecret(setting, configured, properties.directory().resolve(name), grace);
            watched.add(secret);
            return secret;
        });
    }

    private void refresh() {
        for (Refreshable file : watched) {
            try {
                file.refresh();
            } catch (RuntimeException e) {
                // the message names the file and the setting only; the old value stays in force
                LOG.warn("Secret rotation: {}", e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
