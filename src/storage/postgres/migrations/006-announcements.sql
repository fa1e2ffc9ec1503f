-- Announcements (tin tuyên truyền) and the citizens who subscribed to them.

-- One row per announcement; the columns beside `record` are what lists filter by and what
-- a broadcast changes as it goes (its cursor, its counts, the replica feeding it).
CREATE TABLE announcements (
  id text PRIMARY KEY,
  seq bigserial NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'sending', 'sent')),
  unit text,
  send_at timestamptz,
  record jsonb NOT NULL,
  cursor text,
  delivered integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  blocked integer NOT NULL DEFAULT 0,
  feeder text,
  feeder_until timestamptz
);
CREATE INDEX announcements_newest ON announcements (seq DESC);
CREATE INDEX announcements_status ON announcements (status, send_at);

-- A citizen's consent, per channel: deleted when they unsubscribe. Read in key order by a broadcast.
CREATE TABLE subscriptions (
  key text PRIMARY KEY,
  unit text,
  channel text NOT NULL,
  recipient jsonb NOT NULL,
  push jsonb,
  since timestamptz NOT NULL
);
CREATE INDEX subscriptions_unit_key ON subscriptions (unit, key);

-- Comings and goings without who: what the quarterly report counts.
CREATE TABLE subscription_events (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  channel text NOT NULL,
  unit text,
  kind text NOT NULL CHECK (kind IN ('subscribed', 'unsubscribed')),
  reason text
);
CREATE INDEX subscription_events_at ON subscription_events (at);

-- When each channel's next broadcast send may go, shared by the replicas (see pace()).
CREATE TABLE broadcast_pace (
  channel text PRIMARY KEY,
  next_at timestamptz NOT NULL
);

-- Broadcast messages have an outbox of their own, so a broadcast never holds up replies.
ALTER TABLE outbox DROP CONSTRAINT IF EXISTS outbox_box_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_box_check CHECK (box IN ('notifications', 'replies', 'announcements'));
