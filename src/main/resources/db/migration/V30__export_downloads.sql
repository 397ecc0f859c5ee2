-- The last download of each export file (export/), so the exports page can show what changed since.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 15. One row per environment, format and file: a later
-- download of the same file replaces it. Deleting the environment deletes its download history.
create table export_download (
    environment_id    bigint         not null,
    format            varchar(40)    not null,
    file_name         varchar(500)   not null,
    -- the file as downloaded, every password and token replaced by a placeholder: never a secret in clear
    redacted_content  varchar(1000000) not null,
    -- the exact file, AES-GCM ciphertext (crypto.SecretCipher), only when it differs from redacted_content
    -- (formats that hold logins); tells a changed password from an unchanged one without storing it in clear
    content_encrypted varchar(1400000),
    downloaded_at     timestamp with time zone not null,
    downloaded_by     varchar(100)   not null,
    primary key (environment_id, format, file_name),
    constraint fk_export_download_environment foreign key (environment_id) references environment (id) on delete cascade
);
