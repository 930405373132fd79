-- The canonical envelope of each event, kept for audit and on-purpose redelivery.
ALTER TABLE hub_event ADD COLUMN envelope BINARY LARGE OBJECT;
