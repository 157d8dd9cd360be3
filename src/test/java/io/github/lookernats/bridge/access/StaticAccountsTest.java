package io.github.lookernats.bridge.access;

import static io.github.lookernats.bridge.access.TeamAccessTest.group;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The users of the static accounts block: names, password variables and what each team's user reads. */
class StaticAccountsTest {

    @Test
    void aTeamsUserReadsItsTeamAndTheReadsOfEveryGroupOfThatTeam() {
        var identity = TeamAccessTest.identity(List.of(
                group("analytics-emea", "analytics"),
                group("analytics-us", "analytics", "finance"),
                group("leadership", "leadership", "analytics")));
        TeamAccess teams = TeamAccessTest.access(identity.groups());

        assertThat(StaticAccounts.readsOf("analytics", identity, teams)).containsExactly("analytics", "finance");
        assertThat(StaticAccounts.readsOf("leadership", identity, teams)).containsExactly("analytics", "leadership");
        assertThat(StaticAccounts.readsOf("finance", identity, teams)).as("named only in reads").containsExactly("finance");
    }

    @Test
    void twoTeamsNeverSharePasswordVariablesAndEachIsAVariableName() {
        List<String> teams = List.of("a_b", "a-b", "a/b", "emea", "EMEA", "café", "cafe");
        Set<String> variables = new HashSet<>();
        for (String team : teams) {
            String variable = StaticAccounts.teamPasswordVariable(team);
            assertThat(variable).matches("LOOKER_TEAM_[A-Z0-9_a-f]+_PASSWORD");
            variables.add(variable);
        }
        assertThat(variables).hasSameSizeAs(teams);
        assertThat(StaticAccounts.teamPasswordVariable("analytics")).isEqualTo("LOOKER_TEAM_ANALYTICS_PASSWORD");
    }

    @Test
    void aRenderedUserHasNoPasswordButItsVariableAndQuotedSubjects() {
        String block = StaticAccounts.render(List.of(new StaticAccounts.User("team-a\"b", "LOOKER_TEAM_X_PASSWORD", "team x",
                new TeamPermissions(List.of("$JS.API.INFO"), List.of("_INBOX.team-x.>")))));

        assertThat(block).contains("user: \"team-a\\\"b\"\n", "password: $LOOKER_TEAM_X_PASSWORD\n",
                "\"$JS.API.INFO\"\n", "\"_INBOX.team-x.>\"\n", "jetstream: enabled");
    }
}
