package io.github.lookernats.camel.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.github.lookernats.camel.looker.LookerEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The Kamelets in src/main/resources/kamelets: valid against Camel K's Kamelet CRD schema, every property documented
 * and used, and loaded by Camel's YAML DSL as the route templates Camel makes of Kamelets. (Running them needs
 * camel-kamelet, which is not served at 4.22 here: see docs/components.md.)
 */
class KameletsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path KAMELETS = Path.of("src/main/resources/kamelets");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_]+)}}");

    static Stream<Path> kamelets() throws IOException {
        return Files.list(KAMELETS).filter(file -> file.toString().endsWith(".kamelet.yaml")).sorted();
    }

    @Test
    void theBridgeShipsASourceAndASink() throws IOException {
        assertThat(kamelets().map(file -> file.getFileName().toString()))
                .containsExactly("looker-events-sink.kamelet.yaml", "looker-source.kamelet.yaml");
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void eachKameletValidatesAgainstTheKameletSchema(Path file) throws IOException {
        List<com.networknt.schema.Error> errors = kameletSchema().validate(YAML.readTree(Files.readString(file)));
        assertThat(errors).as(file.toString()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void everyPropertyIsDocumentedAndUsedAndNothingElseIs(Path file) throws IOException {
        JsonNode kamelet = YAML.readTree(Files.readString(file));
        String name = kamelet.at("/metadata/name").asString();
        assertThat(file.getFileName().toString()).isEqualTo(name + ".kamelet.yaml");
        String type = kamelet.at("/metadata/labels/camel.apache.org~1kamelet.type").asString();
        assertThat(type).isIn("source", "sink");
        JsonNode properties = kamelet.at("/spec/definition/properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            assertThat(property.getValue().path("title").asString()).as(name + "." + property.getKey() + " title").isNotBlank();
            assertThat(property.getValue().path("description").asString()).as(name + "." + property.getKey() + " description").isNotBlank();
            assertThat(property.getValue().path("type").asString()).as(name + "." + property.getKey() + " type").isNotBlank();
        }
        kamelet.at("/spec/definition/required").forEach(required -> assertThat(properties.has(required.asString())).isTrue());

        String template = kamelet.at("/spec/template").toString();
        Set<String> used = new HashSet<>();
        Matcher placeholders = PLACEHOLDER.matcher(template);
        while (placeholders.find()) {
            used.add(placeholders.group(1));
            boolean optional = placeholders.group().startsWith("{{?");
            JsonNode property = properties.path(placeholders.group(1));
            boolean given = property.has("default") || containsText(kamelet.at("/spec/definition/required"), placeholders.group(1));
            assertThat(optional || given).as(name + ": {{" + placeholders.group(1) + "}} must be required, have a default, or be {{?...}}").isTrue();
        }
        assertThat(used).as(name + ": template placeholders").isEqualTo(toSet(properties.propertyNames()));
        assertThat(template).contains("source".equals(type) ? "kamelet:sink" : "kamelet:source");
    }

    @Test
    void camelLoadsTheSourceAsARouteTemplateThatMakesAValidLookerEndpoint() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.build();
            for (Path file : kamelets().toList()) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromBytes(file.getFileName().toString(), Files.readAllBytes(file)));
            }
            assertThat(camel.getRouteTemplateDefinitions()).extracting(template -> template.getId())
                    .contains("looker-source", "looker-events-sink");

            String routeId = camel.addRouteFromTemplate("orders", "looker-source",
                    Map.of("kind", "look", "id", "42", "cron", "0 0/5 * * * ?", "explore", "orders"));
            RouteDefinition route = camel.getRouteDefinition(routeId);
            // as Camel does when it creates the route: the template's parameters, with their defaults, as local properties
            java.util.Properties parameters = new java.util.Properties();
            parameters.putAll(route.getTemplateParameters());
            camel.getPropertiesComponent().setLocalProperties(parameters);
            LookerEndpoint endpoint = camel.getEndpoint(route.getInput().getEndpointUri(), LookerEndpoint.class);
            camel.getPropertiesComponent().setLocalProperties(null);
            assertThat(endpoint.spec().lookId()).isEqualTo("42");
            assertThat(endpoint.spec().explore()).isEqualTo("orders");
            assertThat(endpoint.getCron()).isEqualTo("0 0/5 * * * ?");
        }
    }

    /** The openAPIV3Schema of the Kamelet CRD's v1, as Camel K publishes it (camel-k-crds). */
    private static Schema kameletSchema() throws IOException {
        try (InputStream crd = KameletsTest.class.getResourceAsStream("/camel.apache.org_kamelets.yaml")) {
            JsonNode definition = YAML.readTree(crd);
            JsonNode schema = null;
            for (JsonNode version : definition.at("/spec/versions")) {
                if (version.path("name").asString().equals("v1")) {
                    schema = version.at("/schema/openAPIV3Schema");
                }
            }
            assertThat(schema).as("the CRD's v1 schema").isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema);
        }
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (item.asString().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> toSet(java.util.Collection<String> names) {
        return new HashSet<>(names);
    }
}
