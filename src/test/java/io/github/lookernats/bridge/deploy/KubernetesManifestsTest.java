package io.github.lookernats.bridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The deployment files agree with the application: paths, ports, probes and setting names. No cluster is reachable
 * here, so this checks what can go wrong silently: a misspelt variable, a mount the application does not read.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void routeFilesAndSecretsAreMountedWhereTheApplicationReadsThem() throws Exception {
        JsonNode app = read("application.yaml");
        JsonNode container = deployment().at("/spec/template/spec/containers/0");
        String workdir = dockerfileWorkdir();

        String routesPattern = app.at("/camel/main/routes-include-pattern").asText();
        assertThat(routesPattern).isEqualTo("file:routes/*.camel.yaml");
        assertThat(mountPath(container, "routes")).isEqualTo(workdir + "/routes");
        String secretsDir = app.at("/spring/config/import").asText().replace("optional:configtree:", "");
        assertThat(Path.of(mountPath(container, "secrets"))).isEqualTo(Path.of(secretsDir));

        JsonNode camelK = read("k8s/camel-k/integration.yaml");
        assertThat(camelK.at("/spec/traits/mount/resources").toString())
                .contains("configmap:looker-nats-bridge-routes@" + workdir + "/routes")
                .contains("secret:looker-nats-bridge@" + Path.of(secretsDir));
    }

    @Test
    void everyVariableTheManifestsSetIsOneTheApplicationReadsAndTheOtherWayRound() throws Exception {
        Set<String> placeholders = placeholders(Files.readString(ROOT.resolve("application.yaml")));
        Set<String> settings = new HashSet<>();
        read("k8s/kustomization.yaml").at("/configMapGenerator/0/literals")
                .forEach(literal -> settings.add(literal.asText().substring(0, literal.asText().indexOf('='))));
        Set<String> secrets = new HashSet<>();
        read("k8s/secret.example.yaml").path("stringData").propertyNames().forEach(secrets::add);
        Set<String> camelK = new HashSet<>();
        read("k8s/camel-k/integration.yaml").at("/spec/traits/environment/vars")
                .forEach(variable -> camelK.add(variable.asText().substring(0, variable.asText().indexOf('='))));

        assertThat(placeholders).as("application.yaml placeholders").isNotEmpty();
        Set<String> readable = new HashSet<>(placeholders);
        readable.add(MANAGEMENT_PORT); // Spring Boot's management.server.port, in its environment-variable form
        assertThat(settings).isSubsetOf(readable);
        assertThat(secrets).isSubsetOf(placeholders);
        assertThat(camelK).isSubsetOf(readable);
        Set<String> offered = new HashSet<>(settings);
        offered.addAll(secrets);
        assertThat(offered).as("every placeholder has a place in k8s/").containsAll(placeholders);
    }

    @Test
    void probesPortsAndShutdownMatchTheApplication() throws Exception {
        JsonNode app = read("application.yaml");
        JsonNode pod = deployment().at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");

        assertThat(app.at("/management/endpoint/health/probes/enabled").asBoolean()).isTrue();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo("management");
        }
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(containerPort(container, "http")).isEqualTo(8080); // server.port is not set: Boot's 8080
        assertThat(app.at("/server/port").isMissingNode()).isTrue();
        String managementPort = Integer.toString(containerPort(container, "management"));
        assertThat(settingsLiteral(MANAGEMENT_PORT)).isEqualTo(managementPort);
        assertThat(read("k8s/camel-k/integration.yaml").at("/spec/traits/environment/vars").toString())
                .contains(MANAGEMENT_PORT + "=" + managementPort);
        assertThat(deployment().at("/spec/template/metadata/annotations/prometheus.io~1port").asText()).isEqualTo(managementPort);
        // the Secret offers DEAD_LETTER_ADMIN_TOKEN: with it set, start-up stops unless the management port is a port of its own
        assertThat(read("k8s/secret.example.yaml").path("stringData").has("DEAD_LETTER_ADMIN_TOKEN")).isTrue();
        assertThat(Integer.parseInt(managementPort)).as("management port apart from the push port")
                .isNotEqualTo(containerPort(container, "http"));
        JsonNode servicePorts = read("k8s/service.yaml").at("/spec/ports");
        assertThat(servicePorts).as("the Service exposes pushes only, not actuator").hasSize(1);
        assertThat(servicePorts.at("/0/targetPort").asText()).isEqualTo("http");
        assertThat(read("k8s/service.yaml").at("/spec/selector")).isEqualTo(deployment().at("/spec/selector/matchLabels"));
        assertThat(deployment().at("/spec/template/metadata/labels")).isEqualTo(deployment().at("/spec/selector/matchLabels"));
        // Spring's graceful shutdown phase (30 s by default) and then Camel's must both fit
        assertThat(pod.path("terminationGracePeriodSeconds").asInt())
                .isGreaterThan(30 + app.at("/camel/main/shutdown-timeout").asInt());
        assertThat(deployment().at("/spec/replicas").asInt()).as("every replica polls").isEqualTo(1);
    }

    /**
     * A ConfigMap volume holds each key as a symbolic link into a hidden, timestamped directory. Camel (which loads
     * the routes) and Spring (which validates them first) must each see every route file once, not the hidden copies.
     */
    @Test
    void routeFilesInAConfigMapVolumeAreFoundOnceEach(@TempDir Path volume) throws Exception {
        Path data = Files.createDirectory(volume.resolve("..2026_11_25_01_00_00.123456789"));
        Files.writeString(data.resolve("team-a.camel.yaml"), "- route: {}\n");
        Files.writeString(data.resolve("team-b.camel.yaml"), "- route: {}\n");
        Files.createSymbolicLink(volume.resolve("..data"), data.getFileName());
        Files.createSymbolicLink(volume.resolve("team-a.camel.yaml"), Path.of("..data/team-a.camel.yaml"));
        Files.createSymbolicLink(volume.resolve("team-b.camel.yaml"), Path.of("..data/team-b.camel.yaml"));
        String pattern = "file:" + volume + "/*.camel.yaml";

        List<String> camelFound = new ArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            for (Resource resource : PluginHelper.getPackageScanResourceResolver(camel).findResources(pattern)) {
                camelFound.add(Path.of(resource.getLocation().replace("file:", "")).getFileName().toString());
            }
        }
        List<String> springFound = new ArrayList<>();
        for (org.springframework.core.io.Resource resource : new PathMatchingResourcePatternResolver().getResources(pattern)) {
            springFound.add(resource.getFilename());
        }

        assertThat(camelFound).containsExactlyInAnyOrder("team-a.camel.yaml", "team-b.camel.yaml");
        assertThat(springFound).containsExactlyInAnyOrder("team-a.camel.yaml", "team-b.camel.yaml");
    }

    @Test
    void networkPolicySelectsTheDeploymentsPodsAndAdmitsThePortsTheApplicationListensOn() throws Exception {
        JsonNode app = read("application.yaml");
        JsonNode policy = read("k8s/networkpolicy.yaml");
        JsonNode container = deployment().at("/spec/template/spec/containers/0");

        assertThat(read("k8s/kustomization.yaml").path("resources").toString()).contains("\"networkpolicy.yaml\"");
        assertThat(policy.path("kind").asString()).isEqualTo("NetworkPolicy");
        assertThat(policy.at("/spec/podSelector/matchLabels")).isEqualTo(deployment().at("/spec/template/metadata/labels"));
        assertThat(policy.at("/spec/policyTypes").toString()).contains("\"Ingress\"", "\"Egress\"");
        // pushes on server.port (not set: Boot's 8080), actuator on MANAGEMENT_SERVER_PORT, and nothing else
        int serverPort = app.at("/server/port").isMissingNode() ? 8080 : app.at("/server/port").asInt();
        int managementPort = Integer.parseInt(settingsLiteral(MANAGEMENT_PORT));
        assertThat(containerPort(container, "http")).isEqualTo(serverPort);
        assertThat(containerPort(container, "management")).isEqualTo(managementPort);
        assertThat(policyPorts(policy, "ingress")).containsExactlyInAnyOrder(serverPort, managementPort);
        // a rule without peers or without ports admits every source, destination or port
        for (JsonNode rule : policy.at("/spec/ingress")) {
            assertThat(rule.path("from")).as("ingress rule %s", rule).isNotEmpty();
            assertThat(rule.path("ports")).as("ingress rule %s", rule).isNotEmpty();
        }
        for (JsonNode rule : policy.at("/spec/egress")) {
            assertThat(rule.path("to")).as("egress rule %s", rule).isNotEmpty();
            assertThat(rule.path("ports")).as("egress rule %s", rule).isNotEmpty();
        }
        // egress follows the settings: DNS, NATS_URL (port and namespace), LOOKER_BASE_URL
        URI nats = URI.create(settingsLiteral("NATS_URL"));
        URI looker = URI.create(settingsLiteral("LOOKER_BASE_URL"));
        assertThat(policyPorts(policy, "egress")).contains(53, nats.getPort(), looker.getPort());
        assertThat(egressRule(policy, nats.getPort()).at("/to/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asString())
                .as("the namespace in NATS_URL").isEqualTo(nats.getHost().split("\\.")[1]);
    }

    @Test
    void podRunsWithSeccompAndNoTokenAndTheJvmExitsOnOutOfMemory() throws Exception {
        JsonNode pod = deployment().at("/spec/template/spec");

        assertThat(pod.at("/securityContext/seccompProfile/type").asString()).isEqualTo("RuntimeDefault");
        assertThat(pod.at("/automountServiceAccountToken").isBoolean()).as("automountServiceAccountToken is set").isTrue();
        assertThat(pod.at("/automountServiceAccountToken").asBoolean()).isFalse();
        assertThat(read("k8s/camel-k/integration.yaml").at("/spec/traits/security-context/seccompProfileType").asString())
                .isEqualTo("RuntimeDefault");
        // an OutOfMemoryError may have killed the Tomcat poller, Quartz or NATS threads: exit, do not limp on
        assertThat(dockerfileEnv("JAVA_TOOL_OPTIONS").split("\\s+"))
                .contains("-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=60");
        // base images pinned by digest, so a build does not change when a tag moves
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            if (line.startsWith("FROM ")) {
                assertThat(line).matches("FROM [^ @]+:[^ @]+@sha256:[0-9a-f]{64}( AS \\w+)?");
            }
        }
    }

    /** Every port number named by the policy's ingress or egress rules. */
    private static Set<Integer> policyPorts(JsonNode policy, String direction) {
        Set<Integer> ports = new HashSet<>();
        for (JsonNode rule : policy.at("/spec/" + direction)) {
            for (JsonNode port : rule.path("ports")) {
                ports.add(port.path("port").asInt());
            }
        }
        return ports;
    }

    private static JsonNode egressRule(JsonNode policy, int port) {
        for (JsonNode rule : policy.at("/spec/egress")) {
            for (JsonNode rulePort : rule.path("ports")) {
                if (rulePort.path("port").asInt() == port) {
                    return rule;
                }
            }
        }
        throw new AssertionError("no egress rule for port " + port);
    }

    /** The value of the last {@code ENV NAME="..."} line of the Dockerfile, without the quotes; empty if none. */
    private static String dockerfileEnv(String name) throws IOException {
        String prefix = "ENV " + name + "=";
        String value = "";
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            if (line.startsWith(prefix)) {
                value = line.substring(prefix.length()).strip().replace("\"", "");
            }
        }
        return value;
    }

    private static final String MANAGEMENT_PORT = "MANAGEMENT_SERVER_PORT";

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (name.equals(port.path("name").asText())) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    private static String settingsLiteral(String name) throws IOException {
        for (JsonNode literal : read("k8s/kustomization.yaml").at("/configMapGenerator/0/literals")) {
            if (literal.asText().startsWith(name + "=")) {
                return literal.asText().substring(name.length() + 1);
            }
        }
        throw new AssertionError("no setting " + name);
    }

    private static JsonNode deployment() throws IOException {
        return read("k8s/deployment.yaml");
    }

    private static JsonNode read(String file) throws IOException {
        return YAML.readTree(ROOT.resolve(file).toFile());
    }

    private static String mountPath(JsonNode container, String volume) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (volume.equals(mount.path("name").asText())) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("no volume mount named " + volume);
    }

    /** The runtime stage's working directory: the last WORKDIR in the file. */
    private static String dockerfileWorkdir() throws IOException {
        String workdir = null;
        for (String line : Files.readAllLines(ROOT.resolve("Dockerfile"))) {
            if (line.startsWith("WORKDIR ")) {
                workdir = line.substring("WORKDIR ".length()).strip();
            }
        }
        return workdir;
    }

    /** Names in {@code ${NAME}} or {@code ${NAME:default}} written in upper case: environment variables. */
    private static Set<String> placeholders(String text) {
        Set<String> names = new HashSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
