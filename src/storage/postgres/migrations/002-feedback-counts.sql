-- How many records each ward has in each status, so that the inbox's first page knows its
-- total without counting a million rows. Triggers add a +1/-1 row for every change of a
-- record (append only: concurrent submits never wait on one counter row); housekeeping
-- folds the rows into one per ward and status (see open-postgres-store.ts). The totals are
-- the sum of n.
CREATE TABLE feedback_counts (
  unit text,
  status text NOT NULL,
  n bigint NOT NULL
);
CREATE INDEX feedback_counts_status_unit ON feedback_counts (status, unit) INCLUDE (n);

-- search_path is fixed at creation, so that the trigger writes to this schema's table
-- whoever changes feedback, from whatever search_path.
CREATE FUNCTION feedback_counts_track() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM feedback_counts;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO feedback_counts (unit, status, n) VALUES (OLD.unit, OLD.status, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO feedback_counts (unit, status, n) VALUES (NEW.unit, NEW.status, 1);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER feedback_counts_insert_delete AFTER INSERT OR DELETE ON feedback
  FOR EACH ROW EXECUTE FUNCTION feedback_counts_track();
CREATE TRIGGER feedback_counts_update AFTER UPDATE OF status, unit ON feedback
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.unit IS DISTINCT FROM NEW.unit)
  EXECUTE FUNCTION feedback_counts_track();
CREATE TRIGGER feedback_counts_truncate AFTER TRUNCATE ON feedback
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_counts_track();

-- The records already there.
INSERT INTO feedback_counts (unit, status, n) SELECT unit, status, count(*) FROM feedback GROUP BY unit, status;
