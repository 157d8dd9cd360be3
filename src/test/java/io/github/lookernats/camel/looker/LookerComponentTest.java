package io.github.lookernats.camel.looker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lookernats.bridge.emulator.LookerEmulator;
import io.github.lookernats.camel.events.LookerEventsComponent;
import io.github.lookernats.camel.run.ResultRun;
import io.github.lookernats.camel.run.RowSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * The looker component on a plain Camel context, as Camel JBang or the launcher would run it, against the Looker
 * emulator: configured by its own options, with its own Looker client.
 */
class LookerComponentTest {

    private static final LookerEmulator LOOKER = LookerEmulator.start();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DefaultCamelContext camel;

    @BeforeEach
    void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        // as Camel JBang or Camel Main would configure it (camel.component.looker.*): no Spring, no bridge wiring
        LookerComponent looker = camel.getComponent("looker", LookerComponent.class);
        looker.setBaseUrl(LOOKER.baseUrl());
        looker.setClientId(LOOKER.clientId());
        looker.setClientSecret(LOOKER.clientSecret());
        camel.start();
    }

    @AfterEach
    void stopCamel() throws Exception {
        camel.close();
        LOOKER.reset();
    }

    @AfterAll
    static void stopLooker() {
        LOOKER.close();
    }

    @Test
    void aBaseUrlWithoutAnApiKeyOrThatIsNoHttpUrlIsRefusedAtStart() {
        LookerComponent noKey = new LookerComponent();
        noKey.setCamelContext(camel);
        noKey.setBaseUrl(LOOKER.baseUrl());
        assertThatThrownBy(noKey::start).hasStackTraceContaining("baseUrl needs clientId and clientSecret");
        LookerComponent userInfo = new LookerComponent();
        userInfo.setCamelContext(camel);
        userInfo.setBaseUrl("https://me:pw@acme.looker.com");
        userInfo.setClientId("id");
        userInfo.setClientSecret("secret");
        assertThatThrownBy(userInfo::start).hasStackTraceContaining("baseUrl must be one absolute http(s) URL");
    }

    @Test
    void theComponentIsFoundByItsSchemeOnTheClasspath() {
        assertThat(camel.getComponent("looker")).isInstanceOf(LookerComponent.class);
        assertThat(camel.getComponent("looker-events")).isInstanceOf(LookerEventsComponent.class);
    }

    @Test
    void aProducerRunsTheLookAndTheExchangeCarriesItsRowsAndSource() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:run").routeId("on-demand").to("looker:look:1?explore=on_demand")
                        // the rows stream while the exchange lasts: they are closed when it completes
                        .process(exchange -> exchange.setProperty("rows",
                                rows(exchange.getProperty(ResultRun.PROPERTY, ResultRun.class).openRows())));
            }
        });
        Exchange done = camel.createProducerTemplate().send("direct:run", exchange -> { });

        assertThat(done.getException()).isNull();
        ResultRun run = done.getProperty(ResultRun.PROPERTY, ResultRun.class);
        assertThat(done.getMessage().getBody()).isSameAs(run);
        assertThat(run.routeId()).isEqualTo("on-demand");
        assertThat(run.source().path()).isEqualTo("/looks/1");
        assertThat(run.source().model()).isEqualTo("thelook");
        assertThat(run.source().explore()).as("the endpoint's subject token wins").isEqualTo("on_demand");
        assertThat(done.getProperty("rows", List.class)).hasSize(5);
        assertThat(LOOKER.requests()).anyMatch(r -> r.path().startsWith("/api/4.0/looks/1/run/json"));
    }

    @Test
    void anInlineQueryTakesItsJsonFromTheQueryOption() throws Exception {
        String query = "{\"model\": \"thelook\", \"view\": \"inventory_items\", \"fields\": [\"products.category\"]}";
        LookerEndpoint endpoint = camel.getEndpoint("looker:inline-query?limit=3&query=RAW(" + query + ")", LookerEndpoint.class);

        assertThat(endpoint.spec().inlineQuery().path("view").asString()).isEqualTo("inventory_items");
        assertThat(endpoint.spec().limit()).isEqualTo(3);
        assertThat(endpoint.spec().endpointUri(null)).as("round trip").startsWith("looker:inline-query?query=%7B");
        assertThat(camel.getEndpoint(endpoint.spec().endpointUri(null), LookerEndpoint.class).spec()).isEqualTo(endpoint.spec());
    }

    @Test
    void everyMistakeInAnEndpointIsNamedWithTheEndpoint() {
        assertThatThrownBy(() -> camel.getEndpoint("looker:look:abc?format=xlsx", LookerEndpoint.class).spec())
                .hasMessageContaining("Invalid endpoint looker://look:abc")
                .hasMessageContaining("lookId must be a Look's id (digits), not 'abc'")
                .hasMessageContaining("unsupported format 'xlsx'");
        assertThatThrownBy(() -> camel.getEndpoint("looker:dashboard:1", LookerEndpoint.class).spec())
                .hasMessageContaining("the kind is look, query or inline-query, not 'dashboard'");
        assertThatThrownBy(() -> camel.getEndpoint("looker:inline-query", LookerEndpoint.class).spec())
                .hasMessageContaining("set exactly one of lookId, queryId or inlineQuery (found 0)");
        assertThatThrownBy(() -> camel.getEndpoint("looker:look:1?query=RAW({})", LookerEndpoint.class).spec())
                .hasMessageContaining("the query option is for inline-query only");
        assertThatThrownBy(() -> camel.getEndpoint("looker:look:1?lookid=2"))
                .as("Camel itself refuses options the component does not have").hasMessageContaining("lookid");
        assertThatThrownBy(() -> camel.getEndpoint("looker:look:1", LookerEndpoint.class).createConsumer(exchange -> { }))
                .hasMessageContaining("a looker consumer runs on a schedule; set cron");
        assertThatThrownBy(() -> camel.getEndpoint("looker-events:send"))
                .hasMessageContaining("the operation is publish (looker-events:publish) or dead-letter, not 'send'");
    }

    @Test
    void publishingAnExchangeWithoutARunIsRefused() throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:no-run").to("looker-events:publish");
            }
        });
        Exchange done = camel.createProducerTemplate().send("direct:no-run", exchange -> exchange.getMessage().setBody("rows?"));

        assertThat(done.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publishes a Looker run: send it the exchange of a looker endpoint");
    }

    private static List<Object> rows(RowSource source) {
        List<Object> rows = new ArrayList<>();
        source.forEachRemaining(rows::add);
        source.close();
        return rows;
    }
}
