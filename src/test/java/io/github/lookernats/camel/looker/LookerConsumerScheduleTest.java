package io.github.lookernats.camel.looker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lookernats.camel.run.ResultRun;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The consumer's schedule, on a plain Camel context: no Spring, no Looker call (the route never opens the rows). */
class LookerConsumerScheduleTest {

    @Test
    void aConsumerRunsAtEachFireTimeOfItsCronAndStartsWhenItsRouteIsStartedLater() throws Exception {
        CountDownLatch fired = new CountDownLatch(2);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("looker:look:42?cron=* * * * * ?").routeId("every-second").autoStartup(false)
                            .process(exchange -> {
                                assertThat(exchange.getProperty(ResultRun.PROPERTY, ResultRun.class).routeId()).isEqualTo("every-second");
                                fired.countDown();
                            });
                }
            });
            camel.start();
            camel.getRouteController().startRoute("every-second");
            assertThat(fired.await(10, TimeUnit.SECONDS)).as("two fire times within 10 s").isTrue();
        }
    }
}
