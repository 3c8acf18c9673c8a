package dev.keyward.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotedRevocationsTest {

    private final NotedRevocations noted = new NotedRevocations();

    @Test
    void aRevocationConcernsChecksOfItsConnectionThatReadBeforeIt() {
        long before = noted.last();
        noted.note("CONNLOOKUP01");

        assertThat(noted.noneSince(before, "CONNLOOKUP01")).isFalse();
        assertThat(noted.noneSince(before, "OTHERCONN001")).isTrue();
        assertThat(noted.noneSince(noted.last(), "CONNLOOKUP01")).as("a check that read after it").isTrue();
    }

    /** A forgetting that ran late, for a revocation numbered before one already noted, keeps the later one. */
    @Test
    void aLateForgettingKeepsRevocationsNumberedAfterIt() {
        long before = noted.last();
        noted.note("CONNLOOKUP01");

        noted.forget(before);

        assertThat(noted.noneSince(before, "CONNLOOKUP01")).isFalse();
    }

    @Test
    void pastTheBoundOlderNotesConcernEveryCheckThatReadBeforeThem() {
        long before = noted.last();
        for (int i = 0; i <= NotedRevocations.MAXIMUM_NOTED; i++) {
            noted.note(String.format("OTHER%07d", i));
        }

        assertThat(noted.noneSince(before, "CONNLOOKUP01")).isFalse();
        assertThat(noted.noneSince(noted.last(), "CONNLOOKUP01")).isTrue();
        long beforeAll = noted.last();
        noted.concernEveryCheck();
        assertThat(noted.noneSince(beforeAll, "CONNLOOKUP01")).isFalse();
    }
}
