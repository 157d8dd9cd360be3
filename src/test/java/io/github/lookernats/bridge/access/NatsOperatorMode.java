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
    /** A user of the account without limits, for the test's own set-up and checks. */
    final Path adminCreds;
    final Path serverLog;
    private final java.util.Map<String, String> userKeys = new java.util.HashMap<>();
    final NatsTestServer server;

    /** @param bridge the bridge's user's permissions: {@link BridgePermissions}, as operators would give them */
    NatsOperatorMode(TeamPermissions bridge) throws Exception {
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
        bridgeCreds = creds("bridge", new JwtUtils.UserClaim(pub(account))
                .pub(new JwtUtils.Permission().allow(bridge.publish().toArray(String[]::new)))
                .sub(new JwtUtils.Permission().allow(bridge.subscribe().toArray(String[]::new))));
        adminCreds = creds("admin", new JwtUtils.UserClaim(pub(account)));
        serverLog = dir.resolve("nats-server.log");
        server = NatsTestServer.withConfig(
                "log_file: \"" + serverLog + "\"",
                "operator: \"" + operatorJwt + "\"",
                "system_account: \"" + pub(systemAccount) + "\"",
                "resolver: MEMORY",
                "resolver_preload: {",
                "  " + pub(systemAccount) + ": \"" + systemJwt + "\"",
                "  " + pub(account) + ": \"" + accountJwt + "\"",
                "}");
    }

    private Path creds(String name, JwtUtils.UserClaim claim) throws Exception {
        NKey user = key(NKey.Type.USER);
        userKeys.put(name, pub(user));
        String jwt = JwtUtils.issueUserJWT(signingKey, pub(user), name, null, JwtUtils.currentTimeSeconds(), null, claim);
        Path file = dir.resolve(name + ".creds");
        Files.writeString(file, String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, new String(user.getSeed())));
        return file;
    }

    /**
     * The server's log lines reporting a permissions violation by the user of this name (the server names a JWT user
     * by its public key), or on the connection of this name.
     */
    java.util.List<String> violations(String user) throws Exception {
        if (!Files.exists(serverLog)) {
            return java.util.List.of();
        }
        String key = userKeys.getOrDefault(user, user);
        return Files.readAllLines(serverLog).stream()
                .filter(line -> line.contains("Violation") && (line.contains(key) || line.contains(user))).toList();
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
