package io.registryconsole.account;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface UserRepository extends JpaRepository<User, Long> {

    Optional<User> findByUsername(String username);

    boolean existsByUsername(String username);

    List<User> findAllByOrderByUsernameAsc();

    /**
     * The enabled admins, locked for the rest of the transaction: two admins demoting each other at the
     * same moment must not both see "there is another admin" and leave the console without one.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from User u where u.role = io.registryconsole.account.Role.ADMIN and u.enabled = true")
    List<User> lockActiveAdmins();
}
