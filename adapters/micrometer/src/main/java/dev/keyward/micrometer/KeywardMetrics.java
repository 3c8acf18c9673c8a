package dev.keyward.micrometer;

import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationType;
import dev.keyward.DenialCode;
import dev.keyward.OrganizationId;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.KeywardObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Keyward's observations as Micrometer meters, registered in one {@link MeterRegistry}. Give it to
 * {@code Keyward.builder().observer(...)}; one instance per Keyward instance. Given to a second instance, it
 * refuses to be attached there (the build logs it) and counts that instance's events into the same meters; its
 * gauges stay the first instance's, and closing the second leaves them.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code keyward.verifications}</td><td>counter</td><td>{@code outcome} (granted, denied),
 *       {@code code} (none, or the denial code such as INVALID_CREDENTIALS), {@code family} (rest, event),
 *       {@code type} (access_key, oauth, none)</td></tr>
 *   <tr><td>{@code keyward.verification.cold}</td><td>timer</td><td>{@code credential} (access_key,
 *       client_secret, bearer_token), {@code result} (valid, invalid)</td></tr>
 *   <tr><td>{@code keyward.hash.gate.wait}</td><td>timer</td><td>{@code result} (admitted, refused; from the
 *       request's arrival, its credential's own queue included)</td></tr>
 *   <tr><td>{@code keyward.hash.duration}</td><td>timer</td><td>one Argon2 computation</td></tr>
 *   <tr><td>{@code keyward.hash.gate.running}, {@code keyward.hash.gate.waiting}</td><td>gauges</td><td></td></tr>
 *   <tr><td>{@code keyward.hash.credential.waiting}</td><td>gauge</td><td>requests in a credential's own queue
 *       (one Argon2 at a time per credential), which {@code keyward.hash.gate.waiting} does not count</td></tr>
 *   <tr><td>{@code keyward.cache.size}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code keyward.cache.gets}</td><td>counter</td><td>{@code result} (hit, miss)</td></tr>
 *   <tr><td>{@code keyward.tokens.issued}</td><td>timer</td><td></td></tr>
 *   <tr><td>{@code keyward.tokens.refused}</td><td>counter</td><td>{@code code}</td></tr>
 *   <tr><td>{@code keyward.management}</td><td>counter</td><td>{@code action}, {@code outcome}, {@code code}</td></tr>
 *   <tr><td>{@code keyward.revocations.received}</td><td>counter</td><td>{@code kind} (connection, token)</td></tr>
 *   <tr><td>{@code keyward.revocation.lag}</td><td>timer</td><td>{@code kind}</td></tr>
 * </table>
 *
 * <p>No tag value is ever a credential, hash, token or digest. Organization ids are tags only when
 * the host opts in ({@link Builder#organizationTag(int)}): then {@code keyward.verifications} and
 * {@code keyward.tokens.issued} carry {@code organization}, at most as many distinct values as the
 * limit allows — later organizations share the value {@code (other)}, denials (whose organization is
 * not told) the value {@code (none)}, values no organization id can take — so a platform with many tenants cannot grow the registry without
 * bound. Timers publish no percentiles or histograms unless asked ({@link Builder#histograms}).
 *
 * <p>Every meter of the request path is registered up front and kept, so counting a verification
 * is an array read and an increment: no registry lookup, no tag list, no allocation. Thread-safe.
 *
 * <p>Tracing spans (Micrometer's {@code Observation}) are not produced: the observer is told of a
 * cold verification or a token issuance once it has ended, with its duration, which keeps core
 * free of Micrometer and the warm path free of allocations; a span would need a scope opened
 * before the work.
 */
public final class KeywardMetrics implements KeywardObserver {

    /** The tag value of a tag that does not apply, such as the code of a grant. */
    public static final String NONE = "none";
    /**
     * The organization tag value shared by organizations past the limit: in parentheses, which no
     * organization id holds, so an organization named {@code other} keeps series of its own.
     */
    public static final String OTHER = "(other)";
    /** The organization tag value of a denial, which does not tell whose credential was presented. */
    public static final String NO_ORGANIZATION = "(none)";

    private static final ApiFamily[] FAMILIES = ApiFamily.values();
    private static final AuthenticationType[] TYPES = AuthenticationType.values();
    private static final DenialCode[] CODES = DenialCode.values();
    private static final AuditCode[] AUDIT_CODES = AuditCode.values();
    private static final AuditAction[] ACTIONS = AuditAction.values();
    private static final AuditOutcome[] OUTCOMES = AuditOutcome.values();

    private final MeterRegistry registry;
    private final Tags commonTags;
    private final boolean histograms;
    /** The counters of management actions met so far, by action, outcome and code (none first). */
    private final AtomicReferenceArray<Counter> management =
            new AtomicReferenceArray<>(ACTIONS.length * OUTCOMES.length * (AUDIT_CODES.length + 1));
    /** The gauges of the instance attached, reading its state; none once it is detached. */
    private volatile List<Gauge> gauges = List.of();
    /**
     * The state of the instance attached, once one is: the only one whose closing takes the gauges out. Once it
     * is closed, {@link #CLOSED}, which lets go of the instance and still refuses another.
     */
    private volatile State attachedTo;
    private static final State CLOSED = new State() {
        @Override
        public long cachedCredentials() {
            return 0;
        }

        @Override
        public int hashesRunning() {
            return 0;
        }

        @Override
        public int hashesWaiting() {
            return 0;
        }
    };
    /** Grants by [family][type]; with organization tags, those of organization {@code (none)}. */
    private final Counter[][] granted;
    /** Denials by [code][family][type, or the last index for none]. */
    private final Counter[][][] denied;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Timer[][] cold;
    private final Timer gateAdmitted;
    private final Timer gateRefused;
    private final Timer hashDuration;
    private final Timer tokensIssued;
    private final Counter[] tokensRefused;
    private final Counter tokensRefusedWithoutCode;
    private final Counter connectionRevocations;
    private final Counter tokenRevocations;
    private final Timer connectionLag;
    private final Timer tokenLag;
    private final OrganizationMeters organizations;

    private KeywardMetrics(Builder builder) {
        this.registry = builder.registry;
        this.commonTags = builder.tags;
        this.histograms = builder.histograms;
        Tags org = builder.maxOrganizations > 0 ? Tags.of("organization", NO_ORGANIZATION) : Tags.empty();
        this.granted = grants(org);
        this.denied = new Counter[CODES.length][FAMILIES.length][TYPES.length + 1];
        for (DenialCode code : CODES) {
            for (ApiFamily family : FAMILIES) {
                for (int t = 0; t <= TYPES.length; t++) {
                    denied[code.ordinal()][family.ordinal()][t] = verifications("denied", code.name(), family,
                            t == TYPES.length ? NONE : tagValue(TYPES[t]), org);
                }
            }
        }
        this.cacheHits = counter("keyward.cache.gets", "Verification cache lookups", Tags.of("result", "hit"));
        this.cacheMisses = counter("keyward.cache.gets", "Verification cache lookups", Tags.of("result", "miss"));
        Credential[] credentials = Credential.values();
        this.cold = new Timer[credentials.length][2];
        for (Credential credential : credentials) {
            for (int valid = 0; valid < 2; valid++) {
                cold[credential.ordinal()][valid] = timer("keyward.verification.cold",
                        "Checks of credentials not remembered: a store read, and Argon2 for a secret",
                        Tags.of("credential", tagValue(credential), "result", valid == 1 ? "valid" : "invalid"));
            }
        }
        this.gateAdmitted = timer("keyward.hash.gate.wait", "Waits for a turn to run Argon2",
                Tags.of("result", "admitted"));
        this.gateRefused = timer("keyward.hash.gate.wait", "Waits for a turn to run Argon2",
                Tags.of("result", "refused"));
        this.hashDuration = timer("keyward.hash.duration", "Argon2 computations", Tags.empty());
        this.tokensIssued = timer("keyward.tokens.issued", "Bearer tokens issued, and how long issuing took", org);
        this.tokensRefused = new Counter[AUDIT_CODES.length];
        for (AuditCode code : AUDIT_CODES) {
            tokensRefused[code.ordinal()] = counter("keyward.tokens.refused", "Token requests refused or failed",
                    Tags.of("code", code.name()));
        }
        this.tokensRefusedWithoutCode = counter("keyward.tokens.refused", "Token requests refused or failed",
                Tags.of("code", NONE));
        this.connectionRevocations = counter("keyward.revocations.received", "Revocation records applied",
                Tags.of("kind", "connection"));
        this.tokenRevocations = counter("keyward.revocations.received", "Revocation records applied",
                Tags.of("kind", "token"));
        this.connectionLag = timer("keyward.revocation.lag", "From a revocation to this node applying it",
                Tags.of("kind", "connection"));
        this.tokenLag = timer("keyward.revocation.lag", "From a revocation to this node applying it",
                Tags.of("kind", "token"));
        this.organizations = builder.maxOrganizations > 0 ? new OrganizationMeters(builder.maxOrganizations, this)
                : null;
    }

    /** Meters with the defaults: no organization tags, no histograms. */
    public static KeywardMetrics of(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** A builder over the registry. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public synchronized void attached(State state) {
        if (attachedTo != null) {
            throw new IllegalStateException("a KeywardMetrics serves one Keyward instance; build one for each");
        }
        attachedTo = state;
        gauges = Stream.of(
                gauge("keyward.cache.size", "Verified credentials remembered by this node", state,
                        State::cachedCredentials),
                gauge("keyward.hash.gate.running", "Argon2 computations running", state, State::hashesRunning),
                gauge("keyward.hash.gate.waiting", "Callers waiting for a turn to run Argon2", state,
                        State::hashesWaiting),
                gauge("keyward.hash.credential.waiting",
                        "Requests waiting for their credential's own Argon2 turn, before the gate", state,
                        State::hashesWaitingForTheirCredential)).flatMap(Optional::stream).toList();
    }

    /**
     * A gauge of the attached instance, unless the registry hands back one it had already: another instance's,
     * alive on the registry with the same tags, which keeps its own (this one's is then not shown; see the class
     * comment). Decided with the registry locked, so two instances attached at once cannot both take one gauge
     * for theirs.
     */
    private Optional<Gauge> gauge(String name, String description, State state, ToDoubleFunction<State> value) {
        synchronized (registry) {
            Set<Gauge> before = Collections.newSetFromMap(new IdentityHashMap<>());
            before.addAll(registry.find(name).tags(commonTags).gauges());
            Gauge gauge = Gauge.builder(name, state, value).tags(commonTags).description(description)
                    .strongReference(true).register(registry);
            return before.contains(gauge) ? Optional.empty() : Optional.of(gauge);
        }
    }

    /**
     * Takes the gauges it registered out of the registry: they read the closed instance, which they would keep in
     * memory, and an instance built after it on the same registry could not register its own (a registry hands
     * back a gauge it has). Counters and timers stay, counting on for the next instance with the same tags.
     */
    @Override
    public void detached(State state) {
        if (state == attachedTo) {
            detached();
        }
    }

    @Override
    public synchronized void detached() {
        attachedTo = attachedTo == null ? null : CLOSED;
        List<Gauge> registered = gauges;
        gauges = List.of();
        synchronized (registry) {
            registered.forEach(registry::remove);
        }
    }

    @Override
    public void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
        Counter[][] counters = organizations == null || organizationId == null ? granted
                : organizations.of(organizationId).granted;
        counters[family.ordinal()][type.ordinal()].increment();
    }

    @Override
    public void denied(ApiFamily family, AuthenticationType type, DenialCode code) {
        denied[code.ordinal()][family.ordinal()][type == null ? TYPES.length : type.ordinal()].increment();
    }

    @Override
    public void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).increment();
    }

    @Override
    public void coldVerification(Credential credential, boolean valid, long nanos) {
        cold[credential.ordinal()][valid ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void hashGateWait(long nanos, boolean admitted) {
        (admitted ? gateAdmitted : gateRefused).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void hashComputed(long nanos) {
        hashDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void tokenIssued(OrganizationId organizationId, long nanos) {
        Timer timer = organizations == null || organizationId == null ? tokensIssued
                : organizations.of(organizationId).tokensIssued;
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void tokenRefused(AuditCode code) {
        (code == null ? tokensRefusedWithoutCode : tokensRefused[code.ordinal()]).increment();
    }

    @Override
    public void managementAction(AuditAction action, AuditOutcome outcome, AuditCode code,
            OrganizationId organizationId) {
        // Introspections and revocations come here too, as fast as callers send them: each counter is looked up
        // in the registry once, then kept by its action, outcome and code.
        int slot = (action.ordinal() * OUTCOMES.length + outcome.ordinal()) * (AUDIT_CODES.length + 1)
                + (code == null ? 0 : code.ordinal() + 1);
        Counter counter = management.get(slot);
        if (counter == null) {
            counter = counter("keyward.management", "Management actions", Tags.of("action", action.name(),
                    "outcome", outcome.name(), "code", code == null ? NONE : code.name()));
            management.set(slot, counter);
        }
        counter.increment();
    }

    @Override
    public void revocationReceived(boolean token, long lagMillis) {
        (token ? tokenRevocations : connectionRevocations).increment();
        (token ? tokenLag : connectionLag).record(lagMillis, TimeUnit.MILLISECONDS);
    }

    Counter[][] grants(Tags organization) {
        Counter[][] counters = new Counter[FAMILIES.length][TYPES.length];
        for (ApiFamily family : FAMILIES) {
            for (AuthenticationType type : TYPES) {
                counters[family.ordinal()][type.ordinal()] = verifications("granted", NONE, family, tagValue(type),
                        organization);
            }
        }
        return counters;
    }

    Timer tokenTimer(Tags organization) {
        return timer("keyward.tokens.issued", "Bearer tokens issued, and how long issuing took", organization);
    }

    private Counter verifications(String outcome, String code, ApiFamily family, String type, Tags organization) {
        return counter("keyward.verifications", "API requests authenticated", Tags.of("outcome", outcome,
                "code", code, "family", tagValue(family), "type", type).and(organization));
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(commonTags).tags(tags).register(registry);
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(commonTags).tags(tags)
                .publishPercentileHistogram(histograms).register(registry);
    }

    private static String tagValue(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "KeywardMetrics[" + registry.getClass().getSimpleName()
                + (organizations == null ? "" : ", organizations<=" + organizations.limit()) + "]";
    }

    /**
     * Settings of {@link KeywardMetrics}; each setter checks its value at once. Not thread-safe.
     */
    public static final class Builder {

        private final MeterRegistry registry;
        private Tags tags = Tags.empty();
        private boolean histograms;
        private int maxOrganizations;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * Tags organization ids on {@code keyward.verifications} and {@code keyward.tokens.issued}, for at
         * most this many organizations, 1–10,000; the rest share {@code (other)}. Default: no organization
         * tag. Each organization tagged adds a few meters, kept for the life of the registry.
         */
        public Builder organizationTag(int maxOrganizations) {
            if (maxOrganizations < 1 || maxOrganizations > 10_000) {
                throw new IllegalArgumentException("maxOrganizations must be 1-10000, was " + maxOrganizations);
            }
            this.maxOrganizations = maxOrganizations;
            return this;
        }

        /** Whether timers publish a percentile histogram (for server-side percentiles). Default false. */
        public Builder histograms(boolean histograms) {
            this.histograms = histograms;
            return this;
        }

        /** Tags added to every meter, such as the instance's name. Default none. */
        public Builder tags(Iterable<io.micrometer.core.instrument.Tag> tags) {
            this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
            return this;
        }

        /** Registers every meter of the request path now. */
        public KeywardMetrics build() {
            return new KeywardMetrics(this);
        }
    }
}
