-- Trust policy of an environment: whether test pulls require a verified signature, and the public keys (PEM) it trusts.
alter table environment add column require_signature boolean default false not null;

create table environment_trusted_key (
    environment_id bigint        not null,
    key_order      integer       not null,
    pem            varchar(8000) not null,
    constraint pk_environment_trusted_key primary key (environment_id, key_order),
    constraint fk_environment_trusted_key_environment foreign key (environment_id) references environment (id) on delete cascade
);
