package io.github.lookernats.bridge;

import io.github.lookernats.bridge.access.CredentialsController;
import io.github.lookernats.bridge.audit.AuditController;
import io.github.lookernats.bridge.access.NatsConfigCommand;
import io.github.lookernats.bridge.deadletter.DeadLetterController;
import io.github.lookernats.bridge.poll.RouteLint;
import io.github.lookernats.bridge.poll.RouteTests;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Looker → NATS JetStream bridge. Routes live in {@code routes/*.camel.yaml}; the reusable core is Java DSL.
 * <p>
 * {@code @SpringBootApplication}, spelt out to leave some classes out of the component scan: management
 * context configurations, which Spring Boot loads into the management server's context itself, and the controllers
 * they register there (the dead-letter and audit admin endpoints), which scanned would also answer on the port that
 * takes Looker's pushes; and the credentials endpoint, which exists only when configured
 * ({@code CredentialsConfiguration}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class),
        @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
                classes = {DeadLetterController.class, AuditController.class, CredentialsController.class})})
@ConfigurationPropertiesScan
public class BridgeApplication {

    public static void main(String[] args) throws java.io.IOException {
        if (NatsConfigCommand.requested(args)) {
            NatsConfigCommand.run(args); // writes the NATS accounts block; the bridge does not start
            return;
        }
        if (RouteTests.requested(args)) {
            System.exit(RouteTests.run(args, System.out)); // route tests on recorded results; connects to nothing
        }
        if (RouteLint.requested(args)) {
            System.exit(RouteLint.run(args, System.out)); // checks route files; connects to nothing
        }
        SpringApplication.run(BridgeApplication.class, args);
    }
}
