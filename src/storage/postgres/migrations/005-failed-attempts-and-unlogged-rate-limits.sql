-- Failed tries at something guessable (the phone digits behind a tracking code, a staff
-- login name), counted per key across sessions, channels and replicas (see
-- attempts/failed-attempts.ts); a row is dropped by housekeeping once it expires.
CREATE TABLE failed_attempts (
  scope text NOT NULL,
  key text NOT NULL,
  failures integer NOT NULL,
  last_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE INDEX failed_attempts_expires ON failed_attempts (expires_at);

-- Message counts for the per-citizen limit are read and written with every message (with
-- the session, in one statement: see session-store.ts countAndGet). They are worth no
-- write-ahead log: unlogged, a count costs no disk flush; a crash (not a clean restart)
-- empties the table, which only gives every citizen a fresh minute.
ALTER TABLE rate_limits SET UNLOGGED;
