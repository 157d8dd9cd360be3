package io.github.lookernats.camel.looker.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A response body with an idle limit (longest wait for the next bytes) and a total limit. The JDK client's request
 * timeout ends when the headers arrive, so a server that stalls mid-body would hold the reading thread (a Quartz
 * job, a Tomcat request) for ever: a watchdog closes the stream instead, which ends the blocked read.
 */
public final class TimedBody extends FilterInputStream {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "body-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final String what;
    private final long idleNanos;
    private final long totalNanos;
    private final long started = System.nanoTime();
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = started;
    private volatile String expired;

    /**
     * @param what names the body in the error, e.g. "download_url" (never the URL itself: it may hold a token)
     */
    public TimedBody(InputStream body, String what, Duration idle, Duration total) {
        super(body);
        this.what = what;
        this.idleNanos = idle.toNanos();
        this.totalNanos = total.toNanos();
        long period = Math.max(50, Math.min(idle.toMillis(), total.toMillis()) / 4);
        this.check = WATCHDOG.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    private void watch() {
        long now = System.nanoTime();
        if (now - lastProgress > idleNanos) {
            expire(what + " sent no data for " + Duration.ofNanos(idleNanos).toSeconds() + " s");
        } else if (now - started > totalNanos) {
            expire(what + " was not complete after " + Duration.ofNanos(totalNanos).toSeconds() + " s");
        }
    }

    private void expire(String reason) {
        expired = reason;
        check.cancel(false);
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader sees the expiry, which says more than a failed close
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            return progress(b);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            return progress(n);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private int progress(int result) throws IOException {
        if (expired != null) {
            throw new BodyTimeoutException(expired);
        }
        lastProgress = System.nanoTime();
        return result;
    }

    private IOException failure(IOException e) {
        return expired != null ? new BodyTimeoutException(expired) : e;
    }

    @Override
    public void close() throws IOException {
        check.cancel(false);
        super.close();
    }

    /** The body stalled or took too long; the stream is closed. */
    public static class BodyTimeoutException extends InterruptedIOException {
        public BodyTimeoutException(String message) {
            super(message);
        }
    }
}
