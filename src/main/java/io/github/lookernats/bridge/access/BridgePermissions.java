package io.github.lookernats.bridge.access;

import io.github.lookernats.bridge.nats.NatsProperties;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bridge's own NATS user, least privilege: exactly what the bridge calls, found in its code and checked against a
 * real nats-server by {@code StaticAccountsEndToEndTest}. Anything it does not list is refused by the server.
 * <ul>
 * <li>publish its events, dead letters and audit records ({@code JetStreamPublisher});</li>
 * <li>look up, create and update its streams and the team streams ({@code StreamProvisioner}); with
 *     {@code bridge.nats.streams.create=false} only look them up;</li>
 * <li>find and create the dead-letter payload bucket: stream names, and its stream {@code OBJ_<bucket>};</li>
 * <li>read dead letters one by one and delete them ({@code DeadLetterStore}: direct message get and delete, no
 *     consumers);</li>
 * <li>put, read and delete large dead letters in the bucket (jnats' object store: {@code $O.<bucket>.>}, direct gets
 *     of an object's metadata, purge of its chunks, and an ordered push consumer with flow control to read it; the
 *     ordered consumer is never deleted by jnats, the server drops it when it goes idle);</li>
 * <li>receive replies on its own inbox prefix only ({@code bridge.nats.inbox-prefix}), so it never reads a reply
 *     meant for another user;</li>
 * <li>read the audit trail for {@code /admin/audit} ({@code AuditStore}: direct message gets);</li>
 * <li>with access control, hear of consumer creates and updates (JetStream's API audit advisory), list the team
 *     streams' consumers, look at them and delete those that deliver outside an inbox ({@code PushConsumerGuard}).</li>
 * </ul>
 */
public final class BridgePermissions {

    private static final String API = "$JS.API.";

    private BridgePermissions() {}

    public static TeamPermissions of(NatsProperties nats, TeamAccess teams) {
        NatsProperties.Streams streams = nats.streams();
        Set<String> publish = new LinkedHashSet<>();
        for (NatsProperties.Stream stream : streams.own()) {
            publish.add(stream.subjectPrefix() + ".>");
        }
        String bucket = streams.deadLetterPayloads();
        String bucketStream = "OBJ_" + bucket;
        publish.add("$O." + bucket + ".>");

        List<String> managed = new ArrayList<>();
        streams.own().forEach(stream -> managed.add(stream.name()));
        managed.addAll(teams.streamConfigurations().stream().map(config -> config.getName()).toList());
        managed.add(bucketStream);
        for (String stream : managed) {
            publish.add(API + "STREAM.INFO." + stream);
            if (streams.create()) {
                publish.add(API + "STREAM.CREATE." + stream);
                publish.add(API + "STREAM.UPDATE." + stream);
            }
        }
        // ObjectStoreManagement.getBucketNames lists stream names to find the bucket
        publish.add(API + "STREAM.NAMES");

        String deadLetters = streams.deadLetter().name();
        publish.add(API + "STREAM.MSG.GET." + deadLetters);
        publish.add(API + "STREAM.MSG.DELETE." + deadLetters);
        publish.add(API + "STREAM.MSG.GET." + streams.audit().name());

        List<String> subscribe = new ArrayList<>(List.of(nats.inboxPrefix() + ".>"));
        for (String teamStream : teams.streamConfigurations().stream().map(config -> config.getName()).toList()) {
            publish.add(API + "CONSUMER.NAMES." + teamStream);
            publish.add(API + "CONSUMER.INFO." + teamStream + ".*");
            publish.add(API + "CONSUMER.DELETE." + teamStream + ".*");
        }
        if (!teams.teams().isEmpty()) {
            subscribe.add(PushConsumerGuard.ADVISORY);
        }

        // the object store reads an object's metadata with direct gets (its stream allows them)
        publish.add(API + "DIRECT.GET." + bucketStream + ".>");
        publish.add(API + "STREAM.PURGE." + bucketStream);
        // jnats names every consumer, ordered ones too: CONSUMER.CREATE.<stream>.<name>.<filter>
        publish.add(API + "CONSUMER.CREATE." + bucketStream + ".>");
        // that consumer asks for flow control; a large object makes the server wait for the answer on $JS.FC
        publish.add("$JS.FC." + bucketStream + ".>");

        return new TeamPermissions(List.copyOf(publish), List.copyOf(subscribe));
    }
}
