-- Keyward schema, version 5: the IP ranges a connection's credentials may be presented from.
-- Portable across H2 2.x and PostgreSQL 14+; idempotent, so a run interrupted half-way can be repeated.
--
-- The canonical ranges, comma-separated (e.g. '10.0.0.0/8,2001:db8::/32'), as core writes them:
-- at most 100 ranges of at most 43 characters each. Empty, the default, for any address, so every
-- existing connection keeps admitting every address. Nodes of earlier versions keep working against
-- this schema during a rolling upgrade (they name their columns and never this one, so a rename by
-- them keeps the ranges), but they do not enforce it: set ranges only once every node runs version 5
-- or later.
ALTER TABLE keyward_connection ADD COLUMN IF NOT EXISTS allowed_ips VARCHAR(4800) DEFAULT '' NOT NULL;
