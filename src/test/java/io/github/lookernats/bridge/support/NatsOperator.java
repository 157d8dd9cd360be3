package io.github.lookernats.bridge.support;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

/**
 * A NATS operator with a system account and one account that may use JetStream, for a nats-server in operator
 * (JWT) mode with the memory resolver: the decentralised auth that {@code nsc} sets up, without {@code nsc}.
 * jnats signs the JWTs ({@link JwtUtils#issueJWT}); only the claims of the operator and the accounts are written
 * here, since jnats builds user claims alone.
 */
public final class NatsOperator {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NKey operator;
    private final NKey systemAccount;
    private final NKey account;
    /** Users are signed with this key of the account, as nsc's scoped signing keys do, not with the account's own key. */
    private final NKey accountSigningKey;

    public NatsOperator() {
        try {
            operator = NKey.createOperator(RANDOM);
            systemAccount = NKey.createAccount(RANDOM);
            account = NKey.createAccount(RANDOM);
            accountSigningKey = NKey.createAccount(RANDOM);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server configuration lines: operator, system account, memory resolver with both accounts preloaded. */
    public List<String> serverConfig() {
        String operatorJwt = jwt(operator, operator, "test-operator",
                "{\"type\":\"operator\",\"version\":2,\"system_account\":\"" + publicKey(systemAccount) + "\"}");
        String systemJwt = jwt(operator, systemAccount, "SYS", "{\"type\":\"account\",\"version\":2,\"limits\":"
                + "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}}");
        String accountJwt = jwt(operator, account, "BRIDGE", "{\"type\":\"account\",\"version\":2,"
                + "\"signing_keys\":[\"" + publicKey(accountSigningKey) + "\"],\"limits\":"
                + "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1,"
                + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}");
        return List.of("operator: \"" + operatorJwt + "\"",
                "system_account: \"" + publicKey(systemAccount) + "\"",
                "resolver: MEMORY",
                "resolver_preload: {",
                "  " + publicKey(systemAccount) + ": \"" + systemJwt + "\"",
                "  " + publicKey(account) + ": \"" + accountJwt + "\"",
                "}");
    }

    /** A new user of the account. */
    public User newUser(String name) {
        try {
            NKey user = NKey.createUser(RANDOM);
            String jwt = JwtUtils.issueUserJWT(accountSigningKey, publicKey(user), name, null, JwtUtils.currentTimeSeconds(),
                    new JwtUtils.UserClaim(publicKey(account)));
            return new User(publicKey(user), jwt, new String(user.getSeed()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A user: its public key (what the server reports as the connection's user), JWT and seed. */
    public record User(String publicKey, String jwt, String seed) {

        /** The content of a {@code .creds} file, as {@code nsc generate creds} writes it. */
        public String creds() {
            return String.format(JwtUtils.NATS_USER_JWT_FORMAT, jwt, seed);
        }
    }

    private static String jwt(NKey signer, NKey subject, String name, String natsClaims) {
        try {
            JsonSerializable claims = () -> natsClaims;
            return JwtUtils.issueJWT(signer, publicKey(subject), name, null, JwtUtils.currentTimeSeconds(), publicKey(signer),
                    null, claims);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKey(NKey key) {
        try {
            return new String(key.getPublicKey());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
