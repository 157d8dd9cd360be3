package io.github.lookernats.bridge.identity;

import java.util.List;

/** A user as the identity provider knows them: id, login and group names. */
public record DirectoryUser(String id, String login, List<String> groups) {}
