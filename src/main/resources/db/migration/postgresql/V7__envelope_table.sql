-- The sealed envelope gets a table of its own, written once per event. In hub_event it was rewritten with the row on
-- every delivery's update of the pending count.
CREATE TABLE hub_event_envelope (
    event_id VARCHAR(40) NOT NULL PRIMARY KEY,
    envelope BYTEA NOT NULL
);

INSERT INTO hub_event_envelope (event_id, envelope) SELECT event_id, envelope FROM hub_event WHERE envelope IS NOT NULL;

ALTER TABLE hub_event DROP COLUMN envelope;
