package io.registryconsole.account;

import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import io.registryconsole.shared.ConsoleLocks;

/**
 * Creates the first admin when the console has no user, before the web server takes requests.
 * A generated password is the one secret the console ever writes to its log, once, in a framed message.
 * Several instances starting at once on an empty database take turns ({@link ConsoleLocks}): the first creates the
 * admin, the others then find a user and do nothing.
 */
@Component
class AdminBootstrap implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 24 characters from 57 carry 140 bits. */
    private static final int GENERATED_LENGTH = 24;

    private final AccountService accounts;
    private final AdminProperties admin;
    private final ConsoleLocks locks;

    AdminBootstrap(AccountService accounts, AdminProperties admin, ConsoleLocks locks) {
        this.accounts = accounts;
        this.admin = admin;
        this.locks = locks;
    }

    @Override
    public void afterSingletonsInstantiated() {
        createAdminIfNoUsers();
    }

    void createAdminIfNoUsers() {
        locks.inTransactionHolding(ConsoleLocks.ADMIN_BOOTSTRAP, () -> {
            createAdminIfNoUsersHoldingLock();
            return null;
        });
    }

    private void createAdminIfNoUsersHoldingLock() {
        if (accounts.hasUsers()) {
            if (admin.hasPassword()) {
                log.info("Users exist already; console.admin.password (CONSOLE_ADMIN_PASSWORD) is ignored.");
            }
            return;
        }
        if (admin.hasPassword()) {
            UserView created;
            try {
                created = accounts.createUser(admin.username(), admin.password(), Role.ADMIN, true);
            } catch (AccountProblem problem) {
                // the detail names the rule ("at least 12 characters"), never the value
                throw new IllegalStateException("Cannot create the admin from console.admin.* (CONSOLE_ADMIN_USERNAME / "
                    + "CONSOLE_ADMIN_PASSWORD): " + problem.detail(), null);
            }
            log.info("Created the admin user '{}' with the password from console.admin.password.", created.username());
            return;
        }
        String password = generatePassword();
        UserView created = accounts.createUser(admin.username(), password, Role.ADMIN, true);
        log.warn("""

            ==========================================================================================
              Registry Console: created the admin user '{}' with this generated password:

                  {}

              It is shown only this once. Sign in and change it (Users page), or set
              CONSOLE_ADMIN_PASSWORD before the first start to choose it yourself.
            ==========================================================================================""",
            created.username(), password);
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
