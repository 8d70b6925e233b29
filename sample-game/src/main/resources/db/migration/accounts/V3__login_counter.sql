-- The login counter: the generation a ticket carries (a newer login's ticket supersedes older ones).
ALTER TABLE accounts ADD COLUMN login_count BIGINT DEFAULT 0 NOT NULL;
