-- Keyward schema, version 4: the revocation log. Portable across H2 2.x and PostgreSQL 14+;
-- every statement is idempotent, so a run interrupted half-way can be repeated.
--
-- Each regeneration, deletion, token revocation and leak revocation appends a record in its own
-- unit of work; every node reads the records after the last one it applied, woken by NOTIFY on
-- PostgreSQL or at its poll interval. Nodes of version 3 neither write nor read these tables and
-- keep working during a rolling upgrade, but their revocations reach version 4 nodes only by the
-- per-credential re-read: keep revocationCheckInterval at 1 s on version 4 nodes until every
-- node runs version 4, then return it to its default.

-- Records hold lookup ids only, never a secret or a hash. sequence numbers records in commit
-- order without gaps (see keyward_revocation_sequence); token_lookup_id is NULL when every
-- credential of the connection was revoked.
CREATE TABLE IF NOT EXISTS keyward_revocation (
    sequence                    BIGINT       NOT NULL,
    organization_id             VARCHAR(64)  NOT NULL,
    connection_id               VARCHAR(64)  NOT NULL,
    connection_lookup_id        VARCHAR(64)  NOT NULL,
    token_lookup_id             VARCHAR(64),
    revoked_at                  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT keyward_revocation_pk PRIMARY KEY (sequence)
);

CREATE INDEX IF NOT EXISTS keyward_revocation_revoked_at_ix ON keyward_revocation (revoked_at);

-- One row holding the last sequence number given. A unit of work that revokes increments it, and
-- holds its row lock until it commits, so numbers are given in commit order and a rolled-back
-- unit of work gives its number back: a reader that has seen number n has seen every number below.
CREATE TABLE IF NOT EXISTS keyward_revocation_sequence (
    id                          INTEGER      NOT NULL,
    last_sequence               BIGINT       NOT NULL,
    CONSTRAINT keyward_revocation_sequence_pk PRIMARY KEY (id)
);

-- Inserts the row only when the table is empty (an aggregate without GROUP BY gives one row).
INSERT INTO keyward_revocation_sequence (id, last_sequence)
    SELECT 0, 0 FROM keyward_revocation_sequence HAVING COUNT(*) = 0;
