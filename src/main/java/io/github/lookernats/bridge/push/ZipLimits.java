package io.github.lookernats.bridge.push;

import io.github.lookernats.camel.looker.client.InputLimitException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Checks a {@code csv_zip} attachment before any of its rows is read: that it is a zip that holds CSV files, and
 * that it stays within the limits. A few hundred kilobytes of zip can inflate to gigabytes, and rows published
 * before a limit is hit could not be taken back. The attachment is already in memory
 * (it came in the request), so a first pass that only inflates and counts costs CPU, bounded by the same limits.
 */
final class ZipLimits {

    /** Below this many inflated bytes the compression ratio is not judged: small files compress unevenly. */
    static final long RATIO_FLOOR = 1024 * 1024;

    private ZipLimits() {}

    static void check(InputStream compressed, PushProperties.Limits limits) {
        CountingStream raw = new CountingStream(compressed);
        long maxEntry = limits.maxInflatedEntrySize().toBytes();
        long maxTotal = limits.maxInflatedSize().toBytes();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int entries = 0;
        int tables = 0;
        try (ZipInputStream zip = new ZipInputStream(raw)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxZipEntries()) {
                    throw new InputLimitException(413, "the csv_zip attachment has more than " + limits.maxZipEntries()
                            + " files (bridge.push.limits.max-zip-entries)");
                }
                if (!entry.isDirectory() && entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                    tables++;
                }
                long size = 0;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    size += n;
                    total += n;
                    if (size > maxEntry) {
                        throw new InputLimitException(413, "a file of the csv_zip attachment inflates to more than "
                                + maxEntry + " bytes (bridge.push.limits.max-inflated-entry-size)");
                    }
                    if (total > maxTotal) {
                        throw new InputLimitException(413, "the csv_zip attachment inflates to more than " + maxTotal
                                + " bytes (bridge.push.limits.max-inflated-size)");
                    }
                    if (total > RATIO_FLOOR && total > limits.maxCompressionRatio() * Math.max(raw.count, 1)) {
                        throw new InputLimitException(413, "the csv_zip attachment inflates more than "
                                + limits.maxCompressionRatio() + " times (bridge.push.limits.max-compression-ratio)");
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: the base64 decoder's word for data that is not base64
            throw DeliveryRejectedException.malformed("the csv_zip attachment is not a readable zip: " + e.getMessage());
        }
        if (tables == 0) {
            throw DeliveryRejectedException.malformed("the csv_zip attachment holds no CSV file"
                    + (entries == 0 ? " (it is not a zip, or an empty one)" : ""));
        }
    }

    /** Counts the compressed bytes the inflater has taken. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }
}
