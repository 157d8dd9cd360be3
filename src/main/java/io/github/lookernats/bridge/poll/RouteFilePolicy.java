package io.github.lookernats.bridge.poll;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * What a route file may contain. Teams edit route files; the bridge must not become a way for them to run code of
 * their choosing or to reach systems the operator did not choose. The rules walk every key and value of an entry,
 * at any depth, so a step nested in a {@code choice}, a {@code split} or a {@code doTry} is checked like one at the
 * top, and a key Camel adds later is still met by the rules on values (endpoint URIs, bean references, Simple
 * functions).
 *
 * <p><b>Endpoints.</b> Every URI the file states is checked against an allow-list of in-process components:
 * {@code direct} and {@code seda} (the bridge's own routes), {@code log}, {@code timer}, {@code quartz} and
 * {@code scheduler}. Everything else reaches outside the bridge or runs code: {@code http}, {@code platform-http},
 * {@code rest}, {@code file}, {@code exec}, {@code kamelet}; {@code bean}, {@code class} and {@code language} run
 * code; {@code ref} looks up an endpoint bean; {@code xslt} and {@code validator} load documents from anywhere and
 * {@code xslt} can call Java; {@code controlbus} is refused too, because it starts and stops any route (the push
 * endpoints, the dead-letter route) and its {@code language} action evaluates any language; {@code mock},
 * {@code browse}, {@code dataset} and {@code stub} are for tests ({@code mock} and {@code browse} keep every
 * message). An operator adds schemes with {@code bridge.routes.allowed-schemes}. A URI whose scheme is not written
 * out ({@code {{target}}}, {@code ${header.target}}) cannot be checked and is refused, except in an EIP whose
 * {@code allowedSchemes} lists only allowed schemes, because Camel then refuses any other scheme at run time. Recipient lists, routing slips and
 * dynamic routers split their expression's value at run time, so a value built from message data could smuggle in
 * a second endpoint: only constant lists are checked statically; the rest need {@code allowedSchemes}.
 *
 * <p><b>Code.</b> These run Java code the file chooses and need {@code bridge.routes.allow-beans}: {@code beans}
 * (they create objects of any class, and can run scripts to do so); {@code bean} and {@code process} steps, which
 * call a bean of the application context, and the {@code method} and {@code ref} languages: the registry holds every
 * Spring bean, and a file that may call their methods may do anything they can. No processor in the bridge is meant
 * to be called from a route file, so the choice is all or nothing rather than a list of beans. Attributes that name
 * a bean or a class ({@code aggregationStrategy}, {@code idempotentRepository}, {@code executorService},
 * {@code exceptionType}, anything ending in {@code Ref}, ...), values that use Camel's reference syntax
 * ({@code #bean:}, {@code #class:}, {@code #type:}, {@code #name}) and the {@code {{bean:...}}} placeholder function
 * are refused for the same reason: {@code aggregationStrategy} with {@code aggregationStrategyMethodName} calls any
 * method of any bean, and {@code #class:} constructs any class.
 *
 * <p><b>Scripts.</b> {@code bridge.routes.allow-scripts} switches on the languages that run code: groovy, java, joor,
 * jactl, js, python, mvel, ognl, spel (on the classpath with camel-spring: {@code T(java.lang.Runtime)} is one step
 * away), csimple, wasm, datasonnet and xquery, and any language not known to be a query language. Simple itself is
 * allowed, but its functions are checked against a list of those that only read and format the message: a
 * {@code ${...}} that calls a bean ({@code bean:}, {@code ref:}, {@code type:}, {@code function(}), reaches Java
 * objects beyond the message ({@code exchange}, {@code camelContext}, {@code class}, OGNL method calls with
 * arguments such as {@code ${body.getClass().forName('...')}}), loads a resource ({@code load(}) or is not on the
 * list is refused. Property access without arguments ({@code ${body.length}}, {@code ${exception.message}}) stays
 * allowed.
 *
 * <p>What this does not judge: which in-process routes a file sends to (a {@code direct:} endpoint may be one of the
 * bridge's), and what application properties and environment variables it reads through {@code {{...}}}.
 */
final class RouteFilePolicy {

    /** One problem: where in the file (a path such as {@code [2].route.from.steps[0].to}) and what. */
    record Finding(String path, String message) {}

    static final Set<String> IN_PROCESS_SCHEMES = Set.of("direct", "seda", "log", "timer", "quartz", "scheduler", "looker", "looker-events");

    static final String BEANS_SWITCH = "bridge.routes.allow-beans";
    static final String SCRIPTS_SWITCH = "bridge.routes.allow-scripts";
    static final String SCHEMES_SWITCH = "bridge.routes.allowed-schemes";

    /** Why a scheme is refused, where "reaches outside the bridge" would not say it. */
    private static final Map<String, String> SCHEME_REASONS = Map.of(
            "bean", "calls Java code",
            "class", "calls Java code",
            "language", "runs a script",
            "ref", "looks up an endpoint bean",
            "controlbus", "starts and stops the bridge's own routes and evaluates any language",
            "kamelet", "runs a Kamelet, whose routes the bridge cannot see",
            "xslt", "runs XSLT, which can call Java and read any document");

    /** Expression languages that query the message and run no code of the file's choosing. */
    private static final Set<String> QUERY_LANGUAGES = Set.of("constant", "simple", "header", "exchangeProperty",
            "variable", "tokenize", "xtokenize", "xpath", "jsonpath", "jq", "hl7terser", "file");
    /** Languages that call a bean of the registry. */
    private static final Set<String> BEAN_LANGUAGES = Set.of("method", "bean", "ref");
    /** Every expression language key of the Camel 4.22 YAML DSL; the ones not above run code. */
    private static final Set<String> LANGUAGE_KEYS = Set.of("constant", "csimple", "datasonnet", "exchangeProperty",
            "groovy", "header", "hl7terser", "jactl", "java", "joor", "jq", "js", "jsonpath", "language", "method",
            "mvel", "ognl", "python", "ref", "simple", "spel", "tokenize", "variable", "wasm", "xpath", "xquery",
            "xtokenize");

    /** Steps that call a bean. */
    private static final Set<String> BEAN_STEPS = Set.of("bean", "process");
    /**
     * Attributes (Camel 4.22 YAML DSL) whose value names a bean of the registry or a Java class. Keys ending in
     * {@code Ref}, {@code Refs} or {@code ClassName(s)} are caught by {@link #REFERENCE_SUFFIX} as well.
     */
    private static final Set<String> REFERENCE_KEYS = Set.of("ref", "refErrorHandler", "beanType", "builderClass",
            "factoryBean", "factoryMethod", "aggregationStrategy", "aggregationStrategyMethodName",
            "aggregateController", "aggregationRepository", "idempotentRepository", "executorService",
            "timeoutCheckerExecutorService", "threadOffloadExecutorService", "timeoutExecutorService", "onPrepare",
            "comparator", "logger", "sagaService", "predicateExceptionFactory", "resumeStrategy", "typedGuard",
            "customLoadBalancer", "exceptionType", "className");
    private static final Pattern REFERENCE_SUFFIX = Pattern.compile(".+(Ref|Refs|ClassName|ClassNames)");
    /** Keys that end like a reference but are not one. */
    private static final Set<String> NOT_REFERENCES = Set.of("routeTemplateRef");

    /** Keys whose text value is an endpoint URI (objects carry it in {@code uri}). */
    private static final Set<String> ENDPOINT_STEPS = Set.of("to", "toD", "from", "poll", "wireTap");
    /** URIs computed per message with Simple: a literal scheme prefix is enough. */
    private static final Set<String> DYNAMIC_URI_OWNERS = Set.of("toD", "wireTap");
    /** Their {@code uri} is a pattern of endpoints to intercept, not an endpoint. */
    private static final Set<String> PATTERN_OWNERS = Set.of("interceptFrom", "interceptSendToEndpoint");
    /** EIPs whose expression yields endpoint URIs at run time. */
    private static final Set<String> ENDPOINT_EXPRESSIONS = Set.of("recipientList", "routingSlip", "dynamicRouter",
            "enrich", "pollEnrich");
    /** Keys whose value is a map of endpoint options or bean properties, with names of any kind, not DSL. */
    private static final Set<String> OPTION_MAPS = Set.of("parameters", "properties");
    /** Free text Camel never evaluates. */
    private static final Set<String> FREE_TEXT = Set.of("description", "note");

    /**
     * Simple functions (Camel 4.22) that read or format the message and nothing else. Any other function is refused:
     * new functions are judged before they are allowed.
     */
    private static final Set<String> SIMPLE_FUNCTIONS = Set.of("abs", "attachment", "attachments", "average",
            "body", "bodyAs", "bodyAsIndex", "bodyOneLine", "bodyType", "boolean", "camelId", "capitalize", "ceil",
            "collate", "concat", "contains", "convertTo", "date", "date-with-timezone", "distinct", "empty",
            "endsWith", "env", "exception", "exceptionAs", "exchangeId", "exchangeProperty", "exchangePropertyAs",
            "exchangePropertyAsIndex", "file", "filter", "floor", "forEach", "fromRouteId", "hash", "header",
            "headerAs", "headerAsIndex", "headers", "hostname", "iif", "in", "int", "integer", "isAlpha",
            "isAlphaNumeric", "isEmpty", "isNumeric", "join", "jq", "jsonpath", "kindOfType", "length", "list",
            "listAdd", "listRemove", "long", "lowercase", "map", "mapAdd", "mapRemove", "max", "messageAs",
            "messageHistory", "messageTimestamp", "min", "newEmpty", "normalizeWhitespace", "not", "null",
            "originalBody", "pad", "pretty", "prettyBody", "properties", "propertiesExist", "quote", "random",
            "range", "replace", "reverse", "routeGroup", "routeId", "safeQuote", "shuffle", "size", "skip", "sort",
            "split", "startsWith", "stepId", "string", "substring", "substringAfter", "substringBefore",
            "substringBetween", "sum", "sys", "sysenv", "threadId", "threadName", "toJson", "toJsonBody",
            "toPrettyJson", "toPrettyJsonBody", "trim", "unquote", "uppercase", "uuid", "variable", "variableAs",
            "variables", "xpath");
    /** Simple functions that call a bean or construct a class by name. */
    private static final Set<String> SIMPLE_BEAN_FUNCTIONS = Set.of("bean", "ref", "type", "function", "throwException");

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)(?::|\\?|$).*", Pattern.DOTALL);
    private static final Pattern REFERENCE_SYNTAX = Pattern.compile("#(?:bean|class|type):", Pattern.CASE_INSENSITIVE);
    private static final Pattern BARE_REFERENCE = Pattern.compile("#[A-Za-z].*", Pattern.DOTALL);
    private static final Pattern OPTION_REFERENCE = Pattern.compile("[?&][^=&]*=\\s*#[A-Za-z]");
    private static final Pattern BEAN_PLACEHOLDER = Pattern.compile("\\{\\{\\s*[?!]?\\s*bean\\s*:");
    private static final Pattern FUNCTION_NAME = Pattern.compile("\\s*([A-Za-z][A-Za-z0-9_-]*)");
    private static final Pattern OGNL_CALL = Pattern.compile("[.]\\s*[A-Za-z_$][\\w$]*\\s*\\(");
    private static final Pattern CLASS_ACCESS = Pattern.compile("(?i)\\b(class|getClass|classLoader|forName)\\b");

    private final boolean allowBeans;
    private final boolean allowScripts;
    private final Set<String> allowedSchemes;

    RouteFilePolicy(RouteFileProperties settings) {
        this.allowBeans = settings.allowBeans();
        this.allowScripts = settings.allowScripts();
        this.allowedSchemes = Stream.concat(IN_PROCESS_SCHEMES.stream(),
                        settings.allowedSchemes().stream().map(s -> s.strip().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Problems in one node and everything below it; {@code path} names the node, {@code owner} the key holding it. */
    List<Finding> check(JsonNode node, String path, String owner) {
        Walk walk = new Walk();
        walk.node(node, path, owner);
        return List.copyOf(walk.findings);
    }

    boolean allowsBeans() {
        return allowBeans;
    }

    static String beansRefused() {
        return "'beans' creates objects of any Java class and can run scripts (allow it with " + BEANS_SWITCH + ")";
    }

    private final class Walk {

        private final Set<Finding> findings = new LinkedHashSet<>();

        void node(JsonNode node, String path, String owner) {
            if (node.isString()) {
                text(node.stringValue(), path);
            } else if (node.isArray()) {
                int i = 0;
                for (JsonNode item : node) {
                    node(item, path + "[" + i++ + "]", owner);
                }
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> property : node.properties()) {
                    String key = property.getKey();
                    JsonNode value = property.getValue();
                    String at = path.isEmpty() ? key : path + "." + key;
                    if (FREE_TEXT.contains(key) && value.isString()) {
                        continue;
                    }
                    if (OPTION_MAPS.contains(key) && value.isObject()) {
                        options(value, at);
                    } else if (key(key, value, at, node, path, owner)) {
                        node(value, at, key);
                    }
                }
            }
        }

        /** Endpoint options and bean properties: any name, so only the values are judged. */
        private void options(JsonNode options, String path) {
            for (Map.Entry<String, JsonNode> option : options.properties()) {
                String at = path + "." + option.getKey();
                if (option.getValue().isString()) {
                    text(option.getValue().stringValue(), at);
                } else {
                    node(option.getValue(), at, option.getKey());
                }
            }
        }

        /** Applies the rules on one key; false when the key is refused and what is below it need not be read. */
        private boolean key(String key, JsonNode value, String at, JsonNode parent, String parentPath, String owner) {
            if ("beans".equals(key)) {
                return allowBeans || refuse(at, beansRefused());
            }
            if (BEAN_STEPS.contains(key)) {
                return allowBeans || refuse(at, "'" + key + "' calls a Java bean (allow it with " + BEANS_SWITCH + ")");
            }
            if ("method".equals(key)) {
                return allowBeans || refuse(at, "the 'method' language calls a Java bean (allow it with " + BEANS_SWITCH + ")");
            }
            if ((REFERENCE_KEYS.contains(key) || REFERENCE_SUFFIX.matcher(key).matches()) && !NOT_REFERENCES.contains(key)) {
                return allowBeans || refuse(at, "'" + key + "' refers to a Java bean or class (allow it with " + BEANS_SWITCH + ")");
            }
            if ("language".equals(key) && value.isObject()) {
                return language(textOf(value.path("language"), ""), at);
            }
            if ("scriptLanguage".equals(key) && value.isString()) {
                return language(value.stringValue(), at);
            }
            if (LANGUAGE_KEYS.contains(key) && !"language".equals(key)) {
                return language(key, at);
            }
            if (value.isString()) {
                String text = value.stringValue();
                if ("uri".equals(key) && PATTERN_OWNERS.contains(owner)) {
                    return true; // a pattern of endpoints to intercept: it reaches nothing
                }
                if ("uri".equals(key)) {
                    endpoint(text, at, DYNAMIC_URI_OWNERS.contains(owner), schemeLimit(parent, parentPath));
                } else if (key.endsWith("Uri") && !"dynamicUri".equals(key)) {
                    endpoint(text, at, false, null);
                } else if (ENDPOINT_STEPS.contains(key)) {
                    endpoint(text, at, DYNAMIC_URI_OWNERS.contains(key), null);
                } else if ("kamelet".equals(key)) {
                    scheme("kamelet", "kamelet:" + text, at);
                } else if ("routingSlip".equals(key)) {
                    refuse(at, "'routingSlip: " + text + "' reads its endpoints from a header at run time, so the bridge "
                            + "cannot check them; write it as an object with allowedSchemes");
                }
                return true;
            }
            if ("kamelet".equals(key) && value.isObject()) {
                scheme("kamelet", "kamelet:" + textOf(value.path("name"), ""), at);
            } else if (ENDPOINT_EXPRESSIONS.contains(key) && value.isObject()) {
                endpointExpression(key, value, at);
            }
            return true;
        }

        private boolean language(String name, String at) {
            if (QUERY_LANGUAGES.contains(name)) {
                return true;
            }
            if (BEAN_LANGUAGES.contains(name)) {
                return allowBeans || refuse(at, "the '" + name + "' language calls a Java bean (allow it with " + BEANS_SWITCH + ")");
            }
            return allowScripts || refuse(at, "the '" + name + "' language runs code (allow it with " + SCRIPTS_SWITCH + ")");
        }

        /** Endpoints an EIP computes from an expression at run time. */
        private void endpointExpression(String eip, JsonNode node, String at) {
            Boolean limit = schemeLimit(node, at);
            if (limit != null) {
                return; // Camel refuses other schemes at run time; schemeLimit reported any outside the bridge
            }
            JsonNode holder = node.has("expression") ? node.get("expression") : node;
            String language = null;
            String text = null;
            for (Map.Entry<String, JsonNode> property : holder.properties()) {
                if (LANGUAGE_KEYS.contains(property.getKey())) {
                    JsonNode value = property.getValue();
                    language = "language".equals(property.getKey()) ? textOf(value.path("language"), "") : property.getKey();
                    text = value.isString() ? value.stringValue() : textOf(value.path("expression"), null);
                    break;
                }
            }
            boolean single = eip.equals("enrich") || eip.equals("pollEnrich");
            boolean dynamic = text == null || !("constant".equals(language) || "simple".equals(language))
                    || ("simple".equals(language) && !single && (text.contains("${") || text.contains("$simple{")));
            if (dynamic) {
                refuse(at, "'" + eip + "' computes its endpoints at run time" + (language == null ? "" : " with " + language)
                        + ", so the bridge cannot check them; list them as constant text, or set allowedSchemes "
                        + "to in-process schemes such as direct,seda");
                return;
            }
            String delimiter = textOf(node.path(eip.equals("recipientList") ? "delimiter" : "uriDelimiter"), ",");
            List<String> uris = single || "false".equals(delimiter) ? List.of(text) : List.of(text.split(Pattern.quote(delimiter)));
            for (String uri : uris) {
                if (!uri.isBlank()) {
                    endpoint(uri, at, single, null);
                }
            }
        }

        /**
         * The EIP's {@code allowedSchemes}: null when not set; true when every scheme it lists is allowed here (Camel
         * then refuses the others at run time); false when it lists one that is not (reported).
         */
        private Boolean schemeLimit(JsonNode eip, String at) {
            JsonNode limit = eip.path("allowedSchemes");
            if (!limit.isString() || limit.stringValue().isBlank()) {
                return null;
            }
            boolean allowed = true;
            for (String scheme : limit.stringValue().split(",")) {
                String name = scheme.strip();
                if (!SCHEME.matcher(name).matches() || name.contains(":") || name.contains("?")) {
                    allowed = refuse(at + ".allowedSchemes", "allowedSchemes must list schemes written out, not '" + name + "'");
                } else if (!allowedSchemes.contains(name.toLowerCase(Locale.ROOT))) {
                    allowed = refuse(at + ".allowedSchemes", "allowedSchemes lists '" + name + "', which "
                            + reason(name) + " (allow it with " + SCHEMES_SWITCH + ")");
                }
            }
            return allowed;
        }

        private void endpoint(String uri, String at, boolean dynamic, Boolean limit) {
            String trimmed = uri.strip();
            if (!allowBeans && OPTION_REFERENCE.matcher(trimmed).find() && !REFERENCE_SYNTAX.matcher(trimmed).find()) {
                refuse(at, "endpoint '" + trimmed + "' refers to a bean with '#' (allow it with " + BEANS_SWITCH + ")");
            }
            Matcher scheme = SCHEME.matcher(trimmed);
            if (!scheme.matches()) {
                if (dynamic && limit != null) {
                    return; // Camel checks the computed URI against allowedSchemes
                }
                refuse(at, "endpoint '" + trimmed + "' does not start with a scheme written out (such as 'direct:'), so the "
                        + "bridge cannot tell where it leads" + (dynamic ? "; or set allowedSchemes to in-process schemes" : ""));
                return;
            }
            scheme(scheme.group(1), trimmed, at);
        }

        private void scheme(String scheme, String uri, String at) {
            if (!allowedSchemes.contains(scheme.toLowerCase(Locale.ROOT))) {
                refuse(at, "endpoint '" + uri + "' uses scheme '" + scheme + "', which " + reason(scheme)
                        + " (allow it with " + SCHEMES_SWITCH + ")");
            }
        }

        /** Rules on every text value, whatever its key: bean references and Simple functions. */
        private void text(String text, String at) {
            if (!allowBeans) {
                if (REFERENCE_SYNTAX.matcher(text).find() || BARE_REFERENCE.matcher(text.strip()).matches()) {
                    refuse(at, "'" + text.strip() + "' refers to a Java bean or class (allow it with " + BEANS_SWITCH + ")");
                }
                if (BEAN_PLACEHOLDER.matcher(text).find()) {
                    refuse(at, "'" + text.strip() + "' calls a Java bean through {{bean:...}} (allow it with " + BEANS_SWITCH + ")");
                }
            }
            for (String function : simpleFunctions(text)) {
                simple(function, at);
            }
        }

        private void simple(String function, String at) {
            Matcher name = FUNCTION_NAME.matcher(function);
            String head = name.lookingAt() ? name.group(1) : "";
            String shown = "'${" + function + "}'";
            if (SIMPLE_BEAN_FUNCTIONS.contains(head)) {
                if (!allowBeans) {
                    refuse(at, "Simple function " + shown + " calls a Java bean or class (allow it with " + BEANS_SWITCH + ")");
                }
                return;
            }
            if (allowScripts) {
                return;
            }
            if (!SIMPLE_FUNCTIONS.contains(head)) {
                refuse(at, "Simple function " + shown + " is not one that only reads the message"
                        + (head.isEmpty() ? "" : " ('" + head + "')") + " (allow it with " + SCRIPTS_SWITCH + ")");
            } else if (OGNL_CALL.matcher(function).find() || CLASS_ACCESS.matcher(function).find()) {
                refuse(at, "Simple function " + shown + " calls Java methods on an object (allow it with " + SCRIPTS_SWITCH + ")");
            }
        }

        private boolean refuse(String at, String message) {
            findings.add(new Finding(at, message));
            return false;
        }
    }

    /** The node's text, or {@code otherwise} if it is not text. */
    static String textOf(JsonNode node, String otherwise) {
        return node.isString() ? node.stringValue() : otherwise;
    }

    private static String reason(String scheme) {
        return SCHEME_REASONS.getOrDefault(scheme.toLowerCase(Locale.ROOT), "reaches outside the bridge");
    }

    /**
     * The bodies of the Simple functions in a text ({@code ${...}} and {@code $simple{...}}), outermost first, each
     * up to its matching brace; nested functions are returned too.
     */
    static List<String> simpleFunctions(String text) {
        List<String> functions = new ArrayList<>();
        int from = 0;
        while (true) {
            int dollar = text.indexOf("${", from);
            int simple = text.indexOf("$simple{", from);
            int start = dollar < 0 ? simple : simple < 0 ? dollar : Math.min(dollar, simple);
            if (start < 0) {
                return functions;
            }
            int open = text.indexOf('{', start);
            int depth = 0;
            int end = text.length();
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    end = i;
                    break;
                }
            }
            functions.add(text.substring(open + 1, end));
            from = open + 1; // nested functions are read on their own
        }
    }
}
