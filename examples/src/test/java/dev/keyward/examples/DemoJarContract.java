package dev.keyward.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a newcomer meets it (DESIGN §6): the jar the build left, started with
 * {@code java -jar} on any free port and a data directory of its own, answering over HTTP,
 * stopped as Ctrl-C stops it; and a malformed command line refused at once. The contract kit
 * starts the demo inside its own JVM, so only this sees the packaging, the dependencies the jar
 * carries, {@code main}'s option parsing and its listening line. Extended once per demo jar and
 * run by Failsafe, after the jar is built.
 */
abstract class DemoJarContract {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(30);
    private static final Duration ANSWER = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER).build();

    /** The jar, relative to its module, where the README says the build leaves it. */
    abstract String jar();

    private Path builtJar() {
        Path jar = Path.of(jar()).toAbsolutePath();
        assertThat(jar).as("the jar `mvn package` leaves").isRegularFile();
        return jar;
    }

    @Test
    @DisplayName("on --port 0 and a fresh --data-dir it prints where it listens, denies a call without a"
            + " credential, lets in the access key it issues, stops on SIGTERM, and never prints the key"
            + " nor a stack trace")
    void startedAsTheReadmeSaysThenServesTheStory() throws Exception {
        Path dataDir = temp.resolve("data");
        try (DemoProcess demo = DemoProcess.start(builtJar(), temp, "--port", "0", "--data-dir", dataDir.toString())) {
            URI uri = demo.awaitListening(START);

            assertDenial(send(request(uri, "/v1/ping").GET()));
            String accessKey = createdAccessKey(uri);
            HttpResponse<String> ping = send(request(uri, "/v1/ping").header("Accesskey", accessKey).GET());
            assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
            assertThat(json(ping).get("org").asText()).isEqualTo("acme");

            demo.stop(STOP);
            assertThat(demo.output()).as("everything the demo printed").doesNotContain(accessKey)
                    .as("a stack trace in what it printed").doesNotContain("\tat ");
        }
        assertThat(dataDir.resolve("keyward.mv.db")).as("the H2 file, under --data-dir").isRegularFile();
    }

    @Test
    @DisplayName("the gateway's credentials given in the environment, not on the command line other users see,"
            + " are the ones introspection accepts, and never printed")
    void introspectionCredentialsFromTheEnvironmentThenAcceptedAndNeverShown() throws Exception {
        String secret = "gw-secret-" + UUID.randomUUID();
        try (DemoProcess demo = DemoProcess.start(builtJar(), temp,
                Map.of("KEYWARD_INTROSPECTION_CREDENTIALS", "gateway:" + secret),
                "--port", "0", "--data-dir", temp.resolve("data").toString())) {
            URI uri = demo.awaitListening(START);
            String form = "token=kwbt_unknown";

            HttpResponse<String> accepted = send(request(uri, "/oauth/introspect")
                    .header("Authorization", basic("gateway", secret))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
            HttpResponse<String> refused = send(request(uri, "/oauth/introspect")
                    .header("Authorization", basic("gateway", secret + "x"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(json(accepted).get("active").asBoolean()).isFalse();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            demo.stop(STOP);
            assertThat(demo.output()).as("everything the demo printed").doesNotContain(secret);
        }
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("stopped (SIGTERM) while a request is in flight, it answers that request before it ends")
    void stoppedWhileARequestIsInFlightThenItIsAnswered() throws Exception {
        try (DemoProcess demo = DemoProcess.start(builtJar(), temp, "--port", "0", "--data-dir",
                temp.resolve("data").toString())) {
            URI uri = demo.awaitListening(START);
            String body = "{\"name\":\"Key\",\"authenticationType\":\"ACCESS_KEY\"}";
            int half = body.length() / 2;
            try (RawConnection connection = new RawConnection(uri)) {
                // 100-continue: the server says it has taken the request up before the body follows.
                connection.write("POST /admin/orgs/stopping/connections HTTP/1.1\r\nHost: localhost\r\n"
                        + "X-Actor: admin\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n");
                assertThat(connection.read(true).status()).as("100 Continue").isEqualTo(100);
                connection.write(body.substring(0, half));

                demo.signalStop();
                demo.awaitOutput("Keyward demo stopping", STOP);
                connection.write(body.substring(half));

                RawConnection.Answer answer = connection.read(false);
                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                assertThat(JsonBodies.JSON.readTree(answer.body()).get("accessKey").asText()).startsWith("kwak_");
            }
            demo.awaitExit(STOP);
            assertThat(demo.output()).doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("a port already in use ends it, non-zero, in a few lines naming the port, without a stack trace")
    void portInUseThenRefusedWithoutAStackTrace() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                DemoProcess demo = DemoProcess.start(builtJar(), temp, "--port", Integer.toString(taken.getLocalPort()),
                        "--data-dir", temp.resolve("data").toString())) {
            assertThat(demo.awaitExit(START)).isNotZero();
            assertThat(demo.output()).contains(Integer.toString(taken.getLocalPort())).doesNotContain("\tat ")
                    .doesNotContainPattern(DemoProcess.LISTENING);
        }
    }

    @Test
    @DisplayName("a --db that is neither PostgreSQL nor H2 is a usage error, refused before any database")
    void foreignDatabaseUrlThenUsage() throws Exception {
        try (DemoProcess demo = DemoProcess.start(builtJar(), temp, "--db", "jdbc:mysql://localhost/app")) {
            assertThat(demo.awaitExit(STOP)).isEqualTo(2);
            assertThat(demo.output()).contains("--db must be a jdbc:postgresql: or jdbc:h2: URL").doesNotContain("\tat ");
        }
    }

    @Test
    @DisplayName("a malformed --port ends it at once, non-zero, with a message naming the option, before any"
            + " database")
    void malformedPortThenRefusedAtOnce() throws Exception {
        Path dataDir = temp.resolve("data");
        String[] options = {"--port", "abc", "--data-dir", dataDir.toString()};
        try (DemoProcess demo = DemoProcess.start(builtJar(), temp, options)) {
            assertThat(demo.awaitExit(STOP)).isNotZero();
            assertThat(demo.output()).contains("--port", "abc").doesNotContainPattern(DemoProcess.LISTENING);
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    @DisplayName("an unknown option ends it, non-zero, naming the option and showing the usage of this very jar")
    void unknownOptionThenUsageOfThisJar() throws Exception {
        try (DemoProcess demo = DemoProcess.start(builtJar(), temp, "--prot", "8080")) {
            assertThat(demo.awaitExit(STOP)).isNotZero();
            String usage = "usage: java -jar " + Path.of(jar()).getFileName() + " ";
            assertThat(demo.output()).contains("unknown option --prot", usage);
        }
    }

    /** The 401 of DESIGN §1, in its JSON shape. */
    private static void assertDenial(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        JsonNode body = json(response);
        assertThat(body.fieldNames()).toIterable().containsExactly("result", "errorCode", "errorDesc", "requestId");
        assertThat(body.get("result").asBoolean(true)).isFalse();
        assertThat(body.get("errorDesc").asText()).isEqualTo("Unauthorized");
    }

    /** A super admin's new Access Key connection in organization acme: its key, shown this once. */
    private String createdAccessKey(URI uri) throws Exception {
        HttpResponse<String> created = send(request(uri, "/admin/orgs/acme/connections").header("X-Actor", "super")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"k\",\"authenticationType\":\"ACCESS_KEY\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String accessKey = json(created).path("accessKey").asText();
        assertThat(accessKey).isNotBlank();
        return accessKey;
    }

    private static HttpRequest.Builder request(URI uri, String path) {
        return HttpRequest.newBuilder(uri.resolve(path)).timeout(ANSWER);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JsonBodies.JSON.readTree(response.body());
    }
}
