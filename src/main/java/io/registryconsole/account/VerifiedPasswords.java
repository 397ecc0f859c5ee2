package io.registryconsole.account;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.context.event.EventListener;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Username/password pairs that bcrypt verified a moment ago, so a script's repeated HTTP Basic requests do not each
 * pay a full bcrypt (finding 6 of docs/reliability.md). An entry is found by an HMAC of username and password under a
 * random key that lives only in this process: the password itself is never stored, and neither is anything an
 * attacker with a heap dump could test guesses against offline without that key. Entries live {@link #TTL} and are
 * dropped as soon as the account changes in any way (password, role, enabled, deleted): before and again after the
 * changing transaction commits, so no request in between can put the old state back.
 */
@Component
class VerifiedPasswords {

    static final Duration TTL = Duration.ofSeconds(60);
    static final int MAX_ENTRIES = 10_000;

    private final byte[] key = new byte[32];
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    VerifiedPasswords() {
        this(Clock.systemUTC());
    }

    VerifiedPasswords(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    /** The authentication bcrypt gave for this exact username and password, if still fresh. */
    Authentication find(String username, String password) {
        String id = id(username, password);
        Entry entry = entries.get(id);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            entries.remove(id, entry);
            return null;
        }
        return entry.authentication();
    }

    void remember(String username, String password, Authentication verified) {
        if (entries.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            entries.values().removeIf(entry -> !now.isBefore(entry.expires()));
            if (entries.size() >= MAX_ENTRIES) {
                return; // full of fresh entries (many users at once): simply verify with bcrypt
            }
        }
        entries.put(id(username, password), new Entry(ConsoleUserDetailsService.normalize(username), verified,
            clock.instant().plus(TTL)));
    }

    void forget(String username) {
        String normalized = ConsoleUserDetailsService.normalize(username);
        entries.values().removeIf(entry -> entry.username().equals(normalized));
    }

    /** Forgets every entry (tests that delete users with SQL, behind the service's back). */
    void clear() {
        entries.clear();
    }

    /** In the changing transaction: the change is not visible to other requests yet, but drop early anyway. */
    @EventListener
    void onChange(AccountChanged changed) {
        if ("user".equals(changed.entityType())) {
            forget(changed.entityName());
        }
    }

    /** After the commit: a request that re-verified between the first drop and the commit saw the old state. */
    @TransactionalEventListener(fallbackExecution = true)
    void afterChange(AccountChanged changed) {
        onChange(changed);
    }

    private String id(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(ConsoleUserDetailsService.normalize(username).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private record Entry(String username, Authentication authentication, Instant expires) {
    }
}
