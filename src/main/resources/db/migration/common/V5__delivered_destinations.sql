-- Which routed destinations have had the event delivered, so that the oldest undelivered event per destination can
-- be measured; and an index for finding events still pending.
ALTER TABLE hub_event ADD COLUMN delivered VARCHAR(400) DEFAULT '' NOT NULL;
CREATE INDEX hub_event_pending ON hub_event (pending);
