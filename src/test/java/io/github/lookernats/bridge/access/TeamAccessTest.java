package io.github.lookernats.bridge.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.identity.IdentityProperties;
import io.github.lookernats.bridge.nats.NatsProperties;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Team stream names, who reads which team, and the permissions a team's user gets. */
class TeamAccessTest {

    static final NatsProperties.Stream EVENTS =
            new NatsProperties.Stream("LOOKER_EVENTS", "looker", Duration.ofDays(7), Duration.ofMinutes(2), 1, "file", null);

    @Test
    void aPlainTeamsStreamIsThePrefixAndItsNameInUpperCase() {
        TeamAccess access = access(List.of());

        assertThat(access.streamName("analytics")).isEqualTo("LOOKER_TEAM_ANALYTICS");
        assertThat(access.streamName("data-eng_2")).isEqualTo("LOOKER_TEAM_DATA-ENG_2");
    }

    @Test
    void charactersAStreamNameCannotHoldBecomeUnderscoresWithAHashOfTheTeam() {
        TeamAccess access = access(List.of());

        assertThat(access.streamName("café")).matches("LOOKER_TEAM_CAF__[0-9a-f]{8}");
        assertThat(access.streamName("a/b")).matches("LOOKER_TEAM_A_B_[0-9a-f]{8}");
        assertThat(access.streamName("a+b\"c")).matches("LOOKER_TEAM_A_B_C_[0-9a-f]{8}");
        assertThat(access.streamName("a/b")).as("the same team, the same stream").isEqualTo(access.streamName("a/b"));
    }

    @Test
    void twoTeamsNeverShareAStream() {
        TeamAccess access = access(List.of());
        List<List<String>> lookAlikes = List.of(
                List.of("a_b", "a-b", "a/b", "a+b", "a b"),
                List.of("emea", "EMEA", "Emea"),
                List.of("cafe", "café", "cafè", "caf_"));

        for (List<String> teams : lookAlikes) {
            Set<String> streams = new HashSet<>();
            teams.forEach(team -> streams.add(access.streamName(team)));
            assertThat(streams).as("streams of %s", teams).hasSameSizeAs(teams);
        }
    }

    @Test
    void membersReadTheirGroupsTeamsAndWhatTheirGroupsMayRead() {
        TeamAccess access = access(List.of(
                group("analytics-emea", "analytics"),
                group("finance", "finance"),
                group("leadership", "leadership", "analytics", "finance"),
                group("auditors", null, "unresolved")));

        assertThat(access.readableBy(List.of("analytics-emea"))).containsExactly("analytics");
        assertThat(access.readableBy(List.of("analytics-emea", "finance"))).containsExactly("analytics", "finance");
        assertThat(access.readableBy(List.of("leadership"))).containsExactly("analytics", "finance", "leadership");
        assertThat(access.readableBy(List.of("auditors"))).containsExactly("unresolved");
        assertThat(access.readableBy(List.of("everyone", "Analytics-EMEA"))).as("no group of the mapping").isEmpty();
        assertThat(access.teams()).containsExactly("analytics", "finance", "leadership", "unresolved");
    }

    @Test
    void aTeamsUserMaySubscribeToItsTeamsEventsAndItsOwnInboxOnly() {
        TeamPermissions permissions = access(List.of()).consumer(Set.of("analytics", "finance"), "team-analytics");

        assertThat(permissions.subscribe())
                .containsExactly("looker.analytics.>", "looker.finance.>", "_INBOX.team-analytics.>");
    }

    @Test
    void aTeamsUserMayUseTheJetStreamApiOfItsTeamsStreamsOnlyAndPublishNoEvent() {
        TeamPermissions permissions = access(List.of()).consumer(Set.of("analytics"), "team-analytics");

        assertThat(permissions.publish()).containsExactlyInAnyOrder(
                "$JS.API.INFO",
                "$JS.API.STREAM.INFO.LOOKER_TEAM_ANALYTICS",
                "$JS.API.STREAM.MSG.GET.LOOKER_TEAM_ANALYTICS",
                "$JS.API.CONSUMER.CREATE.LOOKER_TEAM_ANALYTICS",
                "$JS.API.CONSUMER.CREATE.LOOKER_TEAM_ANALYTICS.>",
                "$JS.API.CONSUMER.DURABLE.CREATE.LOOKER_TEAM_ANALYTICS.*",
                "$JS.API.CONSUMER.INFO.LOOKER_TEAM_ANALYTICS.*",
                "$JS.API.CONSUMER.DELETE.LOOKER_TEAM_ANALYTICS.*",
                "$JS.API.CONSUMER.NAMES.LOOKER_TEAM_ANALYTICS",
                "$JS.API.CONSUMER.LIST.LOOKER_TEAM_ANALYTICS",
                "$JS.API.CONSUMER.MSG.NEXT.LOOKER_TEAM_ANALYTICS.*",
                "$JS.ACK.LOOKER_TEAM_ANALYTICS.>",
                "$JS.FC.LOOKER_TEAM_ANALYTICS.>");
        assertThat(permissions.publish()).noneMatch(subject -> subject.startsWith("looker") || subject.contains("LOOKER_EVENTS"));
    }

    @Test
    void aTeamsStreamTakesOnlyItsTeamsSubjectsFromTheEventStream() {
        var config = access(List.of()).streamConfiguration("analytics");

        assertThat(config.getSubjects()).isEmpty();
        assertThat(config.getSources()).singleElement().satisfies(source -> {
            assertThat(source.getSourceName()).isEqualTo("LOOKER_EVENTS");
            assertThat(source.getFilterSubject()).isEqualTo("looker.analytics.>");
        });
    }

    static TeamAccess access(List<IdentityProperties.GroupMapping> groups) {
        return new TeamAccess(identity(groups), "looker", EVENTS, new AccessProperties(true, "LOOKER_TEAM_", "_INBOX"));
    }

    static IdentityProperties identity(List<IdentityProperties.GroupMapping> groups) {
        return new IdentityProperties(IdentityProperties.Provider.STATIC, IdentityProperties.OwnerFormat.EMAIL,
                IdentityProperties.Policy.DEAD_LETTER, IdentityProperties.Policy.PUBLISH_UNRESOLVED, true,
                Duration.ofSeconds(5), 3, Duration.ofMillis(500), new IdentityProperties.Cache(Duration.ofMinutes(10),
                        Duration.ofMinutes(1), 10_000), groups, "directory.yaml", null, null);
    }

    static IdentityProperties.GroupMapping group(String group, String team, String... reads) {
        return new IdentityProperties.GroupMapping(group, team, List.of(), List.of(reads));
    }
}
