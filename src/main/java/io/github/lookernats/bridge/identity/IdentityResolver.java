package io.github.lookernats.bridge.identity;

import io.github.lookernats.camel.run.Identity;

import io.github.lookernats.camel.looker.LookerIds;
import tools.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.lookernats.camel.run.LookerSource;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.looker.client.LookerClient;
import io.github.lookernats.camel.looker.client.LookerRequestException;
import io.github.lookernats.camel.looker.client.LookerUnavailableException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Resolves a run's owner: the Looker owner (the Look's, or the schedule's, falling back to its Look's), their email
 * ({@code GET /users/{id}}), their groups in the identity provider, and the team and audience the groups map to.
 * Lookups are cached with a TTL, "not found" included, so a result of any size costs at most one lookup.
 */
public class IdentityResolver {

    private final IdentityProperties properties;
    private final LookerClient looker;
    private final Directory directory;
    private final Cache<String, Optional<String>> lookerEmails;
    private final Cache<String, Optional<DirectoryUser>> directoryUsers;

    public IdentityResolver(IdentityProperties properties, LookerClient looker, Directory directory) {
        this.properties = properties;
        this.looker = looker;
        this.directory = directory;
        this.lookerEmails = cache(properties.cache());
        this.directoryUsers = cache(properties.cache());
    }

    /** The cache of identity provider lookups, for metrics. */
    public Cache<String, Optional<DirectoryUser>> directoryCache() {
        return directoryUsers;
    }

    public Cache<String, Optional<String>> lookerUserCache() {
        return lookerEmails;
    }

    /**
     * The identity provider's user with this email (or login), through the same cache as the owners' lookups.
     *
     * @throws IdentityUnavailableException when the provider cannot answer
     */
    public Optional<DirectoryUser> directoryUser(String email) {
        return directoryUsers.get(email.toLowerCase(Locale.ROOT), directory::findByEmail);
    }

    public void resolve(Exchange exchange) {
        if (properties.provider() == IdentityProperties.Provider.NONE) {
            return;
        }
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        String ownerId = ownerId(run.source());
        if (ownerId == null) {
            unresolved(run, "the result has no known Looker owner", null);
            return;
        }
        Optional<String> email = lookerEmails.get(ownerId, this::lookerEmail);
        if (email.isEmpty()) {
            unresolved(run, "Looker user " + ownerId + " was not found or has no email", null);
            return;
        }
        String owner = owner(email.get());
        Optional<DirectoryUser> user = directoryUsers.get(email.get().toLowerCase(Locale.ROOT), directory::findByEmail);
        if (user.isEmpty()) {
            unresolved(run, "the owner is not in the identity provider", owner);
            return;
        }
        Identity mapped = map(owner, user.get().groups());
        if (mapped.team() == null) {
            unresolved(run, "the owner's groups map to no team", owner);
            return;
        }
        run.identity(mapped);
    }

    /** After retries: the provider stayed unavailable and the policy is to publish anyway. */
    public void unavailable(Exchange exchange) {
        ResultRun run = exchange.getProperty(ResultRun.PROPERTY, ResultRun.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        run.identity(Identity.unresolved("identity provider unavailable: " + (cause == null ? "" : cause.getMessage()), null));
    }

    private void unresolved(ResultRun run, String reason, String owner) {
        if (properties.onUnknown() == IdentityProperties.Policy.DEAD_LETTER) {
            throw new UnresolvedIdentityException(reason);
        }
        run.identity(Identity.unresolved(reason, owner));
    }

    private Identity map(String owner, List<String> groups) {
        String team = null;
        Set<String> audience = new LinkedHashSet<>();
        for (IdentityProperties.GroupMapping mapping : properties.groups()) {
            if (groups.contains(mapping.group())) {
                if (team == null) {
                    team = mapping.team();
                }
                audience.addAll(mapping.audience());
            }
        }
        return new Identity(true, null, owner, team, groups, new ArrayList<>(audience));
    }

    private String ownerId(LookerSource source) {
        if (source.ownerId() != null) {
            return source.ownerId();
        }
        if (!"scheduled_plan".equals(source.kind())) {
            return null;
        }
        JsonNode plan = lookerJson("/scheduled_plans/" + LookerIds.numeric("scheduled_plan_id", source.id()) + "?fields=user_id,look_id");
        if (plan == null) {
            return null;
        }
        String userId = text(plan.path("user_id"));
        if (userId != null) {
            return userId;
        }
        String lookId = text(plan.path("look_id"));
        JsonNode look = lookId == null ? null : lookerJson("/looks/" + LookerIds.numeric("the plan's look_id", lookId) + "?fields=user_id");
        return look == null ? null : text(look.path("user_id"));
    }

    private Optional<String> lookerEmail(String userId) {
        JsonNode user = lookerJson("/users/" + LookerIds.numeric("user_id", userId) + "?fields=id,email");
        return Optional.ofNullable(user == null ? null : text(user.path("email")));
    }

    /** A Looker document, null when Looker says it does not exist; an outage counts as "identity unavailable". */
    private JsonNode lookerJson(String path) {
        try {
            return looker.getJson(path);
        } catch (LookerRequestException e) {
            return null;
        } catch (LookerUnavailableException e) {
            throw new IdentityUnavailableException("Looker could not tell the owner: " + e.getMessage(), e);
        }
    }

    private String owner(String email) {
        if (properties.ownerFormat() == IdentityProperties.OwnerFormat.EMAIL) {
            return email;
        }
        return "sha256:" + DigestUtils.sha256Hex(email.toLowerCase(Locale.ROOT));
    }

    private static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || node.asText().isBlank() ? null : node.asText();
    }

    /** Found entries live {@code ttl}, "not found" entries {@code negativeTtl}. */
    private static <V> Cache<String, Optional<V>> cache(IdentityProperties.Cache settings) {
        return Caffeine.newBuilder()
                .maximumSize(settings.maxSize())
                .recordStats()
                .expireAfter(new Expiry<String, Optional<V>>() {
                    @Override
                    public long expireAfterCreate(String key, Optional<V> value, long now) {
                        return (value.isPresent() ? settings.ttl() : settings.negativeTtl()).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Optional<V> value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Optional<V> value, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

}
