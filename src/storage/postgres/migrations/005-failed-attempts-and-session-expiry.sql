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
