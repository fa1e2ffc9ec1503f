-- The bot's state for a province deployment: several replicas on one database.
-- Applied once per schema by migrations.ts, in one transaction; the tables land in the
-- schema of the connection's search_path.

-- Feedback (phản ánh, kiến nghị, forwarded questions). The whole record is `record`; the
-- columns beside it are what lists filter and sort by. `seq` orders records filed at the
-- same instant (later filed first). `search_text` is the folded code, content, sender and
-- answer (see searchTextOf), for staff searches.
CREATE TABLE feedback (
  code text PRIMARY KEY,
  seq bigserial NOT NULL,
  created_at timestamptz NOT NULL,
  status text NOT NULL,
  category text,
  channel text NOT NULL,
  user_id text NOT NULL,
  unit text,
  submission_id text UNIQUE,
  search_text text NOT NULL,
  record jsonb NOT NULL
);
-- The inbox, newest first: all of it, by status, by ward, by ward and status.
CREATE INDEX feedback_newest ON feedback (created_at DESC, seq DESC);
CREATE INDEX feedback_status_newest ON feedback (status, created_at DESC, seq DESC);
CREATE INDEX feedback_unit_newest ON feedback (unit, created_at DESC, seq DESC);
CREATE INDEX feedback_unit_status_newest ON feedback (unit, status, created_at DESC, seq DESC);
-- A citizen's filings since a time (the daily limit).
CREATE INDEX feedback_citizen ON feedback (channel, user_id, created_at);

-- Questions the bot could not answer. No personal data.
CREATE TABLE unanswered (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  at timestamptz NOT NULL,
  channel text NOT NULL,
  query text NOT NULL,
  reason text NOT NULL,
  candidates jsonb NOT NULL,
  unit text,
  resolved jsonb
);
CREATE INDEX unanswered_newest ON unanswered (at DESC, seq DESC);
CREATE INDEX unanswered_open_newest ON unanswered (at DESC, seq DESC) WHERE resolved IS NULL;
CREATE INDEX unanswered_unit_newest ON unanswered (unit, at DESC, seq DESC);

-- Conversation state per citizen; rows unchanged for a day are expired and pruned.
CREATE TABLE sessions (
  key text PRIMARY KEY,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX sessions_updated ON sessions (updated_at);

-- Both outboxes (`box`). A message waits ('pending') in `seq` order within its lane (see
-- laneOf), is handed to one replica at a time (`claimed_until`), and once delivered or
-- given up keeps no text and no address: only its id, destination, time and error.
CREATE TABLE outbox (
  box text NOT NULL CHECK (box IN ('notifications', 'replies')),
  id text NOT NULL,
  seq bigserial NOT NULL,
  lane text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'undeliverable')),
  destination text NOT NULL,
  kind text NOT NULL,
  code text,
  recipient jsonb,
  text text,
  created_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  claimed_until timestamptz,
  done_at timestamptz,
  PRIMARY KEY (box, id),
  CONSTRAINT outbox_done_keeps_no_text CHECK (state = 'pending' OR (text IS NULL AND recipient IS NULL AND done_at IS NOT NULL))
);
-- Lane heads: the oldest waiting message of each lane.
CREATE INDEX outbox_lane_pending ON outbox (box, lane, seq) WHERE state = 'pending';
CREATE INDEX outbox_pending ON outbox (box, seq) WHERE state = 'pending';
CREATE INDEX outbox_done ON outbox (box, done_at) WHERE state <> 'pending';

-- Home Affairs staff accounts for the web workspace.
CREATE TABLE staff_accounts (
  username text PRIMARY KEY,
  account jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Messages waiting for a citizen's web page: the newest 50 per citizen, 30 days.
CREATE TABLE citizen_inbox (
  citizen text NOT NULL,
  id text NOT NULL,
  seq bigserial NOT NULL,
  kind text NOT NULL,
  code text,
  text text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (citizen, id)
);
CREATE INDEX citizen_inbox_order ON citizen_inbox (citizen, seq);
CREATE INDEX citizen_inbox_at ON citizen_inbox (at);

-- Ids a channel has handled (messages sent, updates received), by scope; pruned after 30 days.
CREATE TABLE handled_ids (
  scope text NOT NULL,
  id text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (scope, id)
);
CREATE INDEX handled_ids_at ON handled_ids (at);

-- rate-limiter-flexible's RateLimiterPostgres table (its own columns: key, points, expire in epoch ms).
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
CREATE INDEX rate_limits_expire ON rate_limits (expire);

-- Keys made once and shared by the replicas (the web cookie key).
CREATE TABLE app_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
