-- A statement was indexed by its id twice: the primary key (id) and the unique (tenant_id, id) that a dispute's
-- reference names. Every read names the tenant (TenantSql binds it; row-level security adds it to the rest), so the
-- second serves them all, and a distribution of 100,000 statements keeps one index fewer up to date, row by row
-- (docs/performance.md, "ninth session"). Statements are never updated or deleted (statement_immutable); should they
-- be replicated logically, the unique key identifies a row.
ALTER TABLE statement DROP CONSTRAINT statement_pkey;
ALTER TABLE statement REPLICA IDENTITY USING INDEX statement_tenant_id_id_key;
