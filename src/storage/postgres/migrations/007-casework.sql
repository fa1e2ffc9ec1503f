-- Casework (issue 20): each record's deadline and assignee as columns the inbox filters and
-- sorts by ("nearest deadline first", "Của tôi"); the photos citizens attach, kept in the
-- database so that every replica serves them; and the records already there keep working
-- (they have neither yet).
ALTER TABLE feedback ADD COLUMN due date;
ALTER TABLE feedback ADD COLUMN assignee text;
UPDATE feedback SET due = (record->>'due')::date WHERE record ? 'due';
UPDATE feedback SET assignee = record->>'assignee' WHERE record ? 'assignee';

-- The inbox by deadline (records without one last, then newest first): all of it, by status,
-- by ward, by ward and status; a staff member's own records; the reminders of one day.
CREATE INDEX feedback_due ON feedback (due ASC NULLS LAST, created_at DESC, seq DESC);
CREATE INDEX feedback_status_due ON feedback (status, due ASC NULLS LAST, created_at DESC, seq DESC);
CREATE INDEX feedback_unit_due ON feedback (unit, due ASC NULLS LAST, created_at DESC, seq DESC);
CREATE INDEX feedback_unit_status_due ON feedback (unit, status, due ASC NULLS LAST, created_at DESC, seq DESC);
CREATE INDEX feedback_assignee_due ON feedback (assignee, due ASC NULLS LAST, created_at DESC, seq DESC) WHERE assignee IS NOT NULL;
CREATE INDEX feedback_open_due ON feedback (due) WHERE status IN ('moi', 'dang-xu-ly');

-- Photos attached to feedback: re-encoded JPEG bytes (no metadata), by a random id. Written
-- before the record that lists them (the citizen sends them while writing it).
CREATE TABLE attachments (
  id text PRIMARY KEY,
  type text NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX attachments_created ON attachments (created_at);
