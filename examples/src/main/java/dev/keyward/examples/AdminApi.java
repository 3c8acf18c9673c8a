package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.Actor;
import dev.keyward.AuthenticationType;
import dev.keyward.ConnectionId;
import dev.keyward.ConnectionService;
import dev.keyward.OrganizationId;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The admin plane of DESIGN §6: {@code /admin/orgs/{org}/connections[/{id}[/regenerate]]},
 * acting as the demo user named by {@code X-Actor}.
 */
final class AdminApi implements SafeHandler.Route {

    private final ConnectionService connections;

    AdminApi(ConnectionService connections) {
        this.connections = connections;
    }

    @Override
    public void handle(Exchange exchange) throws IOException {
        List<String> parts = List.of(exchange.path().substring(1).split("/", -1));
        if (parts.size() < 4 || parts.size() > 6 || !parts.get(1).equals("orgs") || !parts.get(3).equals("connections")
                || parts.size() == 6 && !parts.get(5).equals("regenerate")) {
            throw HttpError.notFound();
        }
        Actor actor = actor(exchange);
        OrganizationId org = OrganizationId.of(parts.get(2));
        if (parts.size() == 4) {
            collection(exchange, actor, org);
        } else {
            ConnectionId id = ConnectionId.of(parts.get(4));
            if (parts.size() == 5) {
                item(exchange, actor, org, id);
            } else {
                regenerate(exchange, actor, org, id);
            }
        }
    }

    private void collection(Exchange exchange, Actor actor, OrganizationId org) throws IOException {
        switch (exchange.method()) {
            case "GET" -> exchange.sendJson(200, connections.list(actor, org).stream().map(ConnectionJson::of).toList());
            case "POST" -> {
                JsonNode body = exchange.jsonBody();
                String name = text(body, "name");
                AuthenticationType type = type(text(body, "authenticationType"));
                exchange.sendJson(201, ConnectionJson.of(connections.create(actor, org, name, type)));
            }
            default -> throw HttpError.methodNotAllowed("GET, POST");
        }
    }

    private void item(Exchange exchange, Actor actor, OrganizationId org, ConnectionId id) throws IOException {
        switch (exchange.method()) {
            case "GET" -> exchange.sendJson(200, ConnectionJson.of(connections.get(actor, org, id)));
            case "PATCH" -> {
                String name = text(exchange.jsonBody(), "name");
                exchange.sendJson(200, ConnectionJson.of(connections.rename(actor, org, id, name)));
            }
            case "DELETE" -> {
                connections.delete(actor, org, id);
                exchange.send(204, Map.of(), null);
            }
            default -> throw HttpError.methodNotAllowed("GET, PATCH, DELETE");
        }
    }

    private void regenerate(Exchange exchange, Actor actor, OrganizationId org, ConnectionId id) throws IOException {
        if (!exchange.method().equals("POST")) {
            throw HttpError.methodNotAllowed("POST");
        }
        Duration grace = Duration.ZERO;
        if (exchange.header("Content-Type") != null) {
            JsonNode seconds = exchange.jsonBody().get("gracePeriodSeconds");
            if (seconds != null && !seconds.isNull()) {
                if (!seconds.canConvertToLong()) {
                    throw HttpError.badRequest("gracePeriodSeconds must be a whole number of seconds");
                }
                grace = Duration.ofSeconds(seconds.asLong());
            }
        }
        exchange.sendJson(200, ConnectionJson.of(connections.regenerate(actor, org, id, grace)));
    }

    private static Actor actor(Exchange exchange) {
        return DemoUsers.byName(exchange.header("X-Actor")).orElseThrow(() -> new HttpError(401, "UNAUTHENTICATED",
                "name the acting demo user in X-Actor: one of " + String.join(", ", DemoUsers.USERS.keySet())));
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
