package io.github.lookernats.bridge.identity;

import java.util.Optional;

/** An identity provider: finds a user by email, with their groups. */
public interface Directory {

    /**
     * @return the user, or empty when the directory does not know them
     * @throws IdentityUnavailableException when the directory cannot answer (down, slow, 429, 5xx, refused auth)
     */
    Optional<DirectoryUser> findByEmail(String email);
}
