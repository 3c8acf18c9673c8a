package dev.keyward;

/**
 * Cost parameters of the Argon2id hash that protects stored secrets.
 *
 * <p>{@link #DEFAULTS} are OWASP's recommendation for Argon2id (Password Storage Cheat
 * Sheet): 19 MiB of memory, 2 iterations, 1 lane. Stored hashes carry the parameters
 * they were made with, so changing them later upgrades each hash after its next
 * successful verification.
 *
 * <p>Immutable and thread-safe.
 *
 * @param memoryKiB memory cost in KiB, at least 8 per lane and at most 4 GiB
 * @param iterations number of passes over the memory, 1 to 100
 * @param parallelism number of lanes, 1 to 64
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {

    /** OWASP's recommendation: m=19456 KiB, t=2, p=1. */
    public static final Argon2Parameters DEFAULTS = new Argon2Parameters(19456, 2, 1);

    /** 4 GiB; more would let a misconfiguration exhaust the host's memory. */
    private static final int MAX_MEMORY_KIB = 4_194_304;
    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_PARALLELISM = 64;

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if a value is out of its range
     */
    public Argon2Parameters {
        // Parallelism first: the lower bound of memory depends on it.
        requireRange("parallelism", parallelism, 1, MAX_PARALLELISM);
        requireRange("iterations", iterations, 1, MAX_ITERATIONS);
        // Argon2 needs 8 KiB per lane; the library would reject less only at hash time.
        requireRange("memoryKiB", memoryKiB, 8 * parallelism, MAX_MEMORY_KIB);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "Argon2 " + name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
