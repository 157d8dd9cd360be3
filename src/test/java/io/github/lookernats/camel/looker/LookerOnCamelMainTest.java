package io.github.lookernats.camel.looker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.bridge.support.TempFiles;
import io.github.lookernats.camel.run.ResultRow;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The looker component as Camel Main (what the Camel launcher and JBang build on) runs it: a YAML route file from
 * disk, the component configured by camel.component.looker.* properties through its generated configurer, no
 * Spring. The route hands each row of the Look on to a seda queue the test reads.
 */
class LookerOnCamelMainTest {

    private static final LookerEmulator LOOKER = LookerEmulator.start();
    private static final Path ROUTES = TempFiles.createDirectory("camel-main-routes");

    @AfterAll
    static void shutDown() {
        LOOKER.close();
        TempFiles.deleteRecursively(ROUTES);
    }

    @Test
    void aRouteFileRunsALookOnCamelMainWithTheComponentConfiguredByProperties() throws Exception {
        Files.writeString(ROUTES.resolve("look.camel.yaml"), """
                - route:
                    id: look-rows
                    from:
                      uri: looker:look:1
                      parameters: { cron: "* * * * * ?" }
                      steps:
                        - split:
                            expression:
                              simple: { expression: "${exchangeProperty.bridgeRun.openRows()}" }
                            steps:
                              - to: { uri: "seda:rows" }
                """);
        Main main = new Main();
        main.addInitialProperty("camel.main.routes-include-pattern", "file:" + ROUTES + "/*.camel.yaml");
        main.addInitialProperty("camel.component.looker.base-url", LOOKER.baseUrl());
        main.addInitialProperty("camel.component.looker.client-id", LOOKER.clientId());
        main.addInitialProperty("camel.component.looker.client-secret", LOOKER.clientSecret());
        main.start();
        try {
            ConsumerTemplate rows = main.getCamelContext().createConsumerTemplate();
            for (int i = 0; i < 5; i++) {
                Object row = rows.receiveBody("seda:rows", 20_000);
                assertThat(row).as("row " + i).isInstanceOf(ResultRow.class);
                assertThat(new String(((ResultRow) row).canonicalJson(), java.nio.charset.StandardCharsets.UTF_8)).contains("orders.status");
            }
        } finally {
            main.stop();
        }
        assertThat(LOOKER.requests()).anyMatch(request -> request.path().startsWith("/api/4.0/looks/1/run/json"));
    }
}
