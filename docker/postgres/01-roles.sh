#!/usr/bin/env bash
# First-boot setup of the "cmo" database (run once by the postgres image, as its superuser).
#
#   cmo_owner  owns the database and the schema; Flyway migrates as this role.
#   cmo_app    the portal at run time: data rights only, no DDL, not an owner, so row-level
#              security applies to it (owners and superusers would bypass it).
set -euo pipefail

: "${CMO_OWNER_PASSWORD:?set CMO_OWNER_PASSWORD}"
: "${CMO_APP_PASSWORD:?set CMO_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v owner_password="$CMO_OWNER_PASSWORD" -v app_password="$CMO_APP_PASSWORD" <<'SQL'
CREATE ROLE cmo_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE cmo_app   LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD :'app_password';
CREATE DATABASE cmo OWNER cmo_owner;

\connect cmo
REVOKE ALL ON DATABASE cmo FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE cmo TO cmo_app;

-- Only the owner creates objects; the app may use what the migrations create.
ALTER SCHEMA public OWNER TO cmo_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO cmo_app;

-- Rights on tables and sequences Flyway creates later as cmo_owner. Migrations can narrow
-- them per table (for example REVOKE UPDATE, DELETE on the append-only audit log).
ALTER DEFAULT PRIVILEGES FOR ROLE cmo_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO cmo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE cmo_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO cmo_app;
SQL
