package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.support.NatsTestServer;
import io.github.lookernats.bridge.support.TempFiles;
import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * A nats-server in operator mode (decentralised JWT auth): an operator, a system account and the bridge's account,
 * preloaded into a MEMORY resolver. The account JWT lists two signing keys (the second for rotation) and allows
 * JetStream. jnats only has user claims, so the operator and account claims are small {@link JsonSerializable}s here.
 */
final class NatsOperatorMode implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    final NKey operator = key(NKey.Type.OPERATOR);
    final NKey systemAccount = key(NKey.Type.ACCOUNT);
    final NKey account = key(NKey.Type.ACCOUNT);
    final NKey signingKey = key(NKey.Type.ACCOUNT);
    final NKey nextSigningKey = key(NKey.Type.ACCOUNT);
    final Path dir;
    final Path signingKeyFile;
    final Path bridgeCreds;
    final NatsTestServer server;

    NatsOperatorMode() throws Exception {
        dir = Files.createTempDirectory("bridge-operator-");
        String operatorJwt = jwt(operator, operator, "test-operator", () -> "{\"type\":\"operator\",\"version\":2}");
        String systemJwt = jwt(operator, systemAccount, "SYS", () -> "{\"type\":\"account\",\"version\":2,\"limits\":"
                + "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}}");
        String accountJwt = jwt(operator, account, "LOOKER", () -> "{\"type\":\"account\",\"version\":2,"
                + "\"signing_keys\":[\"" + pub(signingKey) + "\",\"" + pub(nextSigningKey) + "\"],"
                + "\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,"
                + "\"conn\":-1,\"leaf\":-1,\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}");
        signingKeyFile = dir.resolve("signing.nk");
        writeSeed(signingKey);
        // the bridge's own user: same account, no permission limits (broad is fine for this test)
        NKey bridgeUser = key(NKey.Type.USER);
        String bridgeJwt = JwtUtils.issueUserJWT(signingKey, pub(bridgeUser), "bridge", null,
                JwtUtils.currentTimeSeconds(), null, new JwtUtils.UserClaim(pub(account)));
        bridgeCreds = dir.resolve("bridge.creds");
        Files.writeString(bridgeCreds, String.format(JwtUtils.NATS_USER_JWT_FORMAT, bridgeJwt, new String(bridgeUser.getSeed())));
        server = NatsTestServer.withConfig(
                "operator: \"" + operatorJwt + "\"",
                "system_account: \"" + pub(systemAccount) + "\"",
                "resolver: MEMORY",
                "resolver_preload: {",
                "  " + pub(systemAccount) + ": \"" + systemJwt + "\"",
                "  " + pub(account) + ": \"" + accountJwt + "\"",
                "}");
    }

    String accountKey() {
        return pub(account);
    }

    String url() {
        return server.url();
    }

    /** Puts another signing key's seed into the key file, with a modification time of its own. */
    void useSigningKey(NKey key, Instant modified) throws Exception {
        Path next = dir.resolve("signing.nk.next");
        Files.writeString(next, new String(key.getSeed()));
        Files.move(next, signingKeyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(signingKeyFile, FileTime.from(modified));
    }

    private void writeSeed(NKey key) throws Exception {
        Files.writeString(signingKeyFile, new String(key.getSeed()));
    }

    static String pub(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwt(NKey issuer, NKey subject, String name, JsonSerializable claim) throws Exception {
        return JwtUtils.issueJWT(issuer, pub(subject), name, null, JwtUtils.currentTimeSeconds(), pub(issuer), null, claim);
    }

    private static NKey key(NKey.Type type) {
        try {
            return switch (type) {
                case OPERATOR -> NKey.createOperator(RANDOM);
                case ACCOUNT -> NKey.createAccount(RANDOM);
                case USER -> NKey.createUser(RANDOM);
                default -> throw new IllegalArgumentException(type.toString());
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        TempFiles.deleteRecursively(dir);
    }
}
