package io.github.lookernats.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.events.EventProperties;
import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** What access control needs from the configuration, each failure with a message that says what to change. */
class AccessConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class)
            .withPropertyValues("bridge.access.enabled=true", "bridge.identity.provider=static",
                    "bridge.identity.static-file=src/test/resources/identity/dev-directory.yaml",
                    "bridge.identity.team-in-subject=true",
                    "bridge.identity.groups[0].group=analytics-emea", "bridge.identity.groups[0].team=analytics");

    @Configuration
    @EnableConfigurationProperties({AccessProperties.class, IdentityProperties.class, EventProperties.class, NatsProperties.class})
    @Import(AccessConfiguration.class)
    static class Settings {}

    @Test
    void aValidMappingStarts() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void teamsNeedTheTeamInTheSubject() {
        runner.withPropertyValues("bridge.identity.team-in-subject=false")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("team-in-subject=true"));
    }

    @Test
    void teamsNeedAProvider() {
        runner.withPropertyValues("bridge.identity.provider=none")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("needs an identity provider"));
    }

    @Test
    void theUnresolvedTeamNameIsReserved() {
        runner.withPropertyValues("bridge.identity.groups[1].group=odd", "bridge.identity.groups[1].team=unresolved")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("reserved"));
    }

    @Test
    void aTeamNameThatIsNotItsOwnSubjectTokenIsRefused() {
        // non-ASCII letters become '_' in subjects: café and cafè would both read looker.caf_.>
        runner.withPropertyValues("bridge.identity.groups[1].group=paris", "bridge.identity.groups[1].team=café")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("'café' of group paris is not"));
        runner.withPropertyValues("bridge.identity.groups[1].group=stewards", "bridge.identity.groups[1].team=stewards",
                        "bridge.identity.groups[1].reads[0]=fïnance")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("'fïnance'"));
    }
}
