package io.github.lookernats.bridge.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.deadletter.DeadLetterProperties;
import io.github.lookernats.bridge.looker.LookerConfiguration;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.bridge.nats.NatsConfiguration;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.github.lookernats.bridge.support.NatsOperator;
import io.github.lookernats.bridge.support.TempFiles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** Start-up with rotation settings and secret files: good ones bind, bad ones stop with a message naming the problem. */
class SecretConfigurationTest {

    @Configuration
    @EnableConfigurationProperties({SecretProperties.class, LookerProperties.class, NatsProperties.class, DeadLetterProperties.class})
    static class Properties {}

    private Path directory;
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        directory = Files.createTempDirectory("bridge-secret-config-");
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(Properties.class, SecretsConfiguration.class, LookerConfiguration.class)
                .withBean(SimpleMeterRegistry.class)
                .withBean(ObjectMapper.class)
                .withPropertyValues("bridge.looker.base-url=https://acme.looker.com:19999", "bridge.looker.client-id=id",
                        "bridge.looker.client-secret=from-the-environment", "bridge.secrets.directory=" + directory);
    }

    @AfterEach
    void tearDown() {
        TempFiles.deleteRecursively(directory);
    }

    @Test
    void defaultsAndAClientSecretFileThatWinsOverTheEnvironment() throws Exception {
        Files.writeString(directory.resolve("LOOKER_CLIENT_SECRET"), "from-the-file\n");
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            SecretProperties properties = context.getBean(SecretProperties.class);
            assertThat(properties.refreshInterval()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.gracePeriod()).isEqualTo(Duration.ofMinutes(10));
            RotatingSecret secret = context.getBean(SecretFiles.class)
                    .secret("LOOKER_CLIENT_SECRET", "bridge.looker.client-secret", "from-the-environment");
            assertThat(secret.current()).as("the file, without its line break").isEqualTo("from-the-file");
        });
    }

    @Test
    void aNegativeGracePeriodStopsStartUp() {
        runner.withPropertyValues("bridge.secrets.grace-period=-5s").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("bridge.secrets").hasMessageContaining("gracePeriod")
                .hasMessageContaining("must not be negative"));
    }

    @Test
    void aGracePeriodOverADayStopsStartUp() {
        runner.withPropertyValues("bridge.secrets.grace-period=2d").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("gracePeriod").hasMessageContaining("must be at most 24h"));
    }

    @Test
    void aGracePeriodThatIsNoDurationStopsStartUp() {
        runner.withPropertyValues("bridge.secrets.grace-period=ten minutes").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("bridge.secrets.grace-period"));
    }

    @Test
    void aTooShortRefreshIntervalStopsStartUp() {
        runner.withPropertyValues("bridge.secrets.refresh-interval=10ms").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("refreshInterval").hasMessageContaining("must be at least 100ms"));
    }

    @Test
    void aSecretFileThatCannotBeReadStopsStartUpNamingTheFileAndTheSetting() throws Exception {
        Files.createDirectory(directory.resolve("LOOKER_CLIENT_SECRET"));
        runner.run(context -> assertThat(context).getFailure().rootCause()
                .hasMessage("The secret file " + directory.resolve("LOOKER_CLIENT_SECRET")
                        + " (bridge.looker.client-secret) is a directory, not a file"));
    }

    @Test
    void aMissingCredsFileStopsStartUp() {
        Path missing = directory.resolve("nats.creds");
        natsRunner().withPropertyValues("bridge.nats.creds-file=" + missing).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessage("bridge.nats.creds-file: " + missing + " does not exist"));
    }

    @Test
    void aCredsFileWithoutJwtAndSeedStopsStartUpWithoutQuotingIt() throws Exception {
        Path creds = directory.resolve("nats.creds");
        NatsOperator.User user = new NatsOperator().newUser("half");
        Files.writeString(creds, "-----BEGIN NATS USER JWT-----\n" + user.jwt() + "\n------END NATS USER JWT------\n");
        natsRunner().withPropertyValues("bridge.nats.creds-file=" + creds).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("bridge.nats.creds-file: " + creds
                        + " does not hold a user JWT and a user NKey seed").hasMessageNotContaining(user.jwt()));
    }

    @Test
    void anNkeyFileWithoutASeedStopsStartUp() throws Exception {
        Path seed = directory.resolve("nats.nk");
        Files.writeString(seed, "not a seed\n");
        natsRunner().withPropertyValues("bridge.nats.nkey-file=" + seed).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessage("bridge.nats.nkey-file: " + seed + " does not hold an NKey seed (SU...)"));
    }

    /** The NATS connection's configuration; it fails before it connects anywhere, so no server is needed. */
    private ApplicationContextRunner natsRunner() {
        return runner.withUserConfiguration(NatsConfiguration.class).withBean(DefaultSslBundleRegistry.class)
                .withPropertyValues("bridge.nats.servers=nats://127.0.0.1:1", "bridge.nats.connect-timeout=1s");
    }
}
