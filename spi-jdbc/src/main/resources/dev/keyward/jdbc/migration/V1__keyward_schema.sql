-- Keyward schema, version 1. Portable across H2 2.x and PostgreSQL 14+.
-- JdbcStore.migrate() applies it; teams with their own migration tool may apply this file as is.
-- Every statement is idempotent, so a run interrupted half-way can simply be repeated.

-- One row per organization that ever had a unit of work: the row each unit of work locks
-- (SELECT ... FOR UPDATE), which serializes them per organization across processes.
CREATE TABLE IF NOT EXISTS keyward_organization (
    organization_id             VARCHAR(64)  NOT NULL,
    CONSTRAINT keyward_organization_pk PRIMARY KEY (organization_id)
);

-- Connections. Only hashes of secrets are stored, never a secret.
-- name holds up to 100 code points (up to 200 UTF-16 units); name_key is its lower-case
-- form computed by the application, which may be longer still, hence the generous sizes.
-- access_key_organization_id repeats organization_id on Access Key rows only, so the unique
-- constraint on it allows at most one Access Key connection per organization; it stays NULL
-- when the store is built without that backstop (NULLs never collide in a unique constraint).
CREATE TABLE IF NOT EXISTS keyward_connection (
    connection_id               VARCHAR(64)  NOT NULL,
    organization_id             VARCHAR(64)  NOT NULL,
    name                        VARCHAR(400) NOT NULL,
    name_key                    VARCHAR(400) NOT NULL,
    authentication_type         VARCHAR(16)  NOT NULL,
    access_key_organization_id  VARCHAR(64),
    created_by                  VARCHAR(200) NOT NULL,
    created_at                  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at                  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    hint                        VARCHAR(64)  NOT NULL,
    client_id                   VARCHAR(64),
    lookup_id                   VARCHAR(64)  NOT NULL,
    secret_hash                 VARCHAR(512) NOT NULL,
    secret_version              BIGINT       NOT NULL,
    previous_secret_hash        VARCHAR(512),
    previous_secret_expires_at  TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT keyward_connection_pk PRIMARY KEY (connection_id),
    CONSTRAINT keyward_connection_organization_fk FOREIGN KEY (organization_id)
        REFERENCES keyward_organization (organization_id),
    CONSTRAINT keyward_connection_lookup_id_uq UNIQUE (lookup_id),
    CONSTRAINT keyward_connection_name_uq UNIQUE (organization_id, name_key),
    CONSTRAINT keyward_connection_access_key_uq UNIQUE (access_key_organization_id),
    CONSTRAINT keyward_connection_type_ck CHECK (authentication_type IN ('ACCESS_KEY', 'OAUTH')),
    CONSTRAINT keyward_connection_access_key_ck CHECK (access_key_organization_id IS NULL
        OR (authentication_type = 'ACCESS_KEY' AND access_key_organization_id = organization_id)),
    CONSTRAINT keyward_connection_secret_ck CHECK (secret_version >= 1
        AND (previous_secret_hash IS NULL) = (previous_secret_expires_at IS NULL))
);

-- Bearer tokens issued to M2M OAuth connections: hashes only. Deleted with their connection;
-- expired ones are purged in bounded batches by JdbcStore.purgeExpiredTokens.
CREATE TABLE IF NOT EXISTS keyward_token (
    lookup_id                   VARCHAR(64)  NOT NULL,
    organization_id             VARCHAR(64)  NOT NULL,
    connection_id               VARCHAR(64)  NOT NULL,
    token_hash                  VARCHAR(512) NOT NULL,
    issued_at                   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at                  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT keyward_token_pk PRIMARY KEY (lookup_id),
    CONSTRAINT keyward_token_connection_fk FOREIGN KEY (connection_id)
        REFERENCES keyward_connection (connection_id),
    CONSTRAINT keyward_token_expiry_ck CHECK (expires_at > issued_at)
);

CREATE INDEX IF NOT EXISTS keyward_token_expires_at_ix ON keyward_token (expires_at);
CREATE INDEX IF NOT EXISTS keyward_token_connection_ix ON keyward_token (connection_id);
