-- The sealed envelope (a few KB) is kept in the row itself: H2 stores a BLOB of that size out of line, which costs
-- a separate write and cleanup for every routed event.
ALTER TABLE hub_event ALTER COLUMN envelope SET DATA TYPE VARBINARY(1000000000);
