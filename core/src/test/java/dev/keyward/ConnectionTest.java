package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Code written against an earlier release, which built connections with a shorter constructor, keeps compiling. */
class ConnectionTest {

    private static final ConnectionId ID = ConnectionId.of("c1");
    private static final OrganizationId ACME = OrganizationId.of("acme");
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant EXPIRES = Instant.parse("2027-01-02T03:04:05Z");
    private static final Instant USED = Instant.parse("2026-02-02T03:04:05Z");

    @Test
    @DisplayName("each earlier canonical constructor builds the connection with the later fields at their defaults")
    void earlierConstructors() {
        IpAllowlist office = IpAllowlist.parse(List.of("10.0.0.0/8"));

        Connection first = new Connection(ID, ACME, "Key", AuthenticationType.ACCESS_KEY, "admin", CREATED, CREATED,
                "kwak_…x9Q2", null);
        Connection withLifecycle = new Connection(ID, ACME, "Key", AuthenticationType.ACCESS_KEY, "admin", CREATED,
                CREATED, "kwak_…x9Q2", null, EXPIRES, USED);
        Connection withRanges = new Connection(ID, ACME, "Key", AuthenticationType.ACCESS_KEY, "admin", CREATED,
                CREATED, "kwak_…x9Q2", null, EXPIRES, USED, office);

        assertThat(first).isEqualTo(new Connection(ID, ACME, "Key", AuthenticationType.ACCESS_KEY, "admin", CREATED,
                CREATED, "kwak_…x9Q2", null, null, null, IpAllowlist.any(), null));
        assertThat(withLifecycle).isEqualTo(new Connection(ID, ACME, "Key", AuthenticationType.ACCESS_KEY, "admin",
                CREATED, CREATED, "kwak_…x9Q2", null, EXPIRES, USED, IpAllowlist.any(), null));
        assertThat(withRanges).isEqualTo(new Connection(ID, ACME, "Key", AuthenticationType.ACCESS_KEY, "admin",
                CREATED, CREATED, "kwak_…x9Q2", null, EXPIRES, USED, office, null));
    }
}
