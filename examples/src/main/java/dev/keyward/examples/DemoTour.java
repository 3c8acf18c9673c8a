package dev.keyward.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.CredentialFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Walks the story of the "Generate REST API Key" feature against a running demo server and
 * prints each step with its HTTP status. Exits with 1 at the first step that answers otherwise.
 * Usage: {@code DemoTour http://127.0.0.1:8080}.
 */
public final class DemoTour {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final PrintStream out;
    private final String org = "tour-" + UUID.randomUUID().toString().substring(0, 8);
    private int step;

    DemoTour(URI base, PrintStream out) {
        this.base = base;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DemoTour http://HOST:PORT");
            System.exit(2);
        }
        boolean passed = new DemoTour(URI.create(args[0]), System.out).run();
        System.exit(passed ? 0 : 1);
    }

    /** Runs every step; true when each answered as the story says. */
    boolean run() throws IOException, InterruptedException {
        out.println("Tour of organization " + org + " on " + base);
        try {
            story();
            out.println("Tour passed: " + step + " steps.");
            return true;
        } catch (TourFailure e) {
            out.println("Tour FAILED: " + e.getMessage());
            return false;
        }
    }

    private void story() throws IOException, InterruptedException {
        JsonNode key = expect(201, "admin creates an Access Key connection",
                admin("admin", "POST", "", "{\"name\":\"Reporting\",\"authenticationType\":\"ACCESS_KEY\"}"));
        String oldKey = key.get("accessKey").asText();
        expect(200, "REST call with the access key", api("GET", "/v1/ping", "Accesskey", oldKey));
        JsonNode regenerated = expect(200, "admin regenerates the access key",
                admin("admin", "POST", "/" + key.get("id").asText() + "/regenerate", null));
        String newKey = regenerated.get("accessKey").asText();
        expect(401, "REST call with the old key", api("GET", "/v1/ping", "Accesskey", oldKey));
        expect(200, "REST call with the new key", api("GET", "/v1/ping", "Accesskey", newKey));
        expect(403, "admin tries to create M2M OAuth credentials",
                admin("admin", "POST", "", oauth("Billing sync")));
        JsonNode client = expect(201, "super admin creates M2M OAuth credentials",
                admin("super", "POST", "", oauth("Billing sync")));
        JsonNode token = expect(200, "client credentials grant for a bearer token", token(client));
        String bearer = "Bearer " + token.get("access_token").asText();
        expect(200, "REST call with the bearer token", api("GET", "/v1/ping", "Authorization", bearer));
        expect(403, "Event API call with the bearer token",
                api("POST", "/v1/eventManager/event", "Authorization", bearer));
        expect(200, "Event API call with the access key",
                api("POST", "/v1/eventManager/event", "Accesskey", newKey));
        for (int i = 2; i <= 15; i++) {
            send(admin("super", "POST", "", oauth("Client " + i)));
        }
        out.printf("      (super admin creates M2M OAuth connections 2 to 15)%n");
        expect(409, "super admin creates a 16th M2M OAuth connection", admin("super", "POST", "", oauth("Client 16")));
    }

    private static String oauth(String name) {
        return "{\"name\":\"" + name + "\",\"authenticationType\":\"OAUTH\"}";
    }

    private HttpRequest admin(String actor, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/admin/orgs/" + org + "/connections" + path))
                .header("X-Actor", actor);
        if (json == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest api(String method, String path, String header, String value) {
        return HttpRequest.newBuilder(base.resolve(path)).header(header, value)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private HttpRequest token(JsonNode client) {
        String basic = client.get("clientId").asText() + ":" + client.get("clientSecret").asText();
        return HttpRequest.newBuilder(base.resolve("/oauth/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode expect(int status, String what, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request);
        step++;
        boolean ok = response.statusCode() == status;
        out.printf("%2d. %-55s %s %d%s%n", step, what, request.method(), response.statusCode(), ok ? "" : "  (expected " + status + ")");
        if (!ok) {
            throw new TourFailure("step " + step + " (" + what + ") answered " + response.statusCode() + ": "
                    + withoutCredentials(response.body()));
        }
        String body = response.body();
        return body == null || body.isEmpty() ? Exchange.JSON.nullNode() : Exchange.JSON.readTree(body);
    }

    /**
     * The body with every word that has the shape of a credential hidden: an answer that should have been a
     * refusal may carry a live secret, and the failure is printed (and kept in a CI log).
     */
    static String withoutCredentials(String body) {
        if (body == null) {
            return "";
        }
        Matcher words = WORD.matcher(body);
        StringBuilder shown = new StringBuilder();
        while (words.find()) {
            words.appendReplacement(shown, CredentialFormat.hasCredentialShape(words.group()) ? "(hidden)"
                    : Matcher.quoteReplacement(words.group()));
        }
        return words.appendTail(shown).toString();
    }

    private static final Pattern WORD = Pattern.compile("[0-9A-Za-z_]+");

    private static final class TourFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TourFailure(String message) {
            super(message, null, false, false);
        }
    }
}
