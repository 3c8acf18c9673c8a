package dev.keyward.internal;

import dev.keyward.spi.KeywardObserver;

/** Reports how long each Argon2 computation of a hasher takes to the observer. Thread-safe. */
public final class TimedHasher implements SecretHasher {

    private final SecretHasher hasher;
    private final KeywardObserver observer;

    private TimedHasher(SecretHasher hasher, KeywardObserver observer) {
        this.hasher = hasher;
        this.observer = observer;
    }

    /** The hasher timed, or as it is when nothing observes it. */
    public static SecretHasher of(SecretHasher hasher, KeywardObserver observer) {
        return observer == KeywardObserver.NONE ? hasher : new TimedHasher(hasher, observer);
    }

    @Override
    public String hash(CharSequence secret) {
        long start = System.nanoTime();
        try {
            return hasher.hash(secret);
        } finally {
            observer.hashComputed(System.nanoTime() - start);
        }
    }

    @Override
    public boolean verify(String encodedHash, CharSequence secret) {
        long start = System.nanoTime();
        try {
            return hasher.verify(encodedHash, secret);
        } finally {
            observer.hashComputed(System.nanoTime() - start);
        }
    }

    @Override
    public boolean needsRehash(String encodedHash) {
        return hasher.needsRehash(encodedHash);
    }
}
