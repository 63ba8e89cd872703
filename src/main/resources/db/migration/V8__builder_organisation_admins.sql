-- Builder organisations manage their own users. Until now a CMO's administrator named an
-- organisation's users when granting a licence, so one CMO could put anyone into a builder that
-- another CMO licenses. Now the operator creates an organisation and names its first administrator,
-- the organisation's administrators add and remove its users, and a licence only names the
-- organisation.
--
-- An administrator is a user who also manages the users, so the flag sits on the BUILDER_USER
-- affiliation rather than in a kind of its own: one row per person and organisation, as before.
ALTER TABLE affiliation ADD COLUMN org_admin boolean NOT NULL DEFAULT false;
ALTER TABLE affiliation ADD CONSTRAINT affiliation_org_admin_is_builder_user CHECK (NOT org_admin OR kind = 'BUILDER_USER');

-- No existing user becomes an administrator here: every existing builder affiliation was made by
-- some CMO's administrator, which is exactly what can no longer be trusted. The operator names each
-- existing organisation's first administrator (POST /api/v1/builders/{b}/users, or the
-- organisation's users page), who then reviews the users the organisation has.
