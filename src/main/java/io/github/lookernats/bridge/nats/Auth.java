package io.github.lookernats.bridge.nats;

import io.github.lookernats.bridge.secrets.RotatingSecret;
import io.github.lookernats.bridge.secrets.SecretFiles;
import io.nats.client.AuthHandler;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Applies the one configured auth method to the connection options, and says how the connection follows a
 * rotation: the token, the creds file and the NKey file are read again at every connect (jnats' token supplier and
 * file auth handler), so a change only needs a reconnect, which {@link CredentialRotation} forces.
 */
final class Auth {

    private Auth() {}

    /** @return what to watch once the connection exists */
    static Consumer<Connection> apply(NatsProperties properties, Options.Builder options, SecretFiles secrets) {
        RotatingSecret token = secrets.secret("NATS_TOKEN", "bridge.nats.token", properties.token());
        if (token.isSet()) {
            if (present(properties.username()) || present(properties.nkeySeed()) || present(properties.nkeyFile())
                    || present(properties.credsFile())) {
                // the property check cannot see a token that only the secrets directory holds
                throw new IllegalStateException("choose at most one NATS auth method: the secrets directory holds NATS_TOKEN, "
                        + "and username/password, nkey-seed, nkey-file or creds-file is set too");
            }
            options.tokenSupplier(() -> token.current().toCharArray());
            return connection -> token.onChange(() -> CredentialRotation.reconnect(connection, "bridge.nats.token"));
        } else if (present(properties.username())) {
            options.userInfo(properties.username().toCharArray(), properties.password().toCharArray());
        } else if (present(properties.nkeySeed())) {
            options.authHandler(Nats.staticCredentials(null, properties.nkeySeed().toCharArray()));
        } else if (present(properties.nkeyFile())) {
            return watched(options, secrets, Path.of(properties.nkeyFile()), "bridge.nats.nkey-file", false);
        } else if (present(properties.credsFile())) {
            return watched(options, secrets, Path.of(properties.credsFile()), "bridge.nats.creds-file", true);
        }
        return connection -> {};
    }

    private static Consumer<Connection> watched(Options.Builder options, SecretFiles secrets, Path file, String setting,
            boolean creds) {
        AuthHandler handler = creds ? Nats.credentials(file.toString()) : Nats.credentials(null, file.toString());
        CredentialRotation.check(handler, file, setting, creds); // a bad file stops start-up with a clear message
        options.authHandler(handler);
        return connection -> secrets.watch(file, setting, () -> {
            CredentialRotation.check(handler, file, setting, creds); // a half-written or wrong file keeps the old connection
            CredentialRotation.reconnect(connection, setting);
        });
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
