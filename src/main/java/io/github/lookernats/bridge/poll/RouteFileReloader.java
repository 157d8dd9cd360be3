package io.github.lookernats.bridge.poll;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.PluginHelper;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Applies changed route files while the bridge runs ({@link RouteReloadProperties}). A change is first checked whole,
 * as start-up and {@code --lint-routes} check files; a refused change touches no route, is logged once and shows in
 * health until the files change again. An accepted change replaces only the routes of the files that changed,
 * through Camel's own {@code RoutesLoader.updateRoutes}; the routes of a deleted file are stopped and removed.
 */
@Component
public class RouteFileReloader {

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileReloader.class);

    /** The last refused change: when, why, and the contents refused (so the same contents are not judged again). */
    public record Refusal(Instant at, List<String> problems, Map<Path, String> contents) {}

    private final CamelContext camel;
    private final Environment environment;
    private final RouteFileValidator validator;
    private final RouteReloadProperties properties;
    private Map<Path, String> loaded = Map.of();
    private volatile Refusal refusal;
    private volatile Instant lastApplied;
    private ScheduledExecutorService executor;

    public RouteFileReloader(CamelContext camel, Environment environment, RouteFileValidator validator,
            RouteReloadProperties properties) {
        this.camel = camel;
        this.environment = environment;
        this.validator = validator;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() throws IOException {
        if (!properties.enabled() || executor != null) {
            return;
        }
        loaded = contents(files()); // what Camel loaded at start-up
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "route-file-reload");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.interval().toMillis();
        executor.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Route files are checked for changes every {}: {}", properties.interval(), loaded.keySet());
    }

    @PreDestroy
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Null while the route files in place are the ones running. */
    public Refusal refusal() {
        return refusal;
    }

    public Instant lastApplied() {
        return lastApplied;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** Compares the files with what runs; checks and applies a change. Runs on the reload thread. */
    synchronized void check() {
        Map<Path, String> current = Map.of();
        try {
            List<Resource> files = files();
            current = contents(files);
            Refusal refused = refusal;
            if (current.equals(loaded) || (refused != null && current.equals(refused.contents()))) {
                if (current.equals(loaded)) {
                    refusal = null; // put back as it runs
                }
                return;
            }
            List<String> problems = new ArrayList<>(validator.validate(files));
            if (problems.isEmpty()) {
                problems.addAll(RouteLint.camelProblems(files));
            }
            if (!problems.isEmpty()) {
                refuse(current, problems);
                return;
            }
            Set<String> routes = apply(current);
            loaded = current;
            refusal = null;
            lastApplied = Instant.now();
            LOG.info("Route files reloaded; routes added or replaced: {}", routes);
        } catch (Exception | LinkageError e) {
            refuse(current, List.of("the change could not be applied (routes of the changed files may be stopped): " + e));
        }
    }

    private void refuse(Map<Path, String> contents, List<String> problems) {
        refusal = new Refusal(Instant.now(), List.copyOf(problems), contents);
        LOG.error("Route files changed, but the change is refused; the running routes go on as they were:\n  - {}",
                String.join("\n  - ", problems));
    }

    /** Replaces the routes of changed and new files, and removes those of deleted files. */
    private Set<String> apply(Map<Path, String> current) throws Exception {
        List<Path> changed = new ArrayList<>();
        current.forEach((file, hash) -> {
            if (!hash.equals(loaded.get(file))) {
                changed.add(file);
            }
        });
        List<Path> gone = new ArrayList<>(changed);
        loaded.keySet().stream().filter(file -> !current.containsKey(file)).forEach(gone::add);
        for (Route route : List.copyOf(camel.getRoutes())) {
            org.apache.camel.spi.Resource source = route.getSourceResource();
            if (source != null && source.getLocation() != null && gone.contains(path(source.getLocation()))) {
                camel.getRouteController().stopRoute(route.getRouteId());
                camel.removeRoute(route.getRouteId());
            }
        }
        Set<String> added = new java.util.LinkedHashSet<>();
        for (Path file : changed) {
            org.apache.camel.spi.Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file);
            Set<String> before = routeIds();
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            Set<String> after = routeIds();
            after.removeAll(before);
            added.addAll(after);
        }
        LOG.info("Route files changed: {}; removed: {}", changed,
                loaded.keySet().stream().filter(file -> !current.containsKey(file)).toList());
        return added;
    }

    private Set<String> routeIds() {
        Set<String> ids = new java.util.HashSet<>();
        camel.getRoutes().forEach(route -> ids.add(route.getRouteId()));
        return ids;
    }

    private List<Resource> files() throws IOException {
        List<Resource> files = new ArrayList<>();
        for (Resource file : RouteFileValidator.routeFiles(environment)) {
            if (file.isFile()) { // a classpath file inside a jar does not change
                files.add(file);
            }
        }
        return files;
    }

    private static Map<Path, String> contents(List<Resource> files) throws IOException {
        Map<Path, String> contents = new LinkedHashMap<>();
        for (Resource file : files) {
            contents.put(file.getFile().toPath().toAbsolutePath().normalize(), DigestUtils.sha256Hex(file.getContentAsByteArray()));
        }
        return contents;
    }

    private static Path path(String location) {
        String plain = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Path.of(plain).toAbsolutePath().normalize();
    }
}
