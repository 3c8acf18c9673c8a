package dev.keyward.examples;

import dev.keyward.Keyward;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.KeywardStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keyward as both demos set it up from their options, and the housekeeping they run. */
public final class DemoKeyward {

    private static final Logger LOG = LoggerFactory.getLogger(DemoKeyward.class);

    private DemoKeyward() {
    }

    /** Keyward over the store, with the settings of the options. */
    public static Keyward build(DemoOptions options, KeywardStore store) {
        return build(options, store, KeywardObserver.NONE);
    }

    /** Keyward over the store, with the settings of the options, telling the observer what it does. */
    public static Keyward build(DemoOptions options, KeywardStore store, KeywardObserver observer) {
        return options.keyward().applyTo(Keyward.builder().store(store).observer(observer)).build();
    }

    /** Deletes expired tokens, in bounded batches; run once a minute. */
    public static void purge(Keyward keyward) {
        try {
            while (keyward.purgeExpiredTokens(1_000) == 1_000) {
                // keep going: each call does bounded work
            }
        } catch (RuntimeException e) {
            LOG.warn("could not purge expired tokens", e);
        }
    }
}
