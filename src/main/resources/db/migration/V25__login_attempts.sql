-- Failed sign-ins per username and per client address, shared by every console instance on this database.
-- The key is stored hashed: people type their password into the username field often enough.
CREATE TABLE login_attempt (
    -- lowercase hex SHA-256 of "user:<normalized name>" or "address:<client address>"
    key_hash     VARCHAR(64) PRIMARY KEY,
    failures     INTEGER     NOT NULL,
    window_start TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_failure TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    lockouts     INTEGER     NOT NULL,
    locked_until TIMESTAMP(6) WITH TIME ZONE
);
