package io.github.lookernats.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The accounts block committed in docs/nats is what the generator makes of the documented example today, so the
 * example cannot drift from the code; and the generator refuses what would not isolate teams.
 */
class StaticAccountsExampleTest {

    static final Path EXAMPLE_SETTINGS = Path.of("docs/nats/example-bridge.yaml");
    static final Path COMMITTED = Path.of("docs/nats/static-accounts.conf");

    @Test
    void theCommittedExampleIsWhatTheGeneratorWritesNow() throws Exception {
        String generated = NatsConfigCommand.render("--spring.config.additional-location=file:" + EXAMPLE_SETTINGS);

        assertThat(Files.readString(COMMITTED))
                .as("%s is out of date; write it again with: java -jar target/looker-nats-bridge.jar "
                        + "--spring.config.additional-location=file:%s --write-nats-config=%s", COMMITTED, EXAMPLE_SETTINGS, COMMITTED)
                .isEqualTo(generated);
    }

    @Test
    void theBlockHoldsNoPasswordOnlyVariables() throws Exception {
        String generated = Files.readString(COMMITTED);

        assertThat(generated).contains("password: $LOOKER_BRIDGE_NATS_PASSWORD\n",
                "password: $LOOKER_TEAM_ANALYTICS_PASSWORD\n", "password: $LOOKER_TEAM_FINANCE_PASSWORD\n",
                "password: $LOOKER_TEAM_LEADERSHIP_PASSWORD\n");
        assertThat(generated.lines().filter(line -> line.contains("password:")))
                .allMatch(line -> line.matches(" *password: \\$[A-Z0-9_]+"));
    }

    @Test
    void withoutTeamStreamsNoBlockIsWritten() {
        assertThatThrownBy(() -> NatsConfigCommand.render("--spring.config.additional-location=file:" + EXAMPLE_SETTINGS,
                "--bridge.access.enabled=false"))
                .hasMessageContaining("bridge.access.enabled is false");
    }

    @Test
    void theCommandWritesTheFileItIsGiven() throws Exception {
        Path file = Files.createTempFile("nats-accounts-", ".conf");
        try {
            NatsConfigCommand.run(new String[] {"--spring.config.additional-location=file:" + EXAMPLE_SETTINGS,
                    NatsConfigCommand.OPTION + "=" + file});

            assertThat(Files.readString(file)).isEqualTo(Files.readString(COMMITTED));
        } finally {
            Files.delete(file);
        }
    }
}
