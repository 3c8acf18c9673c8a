package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionService;
import dev.keyward.OrganizationId;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * The admin plane: {@code /admin/orgs/{org}/connections[/{id}[/regenerate]]}, acting as the
 * demo user named by {@code X-Actor}.
 */
final class AdminApi {

    private static final String COLLECTION = "/admin/orgs/{org}/connections";
    private static final String ITEM = COLLECTION + "/{id}";

    private final ConnectionService connections;
    private final HashingLimit hashing;

    AdminApi(ConnectionService connections, HashingLimit hashing) {
        this.connections = connections;
        this.hashing = hashing;
    }

    /** Adds the admin routes; those that hash a new secret take turns. */
    void addTo(Router router) {
        router.route("GET", COLLECTION, this::list)
                .route("POST", COLLECTION, hashing.around(this::create))
                .route("GET", ITEM, this::get)
                .route("PATCH", ITEM, this::rename)
                .route("DELETE", ITEM, this::delete)
                .route("POST", ITEM + "/regenerate", hashing.around(this::regenerate));
    }

    private void list(Exchange exchange) throws IOException {
        exchange.sendJson(200, connections.list(actor(exchange), org(exchange)).stream().map(ConnectionJson::of).toList());
    }

    private void create(Exchange exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        JsonNode body = exchange.jsonBody();
        String name = text(body, "name");
        AuthenticationType type = type(text(body, "authenticationType"));
        exchange.sendJson(201, ConnectionJson.of(connections.create(actor, org, name, type)));
    }

    private void get(Exchange exchange) throws IOException {
        exchange.sendJson(200, ConnectionJson.of(connections.get(actor(exchange), org(exchange), id(exchange))));
    }

    private void rename(Exchange exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        ConnectionId id = id(exchange);
        String name = text(exchange.jsonBody(), "name");
        exchange.sendJson(200, ConnectionJson.of(connections.rename(actor, org, id, name)));
    }

    private void delete(Exchange exchange) throws IOException {
        connections.delete(actor(exchange), org(exchange), id(exchange));
        exchange.send(204, Map.of(), null);
    }

    private void regenerate(Exchange exchange) throws IOException {
        Actor actor = actor(exchange);
        OrganizationId org = org(exchange);
        ConnectionId id = id(exchange);
        Duration grace = gracePeriod(exchange);
        exchange.sendJson(200, ConnectionJson.of(connections.regenerate(actor, org, id, grace)));
    }

    /** The optional body {@code {"gracePeriodSeconds": N}}; none means no grace. */
    private static Duration gracePeriod(Exchange exchange) throws IOException {
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

    private static Actor actor(Exchange exchange) {
        return DemoUsers.byName(exchange.header("X-Actor")).orElseThrow(() -> new HttpError(401, "UNAUTHENTICATED",
                "name the acting demo user in X-Actor: one of " + String.join(", ", DemoUsers.USERS.keySet())));
    }

    private static OrganizationId org(Exchange exchange) {
        return OrganizationId.of(exchange.pathParameter("org"));
    }

    private static ConnectionId id(Exchange exchange) {
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
