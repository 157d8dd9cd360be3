package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.events.EventProperties;
import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.nats.AdditionalStreams;
import io.github.lookernats.bridge.nats.NatsProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class AccessConfiguration {

    /** Events of an owner with no team go to this subject token; no team may take its name. */
    static final String UNRESOLVED_TEAM = "unresolved";

    @Bean
    TeamAccess teamAccess(AccessProperties access, IdentityProperties identity, EventProperties events, NatsProperties nats) {
        if (access.enabled()) {
            check(identity);
        }
        return new TeamAccess(identity, events.subjectPrefix(), nats.streams().events(), access);
    }

    @Bean
    AdditionalStreams teamStreams(AccessProperties access, TeamAccess teams) {
        return access.enabled() ? teams::streamConfigurations : List::of;
    }

    private static void check(IdentityProperties identity) {
        if (!identity.teamInSubject()) {
            throw new IllegalStateException("bridge.access.enabled=true needs bridge.identity.team-in-subject=true: "
                    + "NATS can only tell teams apart by a subject token");
        }
        if (identity.provider() == IdentityProperties.Provider.NONE) {
            throw new IllegalStateException("bridge.access.enabled=true needs an identity provider "
                    + "(bridge.identity.provider static, scim or okta) to tell whose team a result is");
        }
        if (identity.groups().isEmpty()) {
            throw new IllegalStateException("bridge.access.enabled=true needs bridge.identity.groups: "
                    + "the teams come from the group mapping");
        }
        Map<String, String> byToken = new HashMap<>();
        for (IdentityProperties.GroupMapping mapping : identity.groups()) {
            List<String> names = new ArrayList<>(mapping.reads());
            if (mapping.team() != null) {
                names.add(mapping.team());
            }
            for (String team : names) {
                // the subject token is what NATS tells teams apart by: two names with one token would share events
                String token = SubjectNames.token(team);
                if (!token.equals(team)) {
                    throw new IllegalStateException("bridge.identity.groups: with access control, a team name must be usable "
                            + "as it is in a subject (printable ASCII, no '.', '*', '>' or whitespace, at most "
                            + SubjectNames.MAX_TOKEN_LENGTH + " characters); '" + team
                            + "' of group " + mapping.group() + " is not");
                }
                String other = byToken.putIfAbsent(token, team);
                if (other != null && !other.equals(team)) {
                    throw new IllegalStateException("bridge.identity.groups: teams '" + other + "' and '" + team
                            + "' would share the subject token " + token);
                }
            }
        }
        for (IdentityProperties.GroupMapping mapping : identity.groups()) {
            // reads: [unresolved] stays possible, for whoever looks after data without a known owner
            if (UNRESOLVED_TEAM.equals(mapping.team())) {
                throw new IllegalStateException("bridge.identity.groups: the team name '" + UNRESOLVED_TEAM
                        + "' is reserved for events whose owner has no team (group " + mapping.group() + ")");
            }
        }
    }
}
