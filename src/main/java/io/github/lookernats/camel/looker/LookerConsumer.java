package io.github.lookernats.camel.looker;

import java.text.ParseException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.quartz.CronExpression;

import io.github.lookernats.camel.telemetry.RunScope;
import io.github.lookernats.camel.telemetry.RunTelemetry;

import io.github.lookernats.camel.run.ResultRun;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.pollconsumer.quartz.QuartzScheduledPollConsumerScheduler;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;
import org.quartz.Scheduler;

/**
 * Starts one run of its endpoint at each fire time of its cron schedule, through Camel Quartz: a run that lasts past
 * the next fire time delays it rather than overlapping it. The run's exchange goes through the route synchronously,
 * so the route's error handling (retries, dead letters) covers the Looker calls too.
 */
public class LookerConsumer extends DefaultConsumer implements Runnable {

    private QuartzScheduledPollConsumerScheduler scheduler;

    public LookerConsumer(LookerEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public LookerEndpoint getEndpoint() {
        return (LookerEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduler = new QuartzScheduledPollConsumerScheduler();
        scheduler.setCamelContext(getEndpoint().getCamelContext());
        scheduler.setCron(getEndpoint().getCron());
        scheduler.onInit(this);
        scheduler.scheduleTask(this);
        ServiceHelper.startService(scheduler);
        scheduler.startScheduler();
        telemetry().scheduled(getRouteId(), getEndpoint().getCron());
        QuartzComponent component = getEndpoint().getCamelContext().getComponent("quartz", QuartzComponent.class);
        Scheduler quartz = component.getScheduler();
        if (component.isAutoStartScheduler() && getEndpoint().getCamelContext().isStarted() && quartz != null && !quartz.isStarted()) {
            quartz.start(); // Camel Quartz starts it with the context; a route added later must not wait for that
        }
    }

    private RunTelemetry telemetry() {
        return getEndpoint().getComponent().getTelemetry();
    }

    @Override
    protected void doStop() throws Exception {
        if (scheduler != null) {
            scheduler.unscheduleTask();
            ServiceHelper.stopAndShutdownService(scheduler);
            scheduler = null;
        }
        super.doStop();
    }

    /**
     * One scheduled run. Camel Quartz's job calls this: with a cron trigger it finds the task through the route's
     * consumer, which must therefore be the {@link Runnable}.
     */
    @Override
    public void run() {
        if (!isRunAllowed() || isSuspendingOrSuspended()) {
            return;
        }
        RunQueue queue = getEndpoint().getComponent().getRunQueue();
        if (queue == null) {
            run(Map.of());
            return;
        }
        Instant fireTime = fireTime(getEndpoint().getCron(), Instant.now());
        try {
            queue.propose(getRouteId(), fireTime);
        } catch (Exception e) {
            // the fire time is lost unless another replica proposed it: staleness shows it
            getExceptionHandler().handleException("Run of " + getRouteId() + " for " + fireTime + " could not be proposed", e);
        }
    }

    /**
     * The fire time this firing is for: the latest time of the cron at or before now. Every replica's scheduler fires
     * when its own clock reaches that time, so all of them name the same one whatever their clocks' skew.
     */
    static Instant fireTime(String cron, Instant now) {
        try {
            CronExpression expression = new CronExpression(cron);
            Date candidate = expression.getNextValidTimeAfter(Date.from(now.minusSeconds(60)));
            Date latest = null;
            while (candidate != null && !candidate.toInstant().isAfter(now)) {
                latest = candidate;
                candidate = expression.getNextValidTimeAfter(candidate);
            }
            return latest != null ? latest.toInstant() : now.truncatedTo(ChronoUnit.SECONDS);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid cron " + cron, e);
        }
    }

    /**
     * Runs the route once now, with these exchange properties set first (a replay marks itself so), and returns the
     * finished exchange. A failure the route's error handling did not take is also reported to the consumer's
     * exception handler.
     */
    public Exchange run(Map<String, Object> properties) {
        return run(getEndpoint().newRun(getRouteId()), properties);
    }

    /** Runs the given run through the route, as {@link #run(Map)} does with a new run of this consumer's endpoint. */
    public Exchange run(ResultRun run, Map<String, Object> properties) {
        Exchange exchange = createExchange(false);
        properties.forEach(exchange::setProperty);
        LookerEndpoint.carry(exchange, run);
        try (RunScope observed = telemetry().startRun(run, "poll")) {
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            observed.ended(exchange);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Run of " + getEndpoint().getEndpointUri() + " failed", exchange,
                    exchange.getException());
        }
        return exchange;
    }
}
