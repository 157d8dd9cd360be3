package io.github.lookernats.bridge.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Looker API 4.0 server for tests: login/logout, looks, queries, users, the three run endpoints and
 * query tasks (create, status, results, kill), with streamed, deterministic results from a small "thelook" e-commerce model and scriptable {@link Fault}s.
 *
 * <p>Content: looks "1" (Orders by status, 5 rows), "2" (Daily revenue, 30 rows) and "3" (Order lines, 1,000 rows
 * of about 300 bytes); saved queries {@code aogBgL6o3cKK1jN3RoZl5s}, {@code pX7Rk2LmQ9vNw4TzYb3HcD},
 * {@code Lq83mZt5WcE1oPa7Ks2UdF} (those looks' queries) and {@code Inv3nT0ryByCat3g0ry9Xw} (inventory by
 * category, 12 rows); users "1" (the API user), "7" (Alice Analyst) and "8" (Bob Müller).
 */
public final class LookerEmulator implements AutoCloseable {

    private static final String CLIENT_ID = "emulator-client-id";
    private static final String CLIENT_SECRET = "emulator-client-secret";

    private final HttpServer server;
    private final ExecutorService executor;
    private final TokenStore tokens = new TokenStore();
    private final FaultQueue faults = new FaultQueue();
    private final RequestLog requests = new RequestLog();
    private final RowCounts rowCounts = new RowCounts();
    private final AuthEndpoints auth = new AuthEndpoints(CLIENT_ID, CLIENT_SECRET, tokens);
    private final Downloads downloads;
    private final PrerenderedResults prerendered = new PrerenderedResults();
    private final RunEndpoints runs;
    private final QueryTaskEndpoints queryTasks;

    private LookerEmulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        TheLook catalog = new TheLook();
        ContentEndpoints content = new ContentEndpoints(catalog, new Representations(baseUrl(), catalog));
        ResultStreamer streamer = new ResultStreamer(faults, tokens, prerendered);
        runs = new RunEndpoints(catalog, rowCounts, streamer);
        Representations representations = new Representations(baseUrl(), catalog);
        queryTasks = new QueryTaskEndpoints(catalog, runs, representations, streamer);
        downloads = new Downloads(catalog, requests, streamer);
        Router router = new Router()
                .addPublic("POST", "/login", auth::login)
                .add("DELETE", "/logout", auth::logout)
                .add("GET", "/looks/{look_id}", content::look)
                .add("GET", "/looks/{look_id}/run/{result_format}", runs::runLook)
                .add("GET", "/queries/{query_id}", content::query)
                .add("GET", "/queries/{query_id}/run/{result_format}", runs::runQuery)
                .add("POST", "/queries/run/{result_format}", runs::runInline)
                .add("POST", "/query_tasks", queryTasks::create)
                .add("GET", "/query_tasks/{query_task_id}", queryTasks::status)
                .add("GET", "/query_tasks/{query_task_id}/results", queryTasks::results)
                .add("DELETE", "/running_queries/{query_task_id}", queryTasks::kill)
                .add("GET", "/users/{user_id}", content::user)
                .add("GET", "/scheduled_plans/{scheduled_plan_id}", content::scheduledPlan)
                .add("GET", "/user", content::me);
        server.createContext("/", new ApiHandler(requests, faults, tokens, router));
        server.createContext(Downloads.PATH, downloads);
        // Several threads, so a slow or huge response never blocks other requests (or the login for a retry).
        executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on a random free port. */
    public static LookerEmulator start() {
        return start(0);
    }

    /** Starts on {@code port}; 0 picks a random free port. */
    public static LookerEmulator start(int port) {
        try {
            return new LookerEmulator(port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Looker emulator on port " + port, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}; API paths start with {@code /api/4.0}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String clientId() {
        return CLIENT_ID;
    }

    public String clientSecret() {
        return CLIENT_SECRET;
    }

    /** Lifetime of tokens issued from now on; announced as {@code expires_in} and enforced. Default 3600 s. */
    public LookerEmulator tokenTtl(Duration ttl) {
        tokens.ttl(ttl);
        return this;
    }

    /** Invalidates every token issued so far; their next use answers 401. */
    public void expireAllTokens() {
        tokens.revokeAll();
    }

    /**
     * Rows a look or saved query (either id; a look and its query share the setting) or {@code "inline"} yields
     * when the effective limit is -1 or larger.
     */
    public LookerEmulator rowCount(String lookOrQueryId, long rows) {
        rowCounts.set(lookOrQueryId, rows);
        return this;
    }

    /**
     * A one-time {@code download_url} for a streaming action delivery, as Looker creates when a schedule runs:
     * {@code <baseUrl>/downloads/<token>}, no auth, single use.
     */
    public String registerDownload(String lookId, String format, long rows) {
        return baseUrl() + Downloads.PATH + downloads.register(lookId, format, rows);
    }

    /**
     * Renders the Look's unlimited result (as {@code run_look} with {@code limit=-1} gives it now) into a file and
     * serves that copy from then on, unless a fault is queued. For the benchmark, so the rows are not generated on
     * the cores the bridge is measured on; tests keep generating them while they stream.
     */
    public LookerEmulator prerenderLook(String lookId, String format) {
        ResultFormat resultFormat = ResultFormat.fromPath(format).orElseThrow(() -> new IllegalArgumentException(format));
        prerendered.render(resultFormat, runs.unlimitedLookResult(lookId));
        return this;
    }

    /** Status checks ({@code GET /query_tasks/{id}}) a query task answers {@code running} to before it ends. Default 2. */
    public LookerEmulator queryTaskRunningChecks(int checks) {
        queryTasks.runningChecks(checks);
        return this;
    }

    /** The next query task created ends with {@code error}, {@code killed} or {@code expired} instead of {@code complete}. */
    public LookerEmulator endNextQueryTask(String status) {
        queryTasks.endNextTask(status);
        return this;
    }

    public void enqueueFault(Fault fault) {
        faults.add(fault);
    }

    /** Requests received so far whose path starts with {@code pathPrefix}, e.g. {@code "/api/4.0/looks/1/run"}. */
    public int requestCount(String pathPrefix) {
        return requests.count(pathPrefix);
    }

    /** Successful POST /login calls. */
    public int loginCount() {
        return auth.loginCount();
    }

    public List<RecordedRequest> requests() {
        return requests.snapshot();
    }

    /** Back to a fresh state: no faults, counters, row counts, tokens, query tasks or prerendered results, default TTL. */
    public void reset() {
        faults.clear();
        requests.clear();
        auth.resetCount();
        rowCounts.clear();
        tokens.reset();
        downloads.clear();
        prerendered.clear();
        queryTasks.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        prerendered.clear();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger sequence = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "looker-emulator-" + sequence.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
