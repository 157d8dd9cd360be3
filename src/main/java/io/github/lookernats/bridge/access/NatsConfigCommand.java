package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.events.EventProperties;
import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * {@code java -jar looker-nats-bridge.jar --write-nats-config=<file>}: writes the {@link StaticAccounts} block for
 * the configuration the bridge would run with. It binds the bridge's own settings classes the way the bridge does
 * (application.yaml, arguments, environment, config trees, validation), in a context with nothing else in it: no
 * NATS connection, no Looker, no routes.
 */
public final class NatsConfigCommand {

    public static final String OPTION = "--write-nats-config";

    private NatsConfigCommand() {}

    /** Whether the bridge was started to write the configuration instead of running. */
    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.startsWith(OPTION + "="));
    }

    /** Writes the block to the file named by the option. */
    public static void run(String[] args) throws IOException {
        String target = Arrays.stream(args).filter(arg -> arg.startsWith(OPTION + "=")).findFirst().orElseThrow()
                .substring(OPTION.length() + 1);
        if (target.isBlank()) {
            throw new IllegalArgumentException(OPTION + " needs a file name: " + OPTION + "=nats-accounts.conf");
        }
        Path file = Path.of(target);
        Files.writeString(file, render(args), StandardCharsets.UTF_8);
        System.out.println("Wrote the NATS accounts block to " + file.toAbsolutePath());
    }

    /** The block for the configuration these arguments (and application.yaml, the environment, ...) give. */
    public static String render(String... args) {
        try (ConfigurableApplicationContext settings = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(args)) {
            if (!settings.getBean(AccessProperties.class).enabled()) {
                throw new IllegalStateException("bridge.access.enabled is false: without the team streams a team's "
                        + "users could only be given the shared event stream, which would let every team read all");
            }
            return StaticAccounts.render(StaticAccounts.users(settings.getBean(NatsProperties.class),
                    settings.getBean(IdentityProperties.class), settings.getBean(TeamAccess.class)));
        }
    }

    /**
     * The settings, and TeamAccess with its start-up checks; nothing that connects anywhere. Not a
     * {@code @Configuration}, so that the bridge's component scan leaves it alone.
     */
    @EnableConfigurationProperties({NatsProperties.class, IdentityProperties.class, AccessProperties.class, EventProperties.class})
    @Import(AccessConfiguration.class)
    static class Settings {}
}
