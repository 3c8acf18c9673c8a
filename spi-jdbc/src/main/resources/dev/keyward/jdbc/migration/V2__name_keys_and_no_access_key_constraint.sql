-- Keyward schema, version 2. Portable across H2 2.x and PostgreSQL 14+; every statement is
-- idempotent, so a run interrupted half-way can simply be repeated.
--
-- This version has a Java step besides this file: name keys are now computed by the display
-- rule of connection names (NFKC, then full case folding), which SQL cannot compute portably.
-- JdbcStore.migrate() applies this file, then the step, in one transaction on PostgreSQL.
-- Teams with their own migration tool apply this file, then call
-- JdbcStore.recomputeNameKeys(connection) on the same connection, in the same transaction
-- where the tool has one, before any node of this version serves. The step recomputes every
-- name_key; where two names of one organization now collide, the oldest connection keeps its
-- name and each newer one is renamed "<name> (2)", "<name> (3)", ... (first free number, the
-- name shortened to stay within 100 characters), with a WARN line per rename.

-- How many Access Key connections an organization may hold is the application's setting, not
-- the schema's: drop the constraint that allowed one. Its column access_key_organization_id
-- stays, nullable and no longer read or written by this version, so nodes still running the
-- previous version (which write it) keep working during a rolling upgrade; a later version drops it.
ALTER TABLE keyward_connection DROP CONSTRAINT IF EXISTS keyward_connection_access_key_uq;
ALTER TABLE keyward_connection DROP CONSTRAINT IF EXISTS keyward_connection_access_key_ck;
