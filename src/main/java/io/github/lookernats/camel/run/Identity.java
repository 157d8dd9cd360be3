package io.github.lookernats.camel.run;

import java.util.List;

/**
 * Who owns a result and who may see it, as carried by every event.
 *
 * @param resolved false when the owner could not be resolved; {@code reason} then says why
 * @param reason why the identity is unresolved, or null
 * @param owner the owner's email, or {@code sha256:<hex>} of it
 * @param team the owning team, or null
 * @param groups the owner's groups in the identity provider
 * @param audience access labels from the group mapping
 */
public record Identity(boolean resolved, String reason, String owner, String team, List<String> groups, List<String> audience) {

    public static Identity unresolved(String reason, String owner) {
        return new Identity(false, reason, owner, null, List.of(), List.of());
    }
}
