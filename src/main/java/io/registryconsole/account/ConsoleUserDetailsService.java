package io.registryconsole.account;

import java.util.Locale;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Loads users for form login and HTTP Basic. Being a bean also stops Spring Boot's generated default user. */
@Component
class ConsoleUserDetailsService implements UserDetailsService {

    private final UserRepository users;

    ConsoleUserDetailsService(UserRepository users) {
        this.users = users;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsername(normalize(username))
            .map(ConsoleUser::withPasswordHash)
            // the message is not shown to anybody: every failure answers "invalid username or password"
            .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    static String normalize(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}
