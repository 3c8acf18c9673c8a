package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionService;
import dev.keyward.OrganizationId;
import java.io.IOException;
import java.time.Duration;

/**
 * The admin plane: {@code /admin/orgs/{org}/connections[/{id}[/regenerate]]}, acting as the
 * demo user named by {@code X-Actor}. Its operations read an {@link AdminRequest} and return
 * an {@link AdminAnswer}, so that each demo's HTTP glue only routes and writes; those that hash
 * a new secret take turns. Thread-safe.
 */
public final class AdminApi {

    public static final String COLLECTION = "/admin/orgs/{org}/connections";
    public static final String ITEM = COLLECTION + "/{id}";
    public static final String REGENERATE = ITEM + "/regenerate";

    private final ConnectionService connections;
    private final HashingLimit hashing;

    public AdminApi(ConnectionService connections, HashingLimit hashing) {
        this.connections = connections;
        this.hashing = hashing;
    }

    /** Adds the admin routes to the JDK demo's router. */
    void addTo(Router router) {
        router.route("GET", COLLECTION, exchange -> exchange.reply(list(exchange)))
                .route("POST", COLLECTION, exchange -> exchange.reply(create(exchange)))
                .route("GET", ITEM, exchange -> exchange.reply(get(exchange)))
                .route("PATCH", ITEM, exchange -> exchange.reply(rename(exchange)))
                .route("DELETE", ITEM, exchange -> exchange.reply(delete(exchange)))
                .route("POST", REGENERATE, exchange -> exchange.reply(regenerate(exchange)));
    }

    public AdminAnswer list(AdminRequest exchange) throws IOException {
        return new AdminAnswer(200, connections.list(actor(exchange), org(exchange)).stream().map(ConnectionJson::of).toList());
    }

    public AdminAnswer create(AdminRequest exchange) throws IOException {
        return hashing.call(() -> {
            Actor actor = actor(exchange);
            OrganizationId org = org(exchange);
            JsonNode body = exchange.jsonBody();
            String name = text(body, "name");
            AuthenticationType type = type(text(body, "authenticationType"));
            return new AdminAnswer(201, ConnectionJson.of(connections.create(actor, org, name, type)));
        });
    }

    public AdminAnswer get(AdminRequest exchange) throws IOException {
        return new AdminAnswer(200, ConnectionJson.of(connections.get(actor(exchange), org(exchange), id(exchange))));
    }

    public AdminAnswer rename(AdminRequest exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        ConnectionId id = id(exchange);
        String name = text(exchange.jsonBody(), "name");
        return new AdminAnswer(200, ConnectionJson.of(connections.rename(actor, org, id, name)));
    }

    public AdminAnswer delete(AdminRequest exchange) throws IOException {
        connections.delete(actor(exchange), org(exchange), id(exchange));
        return AdminAnswer.noContent();
    }

    public AdminAnswer regenerate(AdminRequest exchange) throws IOException {
        return hashing.call(() -> {
            Actor actor = actor(exchange);
            OrganizationId org = org(exchange);
            ConnectionId id = id(exchange);
            Duration grace = gracePeriod(exchange);
            return new AdminAnswer(200, ConnectionJson.of(connections.regenerate(actor, org, id, grace)));
        });
    }

    /** The optional body {@code {"gracePeriodSeconds": N}}; none means no grace. */
    private static Duration gracePeriod(AdminRequest exchange) throws IOException {
        if (exchange.header("Content-Type") == null) {
            return Duration.ZERO;
        }
        JsonNode seconds = exchange.jsonBody().get("gracePeriodSeconds");
        if (seconds == null || seconds.isNull()) {
            return Duration.ZERO;
        }
        // 1.5, 1e3 and 60.0 are numbers but not whole ones: refused rather than rounded.
        if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
            throw HttpError.badRequest("\"gracePeriodSeconds\" must be a whole number of seconds");
        }
        return Duration.ofSeconds(seconds.longValue());
    }

    private static Actor actor(AdminRequest exchange) {
        return DemoUsers.byName(exchange.header("X-Actor")).orElseThrow(() -> new HttpError(401, "UNAUTHENTICATED",
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
