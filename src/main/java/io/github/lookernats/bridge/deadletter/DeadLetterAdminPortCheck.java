package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.secrets.RotatingSecret;
import io.github.lookernats.bridge.secrets.SecretFiles;
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

    private final RotatingSecret adminToken;
    private final Environment environment;

    public DeadLetterAdminPortCheck(DeadLetterProperties properties, SecretFiles secrets, Environment environment) {
        this.adminToken = adminToken(secrets, properties);
        this.environment = environment;
    }

    /** The admin token: the file {@code DEAD_LETTER_ADMIN_TOKEN} in the secrets directory when there is one, re-read when it changes. */
    static RotatingSecret adminToken(SecretFiles secrets, DeadLetterProperties properties) {
        return secrets.secret("DEAD_LETTER_ADMIN_TOKEN", "bridge.dead-letter.admin-token", properties.adminToken());
    }

    @Override
    public void afterPropertiesSet() {
        if (!adminToken.isSet()) {
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
