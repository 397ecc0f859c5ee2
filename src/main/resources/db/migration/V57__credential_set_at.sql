-- When the stored secret was last set, for the compliance report's credential rotation age. Existing secrets: their
-- registry's last change is the best known bound.
alter table registry add column credential_set_at timestamp with time zone;
update registry set credential_set_at = updated_at where credential_kind <> 'ANONYMOUS';
