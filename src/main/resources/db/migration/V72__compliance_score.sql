-- The last compliance score of each environment, as the dashboard and the environment page show it. In the database
-- (it was in one instance's memory), so every instance behind a load balancer shows the same score and a restart
-- keeps it. Portable SQL: H2 2.x and PostgreSQL 15.
create table compliance_score (
    environment_id bigint                   not null,
    score          integer                  not null,
    failed         integer                  not null,
    checked_at     timestamp with time zone not null,
    constraint pk_compliance_score primary key (environment_id),
    constraint fk_compliance_score_environment foreign key (environment_id) references environment (id) on delete cascade
);
