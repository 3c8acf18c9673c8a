-- Keyward schema, version 3: connection expiry and last use. Portable across H2 2.x and
-- PostgreSQL 14+; every statement is idempotent, so a run interrupted half-way can be repeated.
--
-- Both columns are nullable and start empty: no connection expires, none has been used yet.
-- Nodes of earlier versions keep working against this schema during a rolling upgrade (they name
-- their columns and never these), but they neither enforce nor keep an expiry: set expiries only
-- once every node runs version 3 or later.

-- When the connection's current secret stops verifying; NULL for never.
ALTER TABLE keyward_connection ADD COLUMN IF NOT EXISTS expires_at TIMESTAMP(6) WITH TIME ZONE;

-- When one of its credentials last verified, to within the host's resolution; written only by the
-- batched last-use update, never by a unit of work, so neither can undo the other.
ALTER TABLE keyward_connection ADD COLUMN IF NOT EXISTS last_used_at TIMESTAMP(6) WITH TIME ZONE;
