package io.github.lookernats.bridge.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Route tests as teams run them ({@code --test-routes}): the shipped route files pass their own tests, and a test
 * that does not hold says which expectation failed and how. No Looker and no nats-server run here.
 */
class RouteTestsTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int test(String... args) throws Exception {
        return RouteTests.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedRouteFilesPassTheirTests() throws Exception {
        assertThat(test("--test-routes", "routes/")).as(output()).isZero();
        assertThat(output())
                .contains("PASS looker-polls.test.yaml: each status becomes a row event")
                .contains("PASS looker-polls.test.yaml: the inline query's model and view name the subjects")
                .contains("PASS partner-feed.test.yaml: cancelled orders are left out, the email masked and the state dropped")
                .contains("3 passed, 0 failed");
    }

    @Test
    void aTestThatDoesNotHoldSaysWhatDiffers() throws Exception {
        assertThat(test("--test-routes=src/test/resources/route-tests/wrong.test.yaml")).isEqualTo(1);

        assertThat(output())
                .contains("FAIL wrong.test.yaml: wrong expectations: ")
                .contains("row 0: 'users.email' is \"***\", expected \"a@example.com\"")
                .contains("1 rows still have 'users.email'")
                .contains("data: 'rowsDropped' is 1, expected 0")
                .contains("FAIL wrong.test.yaml: a route the file does not have: route 'no-such-route' is not in the file")
                .contains("FAIL wrong.test.yaml: a count that is off: looker.thelook.partner_order_lines.row: 1 events, expected 2")
                .contains("0 passed, 3 failed");
    }

    @Test
    void noTestFilesIsAUsageError() throws Exception {
        assertThat(test("--test-routes", "src/test/resources/bad-routes")).isEqualTo(2);
    }
}
