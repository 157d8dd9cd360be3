package io.github.lookernats.bridge.deadletter;

import io.github.lookernats.bridge.audit.AuditController;
import io.github.lookernats.bridge.audit.AuditStore;
import io.github.lookernats.camel.audit.AuditTrail;
import tools.jackson.databind.ObjectMapper;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Puts the admin endpoints ({@link DeadLetterController}, {@link AuditController}) on the management server, and only
 * there.
 * Listed in {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports},
 * so Spring Boot loads it into the management server's own (child) context, which exists only when
 * {@code management.server.port} differs from {@code server.port}; {@link DeadLetterAdminPortCheck} stops start-up
 * when the admin token is set without one. The application's component scan leaves this class and the controller out
 * ({@code BridgeApplication}), so the port that takes Looker's pushes never serves {@code /admin/dead-letters}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class DeadLetterAdminConfiguration {

    /** The store, the replayer and the properties come from the application context, the management context's parent. */
    @Bean
    DeadLetterController deadLetterController(DeadLetterStore store, DeadLetterReplayer replayer, ObjectMapper mapper,
            AdminAuthorization authorization, AuditTrail audit) {
        return new DeadLetterController(store, replayer, mapper, authorization, audit);
    }

    @Bean
    AuditController auditController(AuditStore store, ObjectMapper mapper, AdminAuthorization authorization, AuditTrail audit) {
        return new AuditController(store, mapper, authorization, audit);
    }
}
