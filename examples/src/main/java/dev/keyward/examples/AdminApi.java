package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.Connection;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionService;
import dev.keyward.ConnectionUpdate;
import dev.keyward.NewConnection;
import dev.keyward.OrganizationId;
import dev.keyward.Regeneration;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin plane: {@code /admin/orgs/{org}/connections[/{id}[/regenerate]]}, acting as the
 * demo user named by {@code X-Actor}. Its operations read an {@link AdminRequest} and return
 * an {@link AdminAnswer}, so that each demo's HTTP glue only routes and writes. Those that hash a
 * new secret take a turn of Keyward's Argon2 gate and, past its wait, answer 503 with
 * {@code Retry-After}. Thread-safe.
 */
public final class AdminApi {

    public static final String COLLECTION = "/admin/orgs/{org}/connections";
    public static final String ITEM = COLLECTION + "/{id}";
    public static final String REGENERATE = ITEM + "/regenerate";
    /** What a PATCH of a connection takes, as an {@code OPTIONS} of it says in {@code Accept-Patch} (RFC 5789 §3.1). */
    public static final String PATCH_MEDIA_TYPE = "application/json";

    private final ConnectionService connections;
    public AdminApi(ConnectionService connections) {
        this.connections = connections;
    }

    /** Adds the admin routes to the JDK demo's router. */
    void addTo(Router router) {
        router.route("GET", COLLECTION, exchange -> exchange.reply(list(exchange)))
                .route("POST", COLLECTION, exchange -> exchange.reply(create(exchange)))
                .route("GET", ITEM, exchange -> exchange.reply(get(exchange)))
                .route("PATCH", ITEM, exchange -> exchange.reply(update(exchange)))
                .route("DELETE", ITEM, exchange -> exchange.reply(delete(exchange)))
                .route("POST", REGENERATE, exchange -> exchange.reply(regenerate(exchange)));
    }

    /** Every connection, or with {@code ?expiringWithinSeconds=N} those that expire within N seconds. */
    public AdminAnswer list(AdminRequest exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        String within = exchange.queryParameter("expiringWithinSeconds");
        List<Connection> listed = within == null ? connections.list(actor, org)
                : connections.expiringWithin(actor, org, Duration.ofSeconds(wholeSeconds("expiringWithinSeconds", within)));
        return new AdminAnswer(200, listed.stream().map(ConnectionJson::of).toList());
    }

    public AdminAnswer create(AdminRequest exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        JsonNode body = exchange.jsonBody();
        List<String> allowedIps = ranges(body);
        NewConnection request = NewConnection.builder(text(body, "name"), type(text(body, "authenticationType")))
                .expiresAt(instant(body, "expiresAt")).allowedIps(allowedIps == null ? List.of() : allowedIps).build();
        return new AdminAnswer(201, ConnectionJson.of(connections.create(actor, org, request)));
    }

    public AdminAnswer get(AdminRequest exchange) throws IOException {
        return new AdminAnswer(200, ConnectionJson.of(connections.get(actor(exchange), org(exchange), id(exchange))));
    }

    /** {@code {"name"}} and/or {@code {"allowedIps": [...]}}, changed together or not at all. */
    public AdminAnswer update(AdminRequest exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        ConnectionId id = id(exchange);
        JsonNode body = exchange.jsonBody();
        List<String> allowedIps = ranges(body);
        JsonNode name = body.get("name");
        if (allowedIps == null) {
            return new AdminAnswer(200, ConnectionJson.of(connections.rename(actor, org, id, text(body, "name"))));
        }
        ConnectionUpdate update = ConnectionUpdate.builder()
                .name(name == null || name.isNull() ? null : text(body, "name")).allowedIps(allowedIps).build();
        return new AdminAnswer(200, ConnectionJson.of(connections.update(actor, org, id, update)));
    }

    /** The optional {@code allowedIps}: a list of strings, checked by Keyward; absent or null is none given. */
    private static List<String> ranges(JsonNode body) {
        JsonNode value = body.get("allowedIps");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw HttpError.badRequest("\"allowedIps\" must be a list of CIDR ranges such as [\"10.0.0.0/8\"]");
        }
        List<String> ranges = new ArrayList<>();
        for (JsonNode range : value) {
            if (!range.isTextual()) {
                throw HttpError.badRequest("\"allowedIps\" must be a list of CIDR ranges such as [\"10.0.0.0/8\"]");
            }
            ranges.add(range.asText());
        }
        return ranges;
    }

    public AdminAnswer delete(AdminRequest exchange) throws IOException {
        connections.delete(actor(exchange), org(exchange), id(exchange));
        return AdminAnswer.noContent();
    }

    public AdminAnswer regenerate(AdminRequest exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        ConnectionId id = id(exchange);
        Regeneration regeneration = regeneration(exchange);
        return new AdminAnswer(200, ConnectionJson.of(connections.regenerate(actor, org, id, regeneration)));
    }

    /**
     * The optional body {@code {"gracePeriodSeconds": N, "expiresAt": "…"}}; none means no grace, no expiry.
     * A body sent without saying it is JSON is refused, never taken for none: that would end the old
     * secret at once when the client asked for a grace period.
     */
    private static Regeneration regeneration(AdminRequest exchange) throws IOException {
        JsonNode body = exchange.optionalJsonBody();
        if (body == null) {
            return Regeneration.immediate();
        }
        JsonNode seconds = body.get("gracePeriodSeconds");
        Duration grace = Duration.ZERO;
        if (seconds != null && !seconds.isNull()) {
            // 1.5, 1e3 and 60.0 are numbers but not whole ones: refused rather than rounded.
            if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
                throw HttpError.badRequest("\"gracePeriodSeconds\" must be a whole number of seconds");
            }
            grace = Duration.ofSeconds(seconds.longValue());
        }
        return Regeneration.builder().gracePeriod(grace).expiresAt(instant(body, "expiresAt")).build();
    }

    /** An optional ISO-8601 instant such as {@code 2027-01-31T00:00:00Z}; absent or null is none. */
    private static Instant instant(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            if (value.isTextual()) {
                return Instant.parse(value.asText());
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw HttpError.badRequest("\"" + field + "\" must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
    }

    /** A whole, non-negative number of seconds from a query parameter. */
    private static long wholeSeconds(String name, String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw HttpError.badRequest(name + " must be a whole, non-negative number of seconds");
    }

    private static Actor actor(AdminRequest exchange) {
        return DemoUsers.byName(exchange.onlyHeader("X-Actor")).orElseThrow(() -> HttpError.unauthenticated(
                "name the acting demo user in X-Actor: one of " + String.join(", ", DemoUsers.USERS.keySet())));
    }

    private static OrganizationId org(AdminRequest exchange) {
        return OrganizationId.of(exchange.pathParameter("org"));
    }

    private static ConnectionId id(AdminRequest exchange) {
        return ConnectionId.of(exchange.pathParameter("id"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw HttpError.badRequest("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    private static AuthenticationType type(String value) {
        return switch (value) {
            case "ACCESS_KEY" -> AuthenticationType.ACCESS_KEY;
            case "OAUTH" -> AuthenticationType.OAUTH;
            default -> throw HttpError.badRequest("\"authenticationType\" must be ACCESS_KEY or OAUTH");
        };
    }
}
