package dev.keyward.examples;

import dev.keyward.Actor;
import dev.keyward.Role;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's users, named by the {@code X-Actor} header of admin calls. A real host
 * takes the acting user from its own login instead.
 */
final class DemoUsers {

    static final Map<String, Actor> USERS = Map.of(
            "super", new Actor("super", Role.SUPER_ADMIN, true),
            "admin", new Actor("admin", Role.ADMIN, true),
            "viewer", new Actor("viewer", Role.NONE, true),
            "former", new Actor("former", Role.SUPER_ADMIN, false));

    private DemoUsers() {
    }

    static Optional<Actor> byName(String name) {
        return Optional.ofNullable(name).map(USERS::get);
    }
}
