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
    static final Path COMMITTED_NSC = Path.of("docs/nats/nsc-bridge-user.sh");

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

    @Test
    void theCommittedNscCommandsAreWhatTheGeneratorWritesNowWithTheSamePermissions() throws Exception {
        String settings = "--spring.config.additional-location=file:" + EXAMPLE_SETTINGS;
        Path file = Files.createTempFile("nsc-bridge-user-", ".sh");
        try {
            NatsConfigCommand.run(new String[] {settings, NatsConfigCommand.NSC_OPTION + "=" + file});

            assertThat(Files.readString(COMMITTED_NSC))
                    .as("%s is out of date; write it again with: java -jar target/looker-nats-bridge.jar "
                            + "--spring.config.additional-location=file:%s --write-nsc-bridge-user=%s", COMMITTED_NSC,
                            EXAMPLE_SETTINGS, COMMITTED_NSC)
                    .isEqualTo(Files.readString(file));
        } finally {
            Files.delete(file);
        }
        // operator mode and static accounts give the bridge one and the same set
        TeamPermissions bridge = NatsConfigCommand.bridgePermissions(settings);
        String nsc = Files.readString(COMMITTED_NSC);
        bridge.publish().forEach(subject -> assertThat(nsc).contains("--allow-pub '" + subject + "'"));
        bridge.subscribe().forEach(subject -> assertThat(nsc).contains("--allow-sub '" + subject + "'"));
        assertThat(nsc.lines().filter(line -> line.contains("--allow-"))).hasSize(bridge.publish().size() + bridge.subscribe().size());
    }
}
