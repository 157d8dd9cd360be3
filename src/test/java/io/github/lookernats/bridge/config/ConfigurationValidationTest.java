package io.github.lookernats.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.events.EventProperties;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.poll.RouteFileProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Start-up validation of {@code bridge.*}: good settings bind with defaults, bad ones stop with a clear message. */
class ConfigurationValidationTest {

    @Configuration
    @EnableConfigurationProperties({LookerProperties.class, NatsProperties.class, EventProperties.class, RouteFileProperties.class})
    static class Properties {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class)
            .withPropertyValues("bridge.looker.base-url=https://acme.looker.com:19999",
                    "bridge.looker.client-id=id", "bridge.looker.client-secret=secret");

    @Test
    void minimalConfigurationBindsWithDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            LookerProperties looker = context.getBean(LookerProperties.class);
            assertThat(looker.api("/login").toString()).isEqualTo("https://acme.looker.com:19999/api/4.0/login");
            assertThat(looker.tokenRefreshLag()).isEqualTo(Duration.ofSeconds(10));
            assertThat(looker.retry().maxRedeliveries()).isEqualTo(5);
            NatsProperties nats = context.getBean(NatsProperties.class);
            assertThat(nats.servers()).containsExactly("nats://127.0.0.1:4222");
            assertThat(nats.streams().events().name()).isEqualTo("LOOKER_EVENTS");
            assertThat(nats.streams().events().duplicateWindow()).isEqualTo(Duration.ofMinutes(2));
            assertThat(nats.streams().deadLetter().subjectPrefix()).isEqualTo("looker-dlq");
            assertThat(context.getBean(EventProperties.class).shape().rowType()).isEqualTo("io.github.lookernats.looker.row.v1");
        });
    }

    @Test
    void partialStreamSettingsKeepTheOtherDefaults() {
        runner.withPropertyValues("bridge.nats.streams.events.name=TEAM_EVENTS", "bridge.nats.streams.events.duplicate-window=10m")
                .run(context -> {
                    NatsProperties.Stream events = context.getBean(NatsProperties.class).streams().events();
                    assertThat(events.name()).isEqualTo("TEAM_EVENTS");
                    assertThat(events.subjectPrefix()).isEqualTo("looker");
                    assertThat(events.duplicateWindow()).isEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void missingLookerCredentialsStopStartUp() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(Properties.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("bridge.looker")
                        .hasMessageContaining("baseUrl")
                        .hasMessageContaining("clientId"));
    }

    @Test
    void theLookerBaseUrlMustBeOneHttpUrl() {
        for (String bad : new String[] {"http://a.example,http://b.example", "ftp://acme.looker.com", "acme.looker.com",
                "https://user:pw@acme.looker.com", "https://acme.looker.com/?x=1"}) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                    .withUserConfiguration(Properties.class)
                    .withPropertyValues("bridge.looker.base-url=" + bad, "bridge.looker.client-id=id", "bridge.looker.client-secret=s")
                    .run(context -> assertThat(context).as(bad).getFailure().rootCause()
                            .hasMessageContaining("bridge.looker")
                            .hasMessageContaining("must be one absolute http(s) URL"));
        }
    }

    @Test
    void twoNatsAuthMethodsAreRejected() {
        runner.withPropertyValues("bridge.nats.token=t", "bridge.nats.creds-file=/etc/nats/bridge.creds")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("choose at most one NATS auth method"));
    }

    @Test
    void userWithoutPasswordIsRejected() {
        runner.withPropertyValues("bridge.nats.username=bridge")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("username and password go together"));
    }

    @Test
    void subjectTokensMayNotContainDotsOrWildcards() {
        runner.withPropertyValues("bridge.events.subject-prefix=looker.events")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("subjectPrefix")
                        .hasMessageContaining("must be one subject token"));
    }

    @Test
    void aDuplicateWindowShorterThanTheRetryHorizonIsRejected() {
        runner.withUserConfiguration(HorizonCheck.class)
                .withPropertyValues("bridge.nats.streams.events.duplicate-window=20s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("duplicate-window (PT20S) is shorter than the retry horizon"));
        runner.withUserConfiguration(HorizonCheck.class)
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Configuration
    @EnableConfigurationProperties(io.github.lookernats.bridge.deadletter.DeadLetterProperties.class)
    @org.springframework.context.annotation.Import(io.github.lookernats.bridge.deadletter.RetryHorizonCheck.class)
    static class HorizonCheck {}

    @Configuration
    @EnableConfigurationProperties({io.github.lookernats.bridge.deadletter.DeadLetterProperties.class,
            io.github.lookernats.bridge.secrets.SecretProperties.class})
    @org.springframework.context.annotation.Import({io.github.lookernats.bridge.deadletter.DeadLetterAdminPortCheck.class,
            io.github.lookernats.bridge.secrets.SecretsConfiguration.class})
    static class AdminPortCheck {}

    @Test
    void theAdminTokenNeedsAManagementPortOfItsOwn() {
        ApplicationContextRunner admin = runner.withUserConfiguration(AdminPortCheck.class);
        admin.withPropertyValues("bridge.dead-letter.admin-token=t")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("bridge.dead-letter.admin-token is set, but management.server.port is not set")
                        .hasMessageContaining("never on the port that takes Looker's pushes")
                        .hasMessageContaining("MANAGEMENT_SERVER_PORT"));
        admin.withPropertyValues("bridge.dead-letter.admin-token=t", "management.server.port=8080")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("management.server.port is the same as server.port"));
        admin.withPropertyValues("bridge.dead-letter.admin-token=t", "server.port=9000", "management.server.port=9000")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("management.server.port is the same as server.port"));
        admin.withPropertyValues("bridge.dead-letter.admin-token=t", "management.server.port=-1")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("management.server.port is -1"));
        admin.withPropertyValues("bridge.dead-letter.admin-token=t", "management.server.port=8081")
                .run(context -> assertThat(context).hasNotFailed());
        admin.withPropertyValues("bridge.dead-letter.admin-token=t", "server.port=0", "management.server.port=0")
                .run(context -> assertThat(context).hasNotFailed());
        admin.run(context -> assertThat(context).as("no token, no endpoints, no need for a port").hasNotFailed());
    }

    @Test
    void unknownStorageIsRejected() {
        runner.withPropertyValues("bridge.nats.streams.events.storage=disk")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("storage must be 'file' or 'memory'"));
    }

    @Test
    void queryTaskChecksMustBeSpacedAndInOrder() {
        runner.withPropertyValues("bridge.looker.query-task.first-check=0ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("queryTask.firstCheck"));
        runner.withPropertyValues("bridge.looker.query-task.first-check=1m")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("first-check must not be longer than max-check-interval"));
        runner.withPropertyValues("bridge.looker.query-task.max-check-interval=1m", "bridge.looker.query-task.timeout=30s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("nor max-check-interval than timeout"));
        runner.run(context -> {
            LookerProperties.QueryTask defaults = context.getBean(LookerProperties.class).queryTask();
            assertThat(defaults.firstCheck()).isEqualTo(Duration.ofMillis(500));
            assertThat(defaults.timeout()).isEqualTo(Duration.ofMinutes(10));
        });
    }

    @Test
    void routeFilesGetNoBeansScriptsOrOutsideSchemesUnlessAnOperatorSaysSo() {
        runner.run(context -> assertThat(context.getBean(RouteFileProperties.class)).isEqualTo(RouteFileProperties.defaults()));
        runner.withPropertyValues("bridge.routes.allow-beans=true", "bridge.routes.allow-scripts=true",
                        "bridge.routes.allowed-schemes=kamelet,platform-http")
                .run(context -> {
                    RouteFileProperties routes = context.getBean(RouteFileProperties.class);
                    assertThat(routes.allowBeans()).isTrue();
                    assertThat(routes.allowScripts()).isTrue();
                    assertThat(routes.allowedSchemes()).containsExactly("kamelet", "platform-http");
                });
        runner.withPropertyValues("bridge.routes.allowed-schemes=http://example.com")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("allowedSchemes")
                        .hasMessageContaining("must be a component scheme such as 'http', without ':'"));
    }
}
