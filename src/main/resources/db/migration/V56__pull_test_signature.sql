-- What a test pull found about the signature of the digest it resolved (VERIFIED, UNSIGNED, INVALID, NOT_CHECKED).
alter table pull_test add column signature_status varchar(16);
alter table pull_test add column signature_kind varchar(16);
alter table pull_test add column signature_detail varchar(4000);
