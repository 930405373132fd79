-- Effective-date holds (hub.destinations.<name>.hold-until): an event waiting on the broker, as a scheduled message,
-- until its date. The row lets ops list, release or cancel it; generation tells the current copy from void ones.
CREATE TABLE hub_hold (
    destination  VARCHAR(64)  NOT NULL,
    event_id     VARCHAR(40)  NOT NULL,
    event_type   VARCHAR(200),
    held_at      BIGINT       NOT NULL,
    hold_until   BIGINT       NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    generation   INT          NOT NULL,
    changed_by   VARCHAR(200),
    reason       VARCHAR(500),
    PRIMARY KEY (destination, event_id)
);

CREATE INDEX hub_hold_until ON hub_hold (status, hold_until);
