-- Keyward schema, version 6: when a secret scanner reported a connection's secret as leaked.
-- Portable across H2 2.x and PostgreSQL 14+; idempotent, so a run interrupted half-way can be repeated.
--
-- Nullable and empty at first: no connection has been reported. While set, core verifies no secret of
-- the connection; regenerating clears it. Nodes of earlier versions neither read nor write the column,
-- so they would keep accepting a reported secret: handle leak reports only once every node runs
-- version 6 or later.
ALTER TABLE keyward_connection ADD COLUMN IF NOT EXISTS leaked_at TIMESTAMP(6) WITH TIME ZONE;
