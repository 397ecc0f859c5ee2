-- Several console instances on one database (docs/deployment.md). Portable SQL: runs unchanged on H2 2.x and
-- PostgreSQL 15.

-- Rows that instances lock (select ... for update) to do one-time work one at a time, e.g. creating the first admin
-- when several consoles start at once on an empty database.
create table console_lock (
    name varchar(64) primary key
);
insert into console_lock (name) values ('admin-bootstrap');

-- Spring Session JDBC: page sessions in the database, so a user signed in on one instance is signed in on all.
-- Spring Session's own schema (schema-postgresql.sql; BYTEA is also a name H2 knows for binary varying); created
-- here rather than by spring.session.jdbc.initialize-schema so that every database gets it the same way.
create table spring_session (
    primary_id            char(36)     not null,
    session_id            char(36)     not null,
    creation_time         bigint       not null,
    last_access_time      bigint       not null,
    max_inactive_interval int          not null,
    expiry_time           bigint       not null,
    principal_name        varchar(100),
    constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);

create table spring_session_attributes (
    session_primary_id char(36)     not null,
    attribute_name     varchar(200) not null,
    attribute_bytes    bytea        not null,
    constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
    constraint spring_session_attributes_fk foreign key (session_primary_id) references spring_session (primary_id) on delete cascade
);

-- Files pasted into the import page between preview and confirm (export/PendingImportStore), so the confirm may
-- reach another instance than the preview. The content may hold passwords: only AES-GCM ciphertext
-- (crypto.SecretCipher) is stored. Rows expire (expires_at) and are taken at most once.
create table pending_import (
    id                varchar(40)    primary key,
    environment_id    bigint         not null,
    username          varchar(100)   not null,
    format            varchar(40)    not null,
    content_encrypted varchar(1400000) not null,
    upstream_host     varchar(300),
    created_at        timestamp with time zone not null,
    expires_at        timestamp with time zone not null,
    constraint fk_pending_import_environment foreign key (environment_id) references environment (id) on delete cascade
);
create index ix_pending_import_expires on pending_import (expires_at);
