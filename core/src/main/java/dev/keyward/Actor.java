package dev.keyward;

import dev.keyward.internal.IdChecks;

/**
 * The user on whose behalf a management call is made, as the host application has
 * authenticated it. Keyward trusts these facts and decides from them alone: Access Key
 * connections may be managed by active admins and super admins, M2M OAuth connections by active
 * super admins only, and inactive users may do nothing.
 * Immutable.
 *
 * @param id     the host's user id, 1–200 characters without control or format characters, recorded
 *               in audit events
 * @param role   the user's administrative role
 * @param active whether the user account is active; inactive users may do nothing
 */
public record Actor(String id, Role role, boolean active) {

    /**
     * @throws KeywardException with {@link ErrorCode#INVALID_INPUT} for a null, blank or oversized id, an
     *         id holding a control or format character (CR and LF among them: ids are written to audit
     *         lines) or shaped like a credential, or a null role; the message never repeats the id
     */
    public Actor {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw KeywardException.invalidInput("actor id must be 1-200 characters and not blank");
        }
        if (IdChecks.hasUnsafeCharacter(id)) {
            throw KeywardException.invalidInput("actor id must not contain control, format or separator characters");
        }
        IdChecks.requireNotCredential("actor id", id);
        if (role == null) {
            throw KeywardException.invalidInput("actor role is required (Role.NONE for none)");
        }
    }

    /** An active super admin. */
    public static Actor superAdmin(String id) {
        return new Actor(id, Role.SUPER_ADMIN, true);
    }

    /** An active admin. */
    public static Actor admin(String id) {
        return new Actor(id, Role.ADMIN, true);
    }

    /** Whether this actor may manage connections of the given type. */
    public boolean mayManage(AuthenticationType type) {
        return active && switch (type) {
            case ACCESS_KEY -> role == Role.ADMIN || role == Role.SUPER_ADMIN;
            case OAUTH -> role == Role.SUPER_ADMIN;
        };
    }

    /** Whether this actor may see the organization's connections (hints only, never secrets). */
    public boolean mayView() {
        return active && role != Role.NONE;
    }
}
