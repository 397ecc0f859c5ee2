package io.registryconsole.account;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Console users, for admins. */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
class UserApiController {

    private final AccountService accounts;

    UserApiController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    List<UserView> list() {
        return accounts.listUsers();
    }

    @GetMapping("/{id}")
    UserView get(@PathVariable long id) {
        return accounts.getUser(id);
    }

    @PostMapping
    ResponseEntity<UserView> create(@Valid @RequestBody UserRequests.Create body) {
        UserView created = accounts.createUser(body.username(), body.password(), body.role(),
            body.enabled() == null || body.enabled());
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id())).body(created);
    }

    @PatchMapping("/{id}")
    UserView update(@PathVariable long id, @Valid @RequestBody UserRequests.Update body) {
        return accounts.updateUser(id, body.version(), body.role(), body.enabled(), body.password());
    }

    /** Deletes the user and their tokens; refused (409) for the last enabled admin. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, @RequestParam(required = false) Long version) {
        accounts.deleteUser(id, version);
        return ResponseEntity.noContent().build();
    }
}
