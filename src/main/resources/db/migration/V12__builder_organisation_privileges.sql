-- Builder organisations manage their own users (V8): an administrator makes another user an administrator or
-- stops being one. That is the only change an affiliation row ever sees, so the app role may update that one
-- column and nothing else of it (V11 left affiliation at SELECT, INSERT, DELETE). security/AppRolePrivilegesTest
-- names it.
GRANT UPDATE (org_admin) ON affiliation TO ${appRole};
