package dev.keyward.jdbc;

import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.keyward.testing.StoredRows;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.ErrorCode;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.KeywardException;
import dev.keyward.OrganizationId;
import dev.keyward.jdbc.FaultyDataSource.Fault;
import dev.keyward.spi.StoreException;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For a create, a regenerate and a delete, a fault at every statement (or the commit) in turn:
 * each time the caller gets a store failure and every table is exactly as before.
 */
class FaultInjectionTest {

    private static final int MAX_STEPS = 50;

    /** What is done to the organization under test; its first connection is an OAuth one with a token. */
    enum Operation {
        CREATE, REGENERATE, DELETE;

        void run(Keyward keyward, OrganizationId org, ConnectionId oauth) {
            switch (this) {
                case CREATE -> keyward.connections().create(SUPER, org, "Brand new", AuthenticationType.OAUTH);
                case REGENERATE -> keyward.connections().regenerate(SUPER, org, oauth, Duration.ofMinutes(5));
                case DELETE -> keyward.connections().delete(SUPER, org, oauth);
            }
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Database database : List.of(Database.H2_MEMORY, Database.POSTGRESQL)) {
            for (Operation operation : Operation.values()) {
                for (Fault fault : Fault.values()) {
                    cases.add(Arguments.of(database, operation, fault));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} with {2} at every step")
    @MethodSource("cases")
    @DisplayName("a fault at any step of an operation leaves the store exactly as before and reports a store failure")
    void faultAtAnyStepLeavesStoreAsBefore(Database database, Operation operation, Fault fault) {
        DataSource clean = database.fresh("faults");
        JdbcStore.create(clean).migrate();
        MutableClock clock = MutableClock.startingNow();
        OrganizationId org = OrganizationId.of("org-" + UUID.randomUUID());
        ConnectionId oauth = populate(Fixtures.keyward(JdbcStore.create(clean), clock).build(), clean, org);
        FaultyDataSource faulty = new FaultyDataSource(clean);
        // The revocation log is polled on a thread of its own: at the default second, a poll could take the
        // armed fault instead of the operation under test.
        Keyward keyward = Fixtures.keyward(JdbcStore.create(faulty.dataSource()), clock)
                .revocationPollInterval(Duration.ofMinutes(1)).build();

        for (int step = 1; step <= MAX_STEPS; step++) {
            List<String> before = Databases.dump(clean);
            faulty.arm(step, fault);
            try {
                operation.run(keyward, org, oauth);
            } catch (KeywardException e) {
                assertThat(faulty.fired()).as("failed without a fault at step %d", step).isTrue();
                assertThat(e).isInstanceOf(StoreException.class);
                assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                assertThat(e.getMessage()).startsWith("could not ").doesNotContain("$argon2");
                assertThat(Databases.dump(clean)).as("tables after a fault at step %d", step).isEqualTo(before);
                continue;
            }
            assertThat(faulty.fired()).as("succeeded despite a fault at step %d", step).isFalse();
            // The first step never reached. The shortest of the three, a create, takes five: a read, the
            // organization's lock, a read in the unit of work, the insert, the commit.
            assertThat(step).as("steps the operation took, commit included").isGreaterThan(5);
            assertThat(Databases.dump(clean)).isNotEqualTo(before);
            return;
        }
        fail("the operation never completed within " + MAX_STEPS + " steps");
    }

    /** An Access Key and an OAuth connection with a live token; returns the OAuth connection's id. */
    private static ConnectionId populate(Keyward keyward, DataSource dataSource, OrganizationId org) {
        keyward.connections().create(SUPER, org, "Key", AuthenticationType.ACCESS_KEY);
        IssuedCredentials oauth = keyward.connections().create(SUPER, org, "Client", AuthenticationType.OAUTH);
        ConnectionId id = oauth.connection().id();
        JdbcStore store = JdbcStore.create(dataSource);
        store.inOrganization(org, tx -> {
            tx.insertToken(StoredToken.builder().lookupId("tok" + UUID.randomUUID().toString().substring(0, 9))
                    .organizationId(org).connectionId(id).tokenHash(StoredRows.TOKEN_HASH)
                    .issuedAt(oauth.connection().createdAt())
                    .expiresAt(oauth.connection().createdAt().plus(Duration.ofHours(1))).build());
            return null;
        });
        return id;
    }
}
