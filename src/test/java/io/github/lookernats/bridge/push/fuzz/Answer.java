package io.github.lookernats.bridge.push.fuzz;

/** The bridge's HTTP answer to a case: its status and body, or why there was none. */
record Answer(int status, String body, String failure) {}
