package io.github.lookernats.bridge.poll;

import java.util.List;

/** One or more route files are wrong; the message lists each problem with its file. */
public class InvalidRouteFileException extends RuntimeException {

    private final List<String> problems;

    public InvalidRouteFileException(List<String> problems) {
        super("Invalid route file(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
