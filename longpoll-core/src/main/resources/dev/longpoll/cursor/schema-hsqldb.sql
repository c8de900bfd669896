CREATE TABLE IF NOT EXISTS longpoll_cursor (
    listener_id  VARCHAR(200)  NOT NULL PRIMARY KEY,
    cursor_value VARCHAR(4000) NOT NULL,
    echo_headers VARCHAR(4000),
    fence_token  BIGINT,
    updated_at   TIMESTAMP     NOT NULL
);
