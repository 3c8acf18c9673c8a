/** An in-memory {@link dev.keyward.spi.KeywardStore} for the host's own tests. */
package dev.keyward.memory;
