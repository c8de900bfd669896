-- The leases of instances sharing their listeners, expires_at is in milliseconds since 1970 by the database's clock
CREATE TABLE IF NOT EXISTS longpoll_lease (
    region     VARCHAR(100) NOT NULL,
    lease_key  VARCHAR(200) NOT NULL,
    holder     VARCHAR(100) NOT NULL,
    token      BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL,
    CONSTRAINT longpoll_lease_pk PRIMARY KEY (region, lease_key)
);
-- What was asked by hand for listeners (pause, stop, seek…), applied by whichever instance polls them
CREATE TABLE IF NOT EXISTS longpoll_control (
    region       VARCHAR(100)  NOT NULL,
    listener_id  VARCHAR(200)  NOT NULL,
    desired      VARCHAR(16),
    desired_version BIGINT     NOT NULL,
    seek         VARCHAR(4000),
    seek_version BIGINT        NOT NULL,
    CONSTRAINT longpoll_control_pk PRIMARY KEY (region, listener_id)
);
