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
    /** Writes the bridge's own user for operator mode as {@code nsc} commands ({@link NscBridgeUser}). */
    public static final String NSC_OPTION = "--write-nsc-bridge-user";

    private NatsConfigCommand() {}

    /** Whether the bridge was started to write the configuration instead of running. */
    public static boolean requested(String[] args) {
        return target(args, OPTION) != null || target(args, NSC_OPTION) != null;
    }

    /** Writes what the options ask for to the files they name. */
    public static void run(String[] args) throws IOException {
        String accounts = target(args, OPTION);
        if (accounts != null) {
            write(accounts, render(args), "the NATS accounts block");
        }
        String nsc = target(args, NSC_OPTION);
        if (nsc != null) {
            write(nsc, renderNsc(args), "the nsc commands of the bridge's user");
        }
    }

    private static String target(String[] args, String option) {
        String target = Arrays.stream(args).filter(arg -> arg.startsWith(option + "=")).findFirst()
                .map(arg -> arg.substring(option.length() + 1)).orElse(null);
        if (target != null && target.isBlank()) {
            throw new IllegalArgumentException(option + " needs a file name: " + option + "=<file>");
        }
        return target;
    }

    private static void write(String target, String content, String what) throws IOException {
        Path file = Path.of(target);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        System.out.println("Wrote " + what + " to " + file.toAbsolutePath());
    }

    /** The block for the configuration these arguments (and application.yaml, the environment, ...) give. */
    public static String render(String... args) {
        try (ConfigurableApplicationContext settings = settings(args)) {
            return StaticAccounts.render(StaticAccounts.users(settings.getBean(NatsProperties.class),
                    settings.getBean(IdentityProperties.class), settings.getBean(TeamAccess.class)));
        }
    }

    /** The nsc commands that create the bridge's user for operator mode, for the same configuration. */
    public static String renderNsc(String... args) {
        try (ConfigurableApplicationContext settings = settings(args)) {
            NatsProperties nats = settings.getBean(NatsProperties.class);
            String user = nats.username() == null || nats.username().isBlank() ? StaticAccounts.DEFAULT_BRIDGE_USER
                    : nats.username();
            return NscBridgeUser.render(user, BridgePermissions.of(nats, settings.getBean(TeamAccess.class)));
        }
    }

    /** The bridge's least-privilege permissions for the configuration these arguments give. */
    public static TeamPermissions bridgePermissions(String... args) {
        try (ConfigurableApplicationContext settings = settings(args)) {
            return BridgePermissions.of(settings.getBean(NatsProperties.class), settings.getBean(TeamAccess.class));
        }
    }

    private static ConfigurableApplicationContext settings(String... args) {
        ConfigurableApplicationContext settings = new SpringApplicationBuilder(Settings.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .run(args);
        if (!settings.getBean(AccessProperties.class).enabled()) {
            settings.close();
            throw new IllegalStateException("bridge.access.enabled is false: without the team streams a team's "
                    + "users could only be given the shared event stream, which would let every team read all");
        }
        return settings;
    }

    /**
     * The settings, and TeamAccess with its start-up checks; nothing that connects anywhere. Not a
     * {@code @Configuration}, so that the bridge's component scan leaves it alone.
     */
    @EnableConfigurationProperties({NatsProperties.class, IdentityProperties.class, AccessProperties.class, EventProperties.class})
    @Import(AccessConfiguration.class)
    static class Settings {}
}
