package io.github.lookernats.bridge.poll;

import io.github.lookernats.bridge.runs.JetStreamRunQueue;
import org.springframework.beans.factory.ObjectProvider;

import io.github.lookernats.camel.looker.client.PollRunner;

import io.github.lookernats.camel.looker.client.LookerClient;
import io.github.lookernats.bridge.looker.LookerProperties;
import io.github.lookernats.camel.looker.client.QueryTasks;
import io.github.lookernats.camel.events.LookerEventsComponent;
import io.github.lookernats.camel.events.ResultPipeline;
import io.github.lookernats.camel.looker.LookerComponent;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code looker} and {@code looker-events} components, bound to the bridge's configuration and added to the
 * Camel context before any route is created. (Not as beans named after their schemes: {@code looker} names the
 * health indicator.)
 */
@Configuration(proxyBeanMethods = false)
public class LookerComponents {

    @Bean
    CamelContextConfiguration lookerComponentsInCamel(LookerProperties looker, LookerClient client, ObjectMapper mapper,
            ResultPipeline pipeline, ObjectProvider<JetStreamRunQueue> runQueue) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camel) {
                // waiting query tasks end at Camel's shutdown: scheduler threads are not interrupted, so they must ask
                QueryTasks queryTasks = new QueryTasks(client, looker.toApi().queryTask(), mapper,
                        () -> camel.isStopping() || camel.isStopped());
                LookerComponent component = new LookerComponent();
                component.setRuns(new PollRunner(client, queryTasks, mapper));
                component.setDefaultRowLimit(looker.defaultRowLimit());
                component.setRunQueue(runQueue.getIfAvailable()); // bridge.runs.shared
                camel.addComponent("looker", component);
                LookerEventsComponent events = new LookerEventsComponent();
                events.setPipeline(pipeline);
                camel.addComponent("looker-events", events);
            }

            @Override
            public void afterApplicationStart(CamelContext camel) {
                JetStreamRunQueue queue = runQueue.getIfAvailable();
                if (queue != null) {
                    try {
                        queue.start(); // once every route is there to run what it hands out
                    } catch (Exception e) {
                        throw new IllegalStateException("the shared run queue could not start: " + e.getMessage(), e);
                    }
                }
            }
        };
    }
}
