package io.github.lookernats.bridge.deadletter;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Start-up check: the dead-letter admin endpoints are served on the management port only, never on the port that
 * takes Looker's pushes. Setting {@code bridge.dead-letter.admin-token} without a management port of its own
 * ({@code management.server.port} unset, equal to {@code server.port}, or -1) would leave them nowhere, so start-up
 * stops and says what to set.
 */
@Component
public class DeadLetterAdminPortCheck implements InitializingBean {

    private final DeadLetterProperties properties;
    private final Environment environment;

    public DeadLetterAdminPortCheck(DeadLetterProperties properties, Environment environment) {
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        String token = properties.adminToken();
        if (token == null || token.isBlank()) {
            return;
        }
        ManagementPortType portType = ManagementPortType.get(environment);
        if (portType != ManagementPortType.DIFFERENT) {
            String why = portType == ManagementPortType.DISABLED ? "management.server.port is -1 (no management server)"
                    : environment.getProperty("management.server.port") == null ? "management.server.port is not set"
                    : "management.server.port is the same as server.port";
            throw new IllegalStateException("bridge.dead-letter.admin-token is set, but " + why + ": the dead-letter admin "
                    + "endpoints are served on the management port only, never on the port that takes Looker's pushes. "
                    + "Set management.server.port (MANAGEMENT_SERVER_PORT, e.g. 8081) to a port of its own, "
                    + "or unset bridge.dead-letter.admin-token (DEAD_LETTER_ADMIN_TOKEN)");
        }
    }
}
