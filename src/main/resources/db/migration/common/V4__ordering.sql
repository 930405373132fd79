-- Per-key ordering for destinations with an ordering-key: every routed event waiting for delivery to such a
-- destination, so that only the earliest received one per key is delivered at a time.
CREATE TABLE hub_ordering (
    destination     VARCHAR(64)  NOT NULL,
    event_id        VARCHAR(40)  NOT NULL,
    ordering_key    VARCHAR(200) NOT NULL,
    received_at     BIGINT       NOT NULL,
    next_attempt_at BIGINT,
    PRIMARY KEY (destination, event_id)
);

CREATE INDEX hub_ordering_key ON hub_ordering (destination, ordering_key, received_at);
