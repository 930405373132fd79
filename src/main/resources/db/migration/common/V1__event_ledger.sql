-- Idempotency: which (source, source event id) pairs the hub has accepted. event_id is derived from the pair.
-- state CLAIMED = a request is storing it; STORED = durably in the broker, later copies are duplicates.
CREATE TABLE hub_event_ledger (
    event_id        VARCHAR(40)  NOT NULL PRIMARY KEY,
    source          VARCHAR(64)  NOT NULL,
    source_event_id VARCHAR(512) NOT NULL,
    state           VARCHAR(8)   NOT NULL,
    claimed_at      BIGINT       NOT NULL,
    stored_at       BIGINT
);

CREATE INDEX hub_event_ledger_stored_at ON hub_event_ledger (stored_at);
