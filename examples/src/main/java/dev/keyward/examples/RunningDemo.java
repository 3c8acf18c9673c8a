package dev.keyward.examples;

import java.net.URI;

/** A demo server that accepts requests: where it listens, and how to stop it and release its database. */
public interface RunningDemo extends AutoCloseable {

    /** Where the server listens, e.g. {@code http://127.0.0.1:8080}. */
    URI uri();

    /** Stops accepting, closes every connection, then the database. */
    @Override
    void close();
}
