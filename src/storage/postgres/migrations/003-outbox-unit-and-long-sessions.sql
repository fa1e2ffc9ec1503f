-- A message's unit picks its staff chat in a deployment serving several wards.
ALTER TABLE outbox ADD COLUMN unit text;

-- The ward a citizen chose is kept when the rest of their session expires (see
-- conversation/session.ts, restoreSession): sessions are deleted after 180 days, not one.
-- Nothing to change in the table; the index already serves the longer sweep.
