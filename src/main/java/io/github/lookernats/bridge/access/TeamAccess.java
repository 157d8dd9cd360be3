package io.github.lookernats.bridge.access;

import io.github.lookernats.camel.events.SubjectNames;
import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import io.nats.client.api.Source;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Who may read which team's events, and how nats-server enforces it.
 * <p>
 * Events carry their team as a subject token ({@code looker.<team>.<model>.<explore>.row}), so core subscriptions are
 * limited by subject. JetStream needs more: on nats-server 2.9 the consumer-create API subject names the stream but
 * not the filter, so a user allowed to create consumers on the shared event stream could read every team. Each team
 * therefore gets a stream of its own, sourced from the event stream with only its subjects, and a team's users may
 * use the JetStream API of their teams' streams only.
 */
public final class TeamAccess {

    private static final Pattern STREAM_UNSAFE = Pattern.compile("[^A-Za-z0-9_-]");

    private final IdentityProperties identity;
    private final String eventPrefix;
    private final NatsProperties.Stream events;
    private final AccessProperties access;

    public TeamAccess(IdentityProperties identity, String eventPrefix, NatsProperties.Stream events, AccessProperties access) {
        this.identity = identity;
        this.eventPrefix = eventPrefix;
        this.events = events;
        this.access = access;
    }

    /** Every team named by the group mapping, as its own team or as one that a group may read. */
    public SortedSet<String> teams() {
        SortedSet<String> teams = new TreeSet<>();
        for (IdentityProperties.GroupMapping mapping : identity.groups()) {
            if (mapping.team() != null) {
                teams.add(mapping.team());
            }
            teams.addAll(mapping.reads());
        }
        return teams;
    }

    /** The teams whose events members of these provider groups may read: their groups' teams and {@code reads}. */
    public SortedSet<String> readableBy(Collection<String> groups) {
        SortedSet<String> teams = new TreeSet<>();
        for (IdentityProperties.GroupMapping mapping : identity.groups()) {
            if (groups.contains(mapping.group())) {
                if (mapping.team() != null) {
                    teams.add(mapping.team());
                }
                teams.addAll(mapping.reads());
            }
        }
        return teams;
    }

    /** The subjects of one team's events, as the bridge publishes them. */
    public String eventSubjects(String team) {
        return eventPrefix + "." + SubjectNames.token(team) + ".>";
    }

    /**
     * The stream holding one team's events. Stream names allow fewer characters than subject tokens, so other
     * characters become {@code _}, and names are upper case; a team with such characters or with upper-case letters
     * gets a short hash of its name, so that {@code a-b} and {@code a+b}, or {@code emea} and {@code EMEA} (two
     * teams to NATS), get two streams.
     */
    public String streamName(String team) {
        String upper = team.toUpperCase(Locale.ROOT);
        String safe = STREAM_UNSAFE.matcher(upper).replaceAll("_");
        String name = access.teamStreamPrefix() + safe;
        boolean plain = safe.equals(upper) && team.equals(team.toLowerCase(Locale.ROOT));
        return plain ? name : name + "_" + DigestUtils.sha256Hex(team).substring(0, 8);
    }

    /** One team's stream: no subjects of its own, sourced from the event stream with that team's subjects only. */
    public StreamConfiguration streamConfiguration(String team) {
        return StreamConfiguration.builder()
                .name(streamName(team))
                .description("Looker events of team " + team + ", sourced from " + events.name())
                .sources(Source.builder().sourceName(events.name()).filterSubject(eventSubjects(team)).build())
                .storageType("memory".equalsIgnoreCase(events.storage()) ? StorageType.Memory : StorageType.File)
                .maxAge(events.maxAge())
                // as the server would fill it in: otherwise every start-up sees a difference and updates the stream
                .duplicateWindow(events.duplicateWindow())
                .maxBytes(events.maxBytesOrUnlimited())
                .replicas(events.replicas())
                .build();
    }

    /** The configurations of every team's stream. */
    public List<StreamConfiguration> streamConfigurations() {
        return teams().stream().map(this::streamConfiguration).toList();
    }

    /** The reply subjects of one issued user: its own, so that no other user can read them. */
    public String inboxPrefix(String user) {
        return access.userInboxPrefix() + "." + user;
    }

    /**
     * What a consumer of these teams may do: subscribe to their events and to its own inbox, and use the JetStream
     * API of their streams only (consumers, pulls, acks, flow control). No publish on any event subject.
     */
    public TeamPermissions consumer(Set<String> teams, String user) {
        List<String> publish = new ArrayList<>();
        Set<String> subscribe = new LinkedHashSet<>();
        publish.add("$JS.API.INFO");
        for (String team : new TreeSet<>(teams)) {
            subscribe.add(eventSubjects(team));
            String stream = streamName(team);
            publish.add("$JS.API.STREAM.INFO." + stream);
            publish.add("$JS.API.STREAM.MSG.GET." + stream);
            publish.add("$JS.API.CONSUMER.CREATE." + stream);
            publish.add("$JS.API.CONSUMER.CREATE." + stream + ".>");
            publish.add("$JS.API.CONSUMER.DURABLE.CREATE." + stream + ".*");
            publish.add("$JS.API.CONSUMER.INFO." + stream + ".*");
            publish.add("$JS.API.CONSUMER.DELETE." + stream + ".*");
            publish.add("$JS.API.CONSUMER.NAMES." + stream);
            publish.add("$JS.API.CONSUMER.LIST." + stream);
            publish.add("$JS.API.CONSUMER.MSG.NEXT." + stream + ".*");
            publish.add("$JS.ACK." + stream + ".>");
            publish.add("$JS.FC." + stream + ".>");
        }
        subscribe.add(inboxPrefix(user) + ".>");
        return new TeamPermissions(List.copyOf(publish), List.copyOf(subscribe));
    }
}
