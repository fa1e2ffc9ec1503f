-- An incoming update is claimed before it is handled (see channels/update-claims.ts): a
-- handled id with a lease is being handled by some replica until then; NULL means done,
-- as every row before this migration is.
ALTER TABLE handled_ids ADD COLUMN lease_until timestamptz;

-- The numbered options a chat without buttons was last shown (channels/numbered-options.ts),
-- so that the number a citizen types back means the same to every replica.
CREATE TABLE chat_options (
  scope text NOT NULL,
  chat text NOT NULL,
  payloads jsonb NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (scope, chat)
);
CREATE INDEX chat_options_at ON chat_options (at);
