package io.github.lookernats.bridge.nats;

import io.nats.client.Nats;
import io.nats.client.Options;

/** Applies the one configured auth method to the connection options. */
final class Auth {

    private Auth() {}

    static void apply(NatsProperties properties, Options.Builder options) {
        if (present(properties.token())) {
            options.token(properties.token().toCharArray());
        } else if (present(properties.username())) {
            options.userInfo(properties.username().toCharArray(), properties.password().toCharArray());
        } else if (present(properties.nkeySeed())) {
            options.authHandler(Nats.staticCredentials(null, properties.nkeySeed().toCharArray()));
        } else if (present(properties.credsFile())) {
            options.authHandler(Nats.credentials(properties.credsFile()));
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
