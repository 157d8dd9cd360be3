package io.github.lookernats.bridge.secrets;

/** Something {@link SecretFiles} checks at every refresh interval. */
interface Refreshable {

    /** Re-reads the file and acts when it changed; throws with a message that names the file, never its content. */
    void refresh();
}
