-- What a web citizen and the bot said (conversation/transcript.ts), so that a reloaded
-- page shows the conversation so far: the newest entries of the last days per citizen.
CREATE TABLE chat_transcripts (
  seq bigserial PRIMARY KEY,
  citizen text NOT NULL,
  at timestamptz NOT NULL,
  entry jsonb NOT NULL
);
CREATE INDEX chat_transcripts_citizen ON chat_transcripts (citizen, seq);
CREATE INDEX chat_transcripts_at ON chat_transcripts (at);
