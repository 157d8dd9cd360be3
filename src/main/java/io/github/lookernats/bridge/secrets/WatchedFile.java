package io.github.lookernats.bridge.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A file whose user reads it itself (the NATS creds file): only told when its content changes. */
final class WatchedFile implements Refreshable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

    private final Path file;
    private final String setting;
    private final Runnable onChange;
    private byte[] hash;

    WatchedFile(Path file, String setting, Runnable onChange) {
        this.file = file;
        this.setting = setting;
        this.onChange = onChange;
        this.hash = SecretFile.sha256(SecretFile.read(file, setting));
    }

    @Override
    public void refresh() {
        if (!Files.exists(file)) {
            return;
        }
        byte[] now = SecretFile.sha256(SecretFile.read(file, setting));
        if (!MessageDigest.isEqual(now, hash)) {
            hash = now;
            LOG.info("{} changed (file {})", setting, file);
            onChange.run();
        }
    }
}
