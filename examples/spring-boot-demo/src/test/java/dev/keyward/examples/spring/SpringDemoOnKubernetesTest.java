package dev.keyward.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.examples.DemoOptions;
import dev.keyward.examples.JsonBodies;
import dev.keyward.examples.RunningDemo;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spring Boot demo started as on Kubernetes, where Boot, left to its defaults, takes the client's
 * address from {@code X-Forwarded-For} whenever the socket's peer is a private or loopback address: any
 * pod of the cluster could then name an address its key is allowed. The demo trusts no proxy there either.
 */
class SpringDemoOnKubernetesTest {

    @TempDir
    static Path dataDir;

    private static RunningDemo demo;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startAsOnKubernetes() {
        demo = SpringDemo.start(new DemoOptions("127.0.0.1", 0, null, null, null, dataDir),
                Map.of("spring.main.cloud-platform", "kubernetes"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    /** An access key of a new organization, allowed the given ranges. */
    String keyAllowing(String ranges) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(demo.uri().resolve(
                "/admin/orgs/org-" + UUID.randomUUID() + "/connections")).header("X-Actor", "admin")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Key\",\"authenticationType\":\"ACCESS_KEY\","
                        + "\"allowedIps\":" + ranges + "}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JsonBodies.JSON.readTree(created.body()).get("accessKey").asText();
    }

    HttpResponse<String> pingForwardedFor(String accessKey, String forwardedFor) throws Exception {
        return http.send(HttpRequest.newBuilder(demo.uri().resolve("/v1/ping")).header("Accesskey", accessKey)
                .header("X-Forwarded-For", forwardedFor).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forwardedForFromLoopbackIsNotTheClientAndTheSocketsAddressIsChecked() throws Exception {
        String elsewhere = keyAllowing("[\"10.0.0.0/8\"]");
        String local = keyAllowing("[\"127.0.0.1/32\"]");

        HttpResponse<String> refused = pingForwardedFor(elsewhere, "10.1.2.3");
        HttpResponse<String> granted = pingForwardedFor(local, "10.1.2.3");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        JsonNode denial = JsonBodies.JSON.readTree(refused.body());
        assertThat(denial.get("errorCode").asText()).isEqualTo("IP_NOT_ALLOWED");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
    }
}
