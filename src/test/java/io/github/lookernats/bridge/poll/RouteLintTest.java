package io.github.lookernats.bridge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The lint command teams run in their own CI, on the files of this repository: nothing runs besides it (no
 * nats-server, no Looker), and each kind of mistake is reported with its file and route, and a non-zero exit.
 */
class RouteLintTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int lint(String... args) throws Exception {
        return RouteLint.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedRouteFilesPass() throws Exception {
        assertThat(lint("--lint-routes", "routes/looker-polls.camel.yaml")).as(output()).isZero();
        assertThat(output()).contains("OK: 1 route file(s), 4 route(s)");
    }

    @Test
    void theTestRouteFilesPassWhetherRoutesOrLookerPollEntries() throws Exception {
        assertThat(lint("--lint-routes=src/test/resources/routes/*.camel.yaml")).as(output()).isZero();
        assertThat(output()).startsWith("OK: ");
    }

    @Test
    void whatTheBridgeRefusesAtStartUpIsReportedWithFileEntryAndLine() throws Exception {
        assertThat(lint("--lint-routes", "src/test/resources/bad-routes/outside-endpoints.camel.yaml",
                "src/test/resources/bad-routes/unknown-parameter.camel.yaml",
                "src/test/resources/bad-routes/no-error-handling.camel.yaml")).isEqualTo(1);

        assertThat(output())
                .contains("outside-endpoints.camel.yaml: entry 1", "which reaches outside the bridge (allow it with bridge.routes.allowed-schemes)")
                .contains("unknown-parameter.camel.yaml: entry 1 (templatedRoute 'typo')", "unknown parameter 'lookid'")
                .contains("no-error-handling.camel.yaml: entry 1 (route 'unhandled')", "needs 'routeConfigurationId: bridge-errors'")
                .containsPattern("\\d+ problem\\(s\\) in 3 route file\\(s\\)");
    }

    @Test
    void anOperatorsSwitchesAreGivenAsTheDeploymentSetsThem() throws Exception {
        String file = "src/test/resources/route-policy/allowed.camel.yaml";
        assertThat(lint("--lint-routes", file)).as(output()).isZero();
        output.reset();
        assertThat(lint("--lint-routes", "src/test/resources/bad-routes/beans.camel.yaml")).isEqualTo(1);
        assertThat(output()).contains("allow it with bridge.routes.allow-beans");
    }

    @Test
    void mistakesInLookerEndpointsAreFoundAsCamelReadsThem() throws Exception {
        assertThat(lint("--lint-routes", "src/test/resources/lint/endpoint-mistakes.camel.yaml")).isEqualTo(1);

        assertThat(output())
                .contains("route 'typo-in-an-option' from looker:look:1", "lookid")
                .contains("route 'no-schedule' from looker:look:1", "a looker consumer runs on a schedule; set cron")
                .contains("route 'bad-cron-and-format'", "'cron' is not a valid Quartz cron expression",
                        "unsupported format 'xlsx'")
                .contains("route 'row-route-elsewhere'", "rowRoute names a direct: route, not 'seda:rows'");
    }

    @Test
    void whatCamelCannotReadIsReported() throws Exception {
        assertThat(lint("--lint-routes", "src/test/resources/bad-routes/unknown-dsl-key.camel.yaml")).isEqualTo(1);
        assertThat(output()).contains("unknown-dsl-key.camel.yaml", "unknown key 'paramters'");
    }

    @Test
    void noFilesIsAUsageError() throws Exception {
        assertThat(lint("--lint-routes")).isEqualTo(2);
        assertThat(lint("--lint-routes", "no/such/file.camel.yaml")).isEqualTo(1);
        assertThat(output()).contains("no/such/file.camel.yaml: cannot be read");
    }
}
