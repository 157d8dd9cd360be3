package io.github.lookernats.bridge.push.fuzz;

/** A download body LISTED serves. */
record Served(int status, String contentType, byte[] body) {}
