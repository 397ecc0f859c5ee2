-- The HTTP proxy an environment's nodes use (issue 14). The password is SecretCipher ciphertext, never clear text.
ALTER TABLE environment ADD COLUMN proxy_http VARCHAR(512);
ALTER TABLE environment ADD COLUMN proxy_https VARCHAR(512);
ALTER TABLE environment ADD COLUMN proxy_no_proxy VARCHAR(2000);
ALTER TABLE environment ADD COLUMN proxy_username VARCHAR(255);
ALTER TABLE environment ADD COLUMN proxy_password VARCHAR(2000);
