package io.github.lookernats.bridge.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.api.MessageInfo;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The channels of the event catalog, docs/asyncapi.yaml: what the bridge may write, subject by subject. */
public final class EventCatalog {

    private static final List<Channel> CHANNELS = load();

    private EventCatalog() {}

    /** A channel: its address with {parameters}, and the subjects that address stands for. */
    public record Channel(String id, String address, Pattern subjects) {}

    public static List<Channel> channels() {
        return CHANNELS;
    }

    /** Every message stored in the stream went to a subject that a channel of the catalog describes. */
    public static void assertEverySubjectIsAChannel(String stream, List<MessageInfo> messages) {
        List<String> uncatalogued = messages.stream().map(MessageInfo::getSubject).distinct()
                .filter(subject -> CHANNELS.stream().noneMatch(channel -> channel.subjects().matcher(subject).matches()))
                .toList();
        assertThat(uncatalogued).as("subjects in %s that no channel of docs/asyncapi.yaml describes", stream).isEmpty();
    }

    private static List<Channel> load() {
        try {
            JsonNode channels = new YAMLMapper().readTree(Path.of("docs/asyncapi.yaml").toFile()).path("channels");
            List<Channel> loaded = new ArrayList<>();
            for (var entry : channels.properties()) {
                String address = entry.getValue().path("address").asString();
                // a parameter is one subject token
                String regex = Pattern.quote(address).replaceAll("\\{[^}.]+}", "\\\\E[^.]+\\\\Q");
                loaded.add(new Channel(entry.getKey(), address, Pattern.compile(regex)));
            }
            return List.copyOf(loaded);
        } catch (UncheckedIOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("docs/asyncapi.yaml could not be read: " + e.getMessage(), e);
        }
    }
}
