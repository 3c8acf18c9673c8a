package dev.keyward.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.Actor;
import dev.keyward.ApiFamily;
import dev.keyward.Argon2Parameters;
import dev.keyward.AuthenticationResult;
import dev.keyward.AuthenticationType;
import dev.keyward.CredentialPrefixes;
import dev.keyward.DenialCode;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.TestHashers;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.FailingStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeywardFilterTest {

    static final Argon2Parameters CHEAP = new Argon2Parameters(256, 1, 1);
    static final String PING = "/v1/ping";
    static final String EVENT = "/v1/eventManager/event";

    /**
     * Other forms of the Event API path that Jetty routes to the Event API servlet: path parameters
     * dropped, percent-encoding decoded, dot segments resolved, and a trailing slash, which the test
     * server routes there as JAX-RS and some MVC setups do.
     */
    static final List<String> EVENT_FORMS = List.of(EVENT + "/", EVENT + "/;x=1", EVENT + ";x=1", "/v1/eventManager/%65vent",
            "/v1/eventManager;x=1/event", "/v1;x=1/eventManager/event", "/%76%31/eventManager/event", EVENT + ";",
            "/v1/./eventManager/event", "/v1/x/../eventManager/event", "/x/../v1/eventManager/event");

    /** Forms that read as the Event API path only if decoded loosely, with what Jetty refuses by default. */
    static final List<String> AMBIGUOUS_FORMS = List.of("/v1//eventManager/event", "/v1/eventManager//event",
            "/v1/eventManager/%2e/event", "/v1/x/%2e%2e/eventManager/event", "/v1/eventManager%2Fevent",
            "/v1/eventManager/ev%2565nt", "/v1/eventManager/event%2F");

    final HttpClient http = HttpClient.newHttpClient();
    final FailingStore store = new FailingStore();
    Keyward keyward;
    JettyServer jetty;

    @BeforeAll
    void start() throws Exception {
        keyward = Keyward.builder().store(store).argon2(CHEAP).build();
        jetty = new JettyServer(keyward, ClientAddresses.direct());
    }

    @AfterAll
    void stop() throws Exception {
        jetty.close();
        keyward.close();
    }

    /** A server of its own over a Keyward that admits 10 requests a minute and counts its grants. */
    static final class Counted implements AutoCloseable {
        final AtomicInteger grants = new AtomicInteger();
        final Keyward keyward;
        final JettyServer server;

        Counted() throws Exception {
            keyward = Keyward.builder().store(new InMemoryStore()).argon2(CHEAP).rateLimit(10)
                    .observer(new KeywardObserver() {
                        @Override
                        public void granted(ApiFamily family, AuthenticationType type, OrganizationId organizationId) {
                            grants.incrementAndGet();
                        }
                    }).build();
            server = new JettyServer(keyward, ClientAddresses.direct());
        }

        IssuedCredentials accessKey() {
            return keyward.connections().create(Actor.admin("alice"), newOrg(), "Reporting",
                    AuthenticationType.ACCESS_KEY);
        }

        @Override
        public void close() throws Exception {
            try {
                server.close();
            } finally {
                keyward.close();
            }
        }
    }

    static OrganizationId newOrg() {
        return OrganizationId.of("org-" + UUID.randomUUID());
    }

    IssuedCredentials accessKey(OrganizationId org) {
        return keyward.connections().create(Actor.admin("alice"), org, "Reporting", AuthenticationType.ACCESS_KEY);
    }

    IssuedCredentials oauthClient(OrganizationId org) {
        return keyward.connections().create(Actor.superAdmin("sam"), org, "Billing", AuthenticationType.OAUTH);
    }

    String bearer(IssuedCredentials client) throws Exception {
        HttpResponse<String> token = token("POST", basic(client), "application/x-www-form-urlencoded", "grant_type=client_credentials");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static String basic(IssuedCredentials client) {
        String pair = client.connection().oauthClientId().orElseThrow() + ":" + client.secret().reveal();
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(jetty.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> token(String method, String authorization, String contentType, String body) throws Exception {
        return jetty.token(http, method, authorization, contentType, body);
    }

    /** What core itself answers to these headers, for comparison with what went over the wire. */
    AuthenticationResult.Denied coreDenial(ApiFamily family, String requestId, String... headers) {
        return (AuthenticationResult.Denied) keyward.authenticator().authenticate(RequestHeaders.of(headers), family, requestId);
    }

    static void assertWrittenAsCoreSays(HttpResponse<String> response, AuthenticationResult.Denied denied) {
        assertThat(response.statusCode()).isEqualTo(denied.httpStatus());
        for (Map.Entry<String, String> header : denied.headers().entrySet()) {
            List<String> sent = response.headers().allValues(header.getKey());
            if (header.getKey().equals("Content-Type")) {
                // Jetty writes the charset in lower case; charset names ignore case (RFC 9110 §8.3.2).
                assertThat(sent).singleElement().asString().isEqualToIgnoringCase(header.getValue());
            } else {
                assertThat(sent).as(header.getKey()).containsExactly(header.getValue());
            }
        }
        assertThat(response.body()).isEqualTo(denied.body());
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(
                denied.body().getBytes(StandardCharsets.UTF_8).length);
    }

    /** Sends the request with a request id of its own, checks the answer is core's denial, and that no servlet ran. */
    void assertDenied(DenialCode code, ApiFamily family, String path, String method, String... headers) throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        int served = jetty.served.get();
        List<String> sent = new ArrayList<>(List.of(headers));
        sent.addAll(List.of("X-Request-Id", requestId));

        HttpResponse<String> response = call(method, path, sent.toArray(String[]::new));

        AuthenticationResult.Denied expected = coreDenial(family, requestId, headers);
        assertThat(expected.code()).isEqualTo(code);
        assertWrittenAsCoreSays(response, expected);
        assertThat(jetty.served.get()).as("the chain stopped").isEqualTo(served);
    }

    /** Posts a bearer token to a path that hands the request to the Event API: core's 403, the Event API not reached. */
    void assertBearerKeptOutOfTheEventApi(String path) throws Exception {
        String bearer = bearer(oauthClient(newOrg()));
        int events = jetty.events.get();

        assertDenied(DenialCode.API_FAMILY_FORBIDDEN, ApiFamily.EVENT, path, "POST", "Authorization", "Bearer " + bearer);
        assertThat(jetty.events.get()).as("the Event API was not reached").isEqualTo(events);
    }

    /** Posts with an access key to a path that hands the request to the Event API: reached once, with its principal. */
    void assertAccessKeyReachesTheEventApi(String path) throws Exception {
        IssuedCredentials key = accessKey(newOrg());
        int events = jetty.events.get();

        HttpResponse<String> answer = call("POST", path, "Accesskey", key.secret().reveal());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).startsWith(key.connection().id().value() + " ");
        assertThat(jetty.events.get()).as("the Event API was reached").isEqualTo(events + 1);
    }

    @Nested
    @DisplayName("a granted request reaches the servlet with its principal")
    class Grants {

        @Test
        void accessKeyOnRestAndEventApisThenServletSeesTheConnectionAsUserPrincipal() throws Exception {
            OrganizationId org = newOrg();
            IssuedCredentials key = accessKey(org);
            String expected = key.connection().id().value() + " " + org.value() + " ACCESS_KEY ACCESS_KEY 127.0.0.1";

            HttpResponse<String> ping = call("GET", PING, "Accesskey", key.secret().reveal());
            HttpResponse<String> event = call("POST", EVENT, "accesskey", key.secret().reveal());

            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo(expected);
            assertThat(event.statusCode()).isEqualTo(200);
            assertThat(event.body()).isEqualTo(expected);
        }

        @Test
        @DisplayName("a granted request's user is the connection, in no role, whoever the application had logged in")
        void grantedRequestThenItsUserIsInNoRole() throws Exception {
            IssuedCredentials key = accessKey(newOrg());

            HttpResponse<String> roles = call("GET", "/v1/roles", "Accesskey", key.secret().reveal());

            assertThat(roles.statusCode()).as(roles.body()).isEqualTo(200);
            assertThat(roles.body()).isEqualTo("false " + key.connection().id().value());
        }

        @Test
        void bearerTokenOnRestApiThenGranted() throws Exception {
            OrganizationId org = newOrg();
            IssuedCredentials client = oauthClient(org);

            HttpResponse<String> ping = call("GET", PING, "Authorization", "Bearer " + bearer(client));

            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).startsWith(client.connection().id().value() + " " + org.value() + " OAUTH");
        }
    }

    @Nested
    @DisplayName("traffic limits: a grant carries RateLimit headers, past the limit core's 429 is written")
    class Limits {

        @Test
        void rateOfTwoThenGrantsCarryTheHeadersAndTheThirdIs429AsCoreSays() throws Exception {
            Keyward limited = Keyward.builder().store(store).argon2(CHEAP).rateLimit(2).build();
            try (JettyServer server = new JettyServer(limited, ClientAddresses.direct())) {
                IssuedCredentials key = accessKey(newOrg());
                String value = key.secret().reveal();
                HttpRequest ping = HttpRequest.newBuilder(server.uri(PING)).header("Accesskey", value).GET().build();

                HttpResponse<String> first = http.send(ping, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> second = http.send(ping, HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> third = http.send(ping, HttpResponse.BodyHandlers.ofString());

                assertThat(first.statusCode()).isEqualTo(200);
                assertThat(first.headers().firstValue("RateLimit-Policy")).contains("\"minute\";q=2;w=60");
                assertThat(first.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=1;t=");
                assertThat(second.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=0;t=");
                assertThat(third.statusCode()).isEqualTo(429);
                assertThat(third.headers().firstValue("Retry-After")).isPresent();
                assertThat(third.headers().firstValue("RateLimit").orElseThrow()).startsWith("\"minute\";r=0;t=");
                assertThat(third.body()).contains("RATE_LIMITED");
            } finally {
                limited.close();
            }
        }
    }

    @Nested
    @DisplayName("forwards: an API reached by a forward is checked, a granted request is checked once")
    class Forwards {

        @Test
        @DisplayName("an API forwarded to from a page the filter does not guard is checked there")
        void forwardFromAnUnguardedPageWithoutCredentialsThen401() throws Exception {
            assertDenied(DenialCode.MISSING_CREDENTIALS, ApiFamily.REST, "/public/to-ping", "GET");
        }

        @Test
        @DisplayName("a granted request forwarded to another API is verified and counted once")
        void grantedRequestForwardedBetweenApisThenCheckedOnce() throws Exception {
            try (Counted counted = new Counted()) {
                JettyServer server = counted.server;
                AtomicInteger grants = counted.grants;
                IssuedCredentials key = counted.accessKey();
                HttpRequest forward = HttpRequest.newBuilder(server.uri("/v1/to-ping"))
                        .header("Accesskey", key.secret().reveal()).GET().build();

                HttpResponse<String> forwarded = http.send(forward, HttpResponse.BodyHandlers.ofString());

                assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(200);
                assertThat(forwarded.body()).startsWith(key.connection().id().value() + " ");
                assertThat(grants).as("verified once").hasValue(1);
                assertThat(forwarded.headers().firstValue("RateLimit").orElseThrow()).as("counted once")
                        .startsWith("\"minute\";r=9;t=");
            }
        }

        @Test
        @DisplayName("a bearer token granted on a REST API and forwarded to the Event API is denied there, as core denies it")
        void bearerTokenForwardedToTheEventApiThen403() throws Exception {
            assertBearerKeptOutOfTheEventApi("/v1/to-event");
        }

        @Test
        @DisplayName("a principal the application put in the principal attribute is no grant: the API it forwards to is checked")
        void plantedPrincipalForwardedToAnApiWithoutCredentialsThen401() throws Exception {
            assertDenied(DenialCode.MISSING_CREDENTIALS, ApiFamily.REST, "/public/planted-to-ping", "GET");
        }

        @Test
        @DisplayName("a request one filter granted and forwarded into another filter's paths is authenticated by the other")
        void grantedByOneKeywardForwardedIntoAnotherThenTheOtherAuthenticates() throws Exception {
            try (Keyward internal = Keyward.builder().store(new InMemoryStore()).argon2(CHEAP).build();
                 JettyServer server = new JettyServer(keyward, internal)) {
                String key = accessKey(newOrg()).secret().reveal();
                String requestId = "req-" + UUID.randomUUID();
                int served = server.served.get();

                HttpResponse<String> granted = http.send(HttpRequest.newBuilder(server.uri(PING)).header("Accesskey", key)
                        .build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> forwarded = http.send(HttpRequest.newBuilder(server.uri("/v1/to-internal"))
                        .header("Accesskey", key).header("X-Request-Id", requestId).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
                AuthenticationResult.Denied expected = (AuthenticationResult.Denied) internal.authenticator()
                        .authenticate(RequestHeaders.of("Accesskey", key), ApiFamily.REST, requestId);
                assertThat(expected.code()).isEqualTo(DenialCode.INVALID_CREDENTIALS);
                assertWrittenAsCoreSays(forwarded, expected);
                assertThat(server.served.get()).as("only the direct ping was served").isEqualTo(served + 1);
            }
        }

        @Test
        @DisplayName("an access key granted on a REST API reaches the Event API it is forwarded to")
        void accessKeyForwardedToTheEventApiThenGranted() throws Exception {
            assertAccessKeyReachesTheEventApi("/v1/to-event");
        }
    }

    @Nested
    @DisplayName("error pages: an API serving an error page is checked, a granted request only for its family")
    class ErrorPages {

        @Test
        @DisplayName("a request without credentials whose error page is an API gets core's 401, not the API's answer")
        void errorPageAtAnApiWithoutCredentialsThen401() throws Exception {
            assertDenied(DenialCode.MISSING_CREDENTIALS, ApiFamily.REST, "/nope", "GET");
        }

        @Test
        @DisplayName("a request with an access key whose error page is an API reaches it with its principal")
        void errorPageAtAnApiWithAnAccessKeyThenServedWithItsPrincipal() throws Exception {
            IssuedCredentials key = accessKey(newOrg());

            HttpResponse<String> missing = call("GET", "/nope", "Accesskey", key.secret().reveal());

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).startsWith(key.connection().id().value() + " ");
        }

        @Test
        @DisplayName("an access key granted on a REST API whose error page is the Event API reaches it, verified and counted once")
        void accessKeyGrantedThenErrorPageAtTheEventApiThenCheckedOnce() throws Exception {
            try (Counted counted = new Counted()) {
                IssuedCredentials key = counted.accessKey();
                int events = counted.server.events.get();

                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(counted.server.uri("/v1/conflict"))
                        .header("Accesskey", key.secret().reveal()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
                assertThat(counted.server.events.get()).as("the Event API served the error page").isEqualTo(events + 1);
                assertThat(counted.grants).as("verified once").hasValue(1);
                assertThat(answer.headers().firstValue("RateLimit").orElseThrow()).as("counted once")
                        .startsWith("\"minute\";r=9;t=");
            }
        }

        @Test
        @DisplayName("a bearer token granted on a REST API whose error page is the Event API is denied there")
        void bearerTokenGrantedThenErrorPageAtTheEventApiThen403() throws Exception {
            assertBearerKeptOutOfTheEventApi("/v1/conflict");
        }
    }

    @Nested
    @DisplayName("named dispatches: a servlet reached by its name, which names no path, is judged as an Event API")
    class NamedDispatches {

        @Test
        @DisplayName("a bearer token granted on a REST API that forwards to the Event API servlet by its name is denied there")
        void bearerTokenForwardedByNameToTheEventApiThen403() throws Exception {
            assertBearerKeptOutOfTheEventApi("/v1/to-event-by-name");
        }

        @Test
        @DisplayName("an access key granted on a REST API reaches the Event API servlet it is forwarded to by name")
        void accessKeyForwardedByNameToTheEventApiThenGranted() throws Exception {
            assertAccessKeyReachesTheEventApi("/v1/to-event-by-name");
        }
    }

    @Nested
    @DisplayName("async dispatches: the API an async answer is dispatched to is checked, a granted request once")
    class AsyncDispatches {

        @Test
        @DisplayName("an API an unguarded page dispatches its async answer to is checked there")
        void asyncDispatchFromAnUnguardedPageWithoutCredentialsThen401() throws Exception {
            int served = jetty.served.get();

            assertDenied(DenialCode.MISSING_CREDENTIALS, ApiFamily.REST, "/public/async-ping", "GET");
            assertThat(jetty.served.get()).isEqualTo(served);
        }

        @Test
        @DisplayName("a bearer token granted on a REST API that dispatches its async answer to the Event API is denied there")
        void bearerTokenAsyncDispatchedToTheEventApiThen403() throws Exception {
            assertBearerKeptOutOfTheEventApi("/v1/async-event");
        }

        @Test
        @DisplayName("an access key reaches the API an async answer is dispatched to, or back to, verified and counted once")
        void accessKeyAsyncDispatchedThenGrantedAndCheckedOnce() throws Exception {
            try (Counted counted = new Counted()) {
                JettyServer server = counted.server;
                AtomicInteger grants = counted.grants;
                IssuedCredentials key = counted.accessKey();
                int remaining = 10;
                for (String path : List.of("/v1/async-event", "/v1/async-self")) {
                    int events = server.events.get();
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri(path))
                            .header("Accesskey", key.secret().reveal()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    remaining--;

                    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
                    assertThat(answer.body()).as(path).startsWith(key.connection().id().value() + " ")
                            .contains(" ACCESS_KEY ACCESS_KEY ");
                    assertThat(server.events.get()).as(path).isEqualTo(path.equals("/v1/async-event") ? events + 1 : events);
                    assertThat(answer.headers().firstValue("RateLimit").orElseThrow()).as(path + " counted once")
                            .startsWith("\"minute\";r=" + remaining + ";t=");
                }
                assertThat(grants).as("verified once each").hasValue(2);
            }
        }
    }

    @Nested
    @DisplayName("includes: an included API is judged by its own path, not the including page's")
    class Includes {

        /**
         * Sends a bearer token to a page that includes the Event API: the Event API is never reached, and what
         * the page answers is core's denial of a bearer token there. An included servlet cannot set the answer's
         * status or headers, so only the body tells it.
         */
        void assertBearerKeptOutOfTheIncludedEventApi(String page) throws Exception {
            String bearer = "Bearer " + bearer(oauthClient(newOrg()));
            String requestId = "req-" + UUID.randomUUID();
            int events = jetty.events.get();

            HttpResponse<String> included = call("POST", page, "Authorization", bearer, "X-Request-Id", requestId);

            assertThat(jetty.events.get()).as("the Event API was not reached").isEqualTo(events);
            AuthenticationResult.Denied expected = coreDenial(ApiFamily.EVENT, requestId, "Authorization", bearer);
            assertThat(expected.code()).isEqualTo(DenialCode.API_FAMILY_FORBIDDEN);
            assertThat(included.body()).isEqualTo(expected.body());
        }

        @Test
        @DisplayName("a bearer token granted on a REST API that includes the Event API is denied there")
        void bearerTokenOnARestApiIncludingTheEventApiThenDenied() throws Exception {
            assertBearerKeptOutOfTheIncludedEventApi("/v1/include-event");
        }

        @Test
        @DisplayName("a bearer token sent to an unguarded page that includes the Event API is denied there")
        void bearerTokenOnAnUnguardedPageIncludingTheEventApiThenDenied() throws Exception {
            assertBearerKeptOutOfTheIncludedEventApi("/public/include-event");
        }

        @Test
        @DisplayName("an access key reaches the Event API a page includes")
        void accessKeyOnAPageIncludingTheEventApiThenGranted() throws Exception {
            assertAccessKeyReachesTheEventApi("/public/include-event");
        }
    }

    @Nested
    @DisplayName("a denied request is answered as core denied it and goes no further")
    class Denials {

        @Test
        void noCredentialsThen401MissingCredentials() throws Exception {
            assertDenied(DenialCode.MISSING_CREDENTIALS, ApiFamily.REST, PING, "GET");
        }

        @Test
        void bothCredentialsOrRepeatedHeaderThen400InvalidRequest() throws Exception {
            String key = accessKey(newOrg()).secret().reveal();
            assertDenied(DenialCode.INVALID_REQUEST, ApiFamily.REST, PING, "GET", "Accesskey", key, "Authorization", "Bearer x");
            assertDenied(DenialCode.INVALID_REQUEST, ApiFamily.REST, PING, "GET", "Accesskey", key, "Accesskey", key);
        }

        @Test
        void regeneratedKeyThen401InvalidCredentials() throws Exception {
            OrganizationId org = newOrg();
            IssuedCredentials key = accessKey(org);
            keyward.connections().regenerate(Actor.admin("alice"), org, key.connection().id(), Duration.ZERO);

            assertDenied(DenialCode.INVALID_CREDENTIALS, ApiFamily.REST, PING, "GET", "Accesskey", key.secret().reveal());
        }

        @Test
        void bearerTokenOnTheEventApiThen403ApiFamilyForbidden() throws Exception {
            String bearer = bearer(oauthClient(newOrg()));

            assertDenied(DenialCode.API_FAMILY_FORBIDDEN, ApiFamily.EVENT, EVENT, "POST", "Authorization", "Bearer " + bearer);
        }

        @Test
        @DisplayName("a bearer token on any form of the path the container routes to the Event API is 403 API_FAMILY_FORBIDDEN")
        void bearerTokenOnAnotherFormOfTheEventApiPathThen403ApiFamilyForbidden() throws Exception {
            String key = accessKey(newOrg()).secret().reveal();
            String bearer = bearer(oauthClient(newOrg()));

            for (String form : EVENT_FORMS) {
                int events = jetty.events.get();
                assertThat(call("POST", form, "Accesskey", key).statusCode()).as(form).isEqualTo(200);
                assertThat(jetty.events.get()).as(form + " is routed to the Event API").isEqualTo(events + 1);

                assertDenied(DenialCode.API_FAMILY_FORBIDDEN, ApiFamily.EVENT, form, "POST", "Authorization", "Bearer " + bearer);
            }
        }

        @Test
        @DisplayName("a path the container routes elsewhere is a REST API request, however like the Event API path it reads")
        void pathsRoutedElsewhereThenRestApiRequests() throws Exception {
            String bearer = "Bearer " + bearer(oauthClient(newOrg()));
            int events = jetty.events.get();

            for (String form : List.of("/v1/eventManager/event%3Bx=1", "/v1/eventManager/EVENT", "/v1/eventManager/event.")) {
                assertThat(call("POST", form, "Authorization", bearer).statusCode()).as(form).isEqualTo(200);
            }
            assertThat(jetty.events.get()).isEqualTo(events);
        }

        @Test
        @DisplayName("an ambiguous path never takes a bearer token to the Event API, whatever URI compliance the host sets")
        void ambiguousPathsThenNoBearerTokenReachesTheEventApi() throws Exception {
            String bearer = "Bearer " + bearer(oauthClient(newOrg()));
            for (UriCompliance compliance : List.of(UriCompliance.DEFAULT, UriCompliance.LEGACY, UriCompliance.UNSAFE)) {
                for (boolean decoded : List.of(false, true)) {
                    assertNoBearerReachesTheEventApi(bearer, compliance, decoded);
                }
            }
        }

        /** Ambiguous forms sent with a bearer token to a server of this URI compliance, decoding them for servlets or not. */
        void assertNoBearerReachesTheEventApi(String bearer, UriCompliance compliance, boolean decoded) throws Exception {
            try (JettyServer server = new JettyServer(keyward, ClientAddresses.direct(), "127.0.0.1", compliance, decoded)) {
                for (String form : AMBIGUOUS_FORMS) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(server.uri(form))
                            .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());

                    assertThat(server.events.get()).as(compliance + " decoded " + decoded + " " + form + ": "
                            + answer.statusCode()).isZero();
                }
            }
        }

        @Test
        void storeDownThen503UnavailableWithRetryAfter() throws Exception {
            IssuedCredentials key = accessKey(newOrg());
            String requestId = "req-" + UUID.randomUUID();
            int served = jetty.served.get();
            store.failing = true;
            try {
                HttpResponse<String> response = call("GET", PING, "Accesskey", key.secret().reveal(), "X-Request-Id", requestId);
                AuthenticationResult.Denied expected = coreDenial(ApiFamily.REST, requestId, "Accesskey", key.secret().reveal());

                assertThat(expected.code()).isEqualTo(DenialCode.UNAVAILABLE);
                assertWrittenAsCoreSays(response, expected);
                assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            } finally {
                store.failing = false;
            }
            assertThat(jetty.served.get()).isEqualTo(served);
        }

        @Test
        void argon2SlotsBusyThen503OverloadedAsCoreWritesIt() throws Exception {
            // One Argon2 turn and no wait for it; the hasher holds every check until the test opens it.
            CountingHasher hasher = new CountingHasher();
            try (Keyward busy = TestHashers.withHasher(Keyward.builder().store(new InMemoryStore()), hasher)
                    .maxConcurrentHashes(1).hashQueueTimeout(Duration.ZERO).build();
                 JettyServer server = new JettyServer(busy, ClientAddresses.direct())) {
                String held = busy.connections().create(Actor.admin("alice"), newOrg(), "Key", AuthenticationType.ACCESS_KEY)
                        .secret().reveal();
                String valid = busy.connections().create(Actor.admin("alice"), newOrg(), "Key", AuthenticationType.ACCESS_KEY)
                        .secret().reveal();
                // Well formed, with a real key's lookup id and a valid checksum, so only Argon2 can refuse them.
                CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
                String forgedHeld = codec.issue(CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(held));
                String forgedOther = codec.issue(CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(valid));
                hasher.hold(1);

                CompletableFuture<HttpResponse<String>> holding = http.sendAsync(ping(server, forgedHeld, "holding"),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(hasher.awaitEntered()).as("the forged key holds the only Argon2 turn").isTrue();
                int served = server.served.get();
                for (String key : List.of(forgedOther, valid)) {
                    String requestId = "busy-" + UUID.randomUUID();
                    HttpResponse<String> overloaded = http.send(ping(server, key, requestId),
                            HttpResponse.BodyHandlers.ofString());
                    AuthenticationResult.Denied expected = (AuthenticationResult.Denied) busy.authenticator()
                            .authenticate(RequestHeaders.of("Accesskey", key), ApiFamily.REST, requestId);

                    assertThat(expected.code()).isEqualTo(DenialCode.OVERLOADED);
                    assertWrittenAsCoreSays(overloaded, expected);
                    assertThat(overloaded.headers().firstValue("Retry-After")).hasValue("1");
                }
                assertThat(hasher.verifies()).as("only the held key reached Argon2").isEqualTo(1);
                hasher.open();

                assertThat(holding.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
                HttpResponse<String> granted = http.send(ping(server, valid, "free"), HttpResponse.BodyHandlers.ofString());
                assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
                assertThat(server.served.get()).isEqualTo(served + 1);
                assertThat(hasher.verifies()).isEqualTo(2);
            }
        }

        HttpRequest ping(JettyServer server, String accessKey, String requestId) {
            return HttpRequest.newBuilder(server.uri(PING)).header("Accesskey", accessKey).header("X-Request-Id", requestId)
                    .timeout(Duration.ofSeconds(60)).build();
        }
    }

    @Nested
    @DisplayName("the client address comes from the container unless a proxy is trusted")
    class ClientAddress {

        @Test
        void forwardedForFromAnUntrustedPeerThenIgnored() throws Exception {
            IssuedCredentials key = accessKey(newOrg());

            HttpResponse<String> ping = call("GET", PING, "Accesskey", key.secret().reveal(), "X-Forwarded-For", "203.0.113.7");

            assertThat(ping.body()).endsWith(" 127.0.0.1");
        }

        IssuedCredentials restrictedKey(String... ranges) {
            return keyward.connections().create(Actor.admin("alice"), newOrg(), dev.keyward.NewConnection
                    .builder("Office", AuthenticationType.ACCESS_KEY).allowedIps(List.of(ranges)).build());
        }

        @Test
        @DisplayName("allowed IP ranges are checked against the container's address; a forged X-Forwarded-For changes nothing")
        void allowedRangesAgainstTheRemoteAddress() throws Exception {
            String elsewhere = restrictedKey("10.0.0.0/8").secret().reveal();
            String local = restrictedKey("127.0.0.1/32").secret().reveal();

            HttpResponse<String> denied = call("GET", PING, "Accesskey", elsewhere, "X-Forwarded-For", "10.0.0.1");
            HttpResponse<String> granted = call("GET", PING, "Accesskey", local, "X-Forwarded-For", "10.0.0.1");

            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("\"errorCode\":\"IP_NOT_ALLOWED\"");
            assertThat(granted.statusCode()).isEqualTo(200);
            assertThat(granted.body()).endsWith(" 127.0.0.1");
        }

        @Test
        @DisplayName("behind a trusted proxy, allowed IP ranges are checked against the forwarded client, for keys and tokens")
        void allowedRangesBehindATrustedProxy() throws Exception {
            try (JettyServer proxied = new JettyServer(keyward, ClientAddresses.trustingProxies(List.of("127.0.0.0/8")))) {
                String key = restrictedKey("203.0.113.0/24").secret().reveal();
                IssuedCredentials client = keyward.connections().create(Actor.superAdmin("sam"), newOrg(),
                        dev.keyward.NewConnection.builder("Billing", AuthenticationType.OAUTH)
                                .allowedIps(List.of("203.0.113.0/24")).build());

                assertThat(ping(proxied, key, "203.0.113.7").statusCode()).isEqualTo(200);
                assertThat(ping(proxied, key, "198.51.100.1, 203.0.113.7").statusCode()).isEqualTo(200);
                assertThat(ping(proxied, key, "203.0.113.7, 198.51.100.1").statusCode()).isEqualTo(403);
                assertThat(ping(proxied, key, "203.0.113.7, garbage").statusCode()).isEqualTo(403);
                assertThat(ping(proxied, key, null).statusCode()).isEqualTo(403);

                HttpResponse<String> refused = tokenVia(proxied, client, "198.51.100.1");
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.body()).contains("\"error\":\"unauthorized_client\"").doesNotContain("access_token");
                HttpResponse<String> issued = tokenVia(proxied, client, "203.0.113.9");
                assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
                Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(issued.body());
                assertThat(m.find()).isTrue();
                String bearer = "Bearer " + m.group(1);
                assertThat(pingWith(proxied, "Authorization", bearer, "203.0.113.9").statusCode()).isEqualTo(200);
                assertThat(pingWith(proxied, "Authorization", bearer, "198.51.100.1").statusCode()).isEqualTo(403);
            }
        }

        @Test
        @DisplayName("an IPv6 client, which Jetty gives in brackets, is checked against its ranges and can be a trusted proxy")
        void ipv6PeerOverRealHttpThenCheckedAgainstItsRanges() throws Exception {
            assumeTrue(ipv6Loopback(), "this machine has no IPv6 loopback");
            String local = restrictedKey("::1/128").secret().reveal();
            String elsewhere = restrictedKey("2001:db8::/32").secret().reveal();
            String forwarded = restrictedKey("203.0.113.0/24").secret().reveal();
            try (JettyServer direct = new JettyServer(keyward, ClientAddresses.direct(), "::1", UriCompliance.DEFAULT, false);
                 JettyServer proxied = new JettyServer(keyward, ClientAddresses.trustingProxies(List.of("::1/128")), "::1",
                         UriCompliance.DEFAULT, false)) {
                HttpResponse<String> granted = ping(direct, local, null);
                HttpResponse<String> denied = ping(direct, elsewhere, null);
                HttpResponse<String> viaProxy = ping(proxied, forwarded, "203.0.113.7");

                assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
                assertThat(granted.body()).endsWith(" 0:0:0:0:0:0:0:1");
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(denied.body()).contains("\"errorCode\":\"IP_NOT_ALLOWED\"");
                assertThat(viaProxy.statusCode()).as(viaProxy.body()).isEqualTo(200);
                assertThat(viaProxy.body()).endsWith(" 203.0.113.7");
            }
        }

        static boolean ipv6Loopback() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
                return true;
            } catch (IOException none) {
                return false;
            }
        }

        HttpResponse<String> ping(JettyServer server, String key, String forwardedFor) throws Exception {
            return pingWith(server, "Accesskey", key, forwardedFor);
        }

        HttpResponse<String> pingWith(JettyServer server, String header, String value, String forwardedFor) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(PING)).header(header, value);
            if (forwardedFor != null) {
                request.header("X-Forwarded-For", forwardedFor);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> tokenVia(JettyServer server, IssuedCredentials client, String forwardedFor) throws Exception {
            return http.send(HttpRequest.newBuilder(server.uri("/oauth/token")).header("Authorization", basic(client))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", forwardedFor)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Test
        void forwardedForFromATrustedProxyThenTheNearestUntrustedHop() throws Exception {
            try (JettyServer proxied = new JettyServer(keyward, ClientAddresses.trustingProxies(List.of("127.0.0.1", "10.0.0.2")))) {
                String key = accessKey(newOrg()).secret().reveal();
                HttpResponse<String> ping = http.send(HttpRequest.newBuilder(proxied.uri(PING)).header("Accesskey", key)
                        .header("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2").build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(ping.statusCode()).isEqualTo(200);
                assertThat(ping.body()).endsWith(" 203.0.113.7");
            }
        }

        @Test
        void lookAlikeAddressesFromATrustedProxyThenTheClientIsUnknownNeverTheProxy() throws Exception {
            try (JettyServer proxied = new JettyServer(keyward, ClientAddresses.trustingProxies(List.of("127.0.0.1", "10.0.0.2")))) {
                // The trusted proxy's own range: a garbled hop must not let a request pass as the proxy.
                String key = restrictedKey("10.0.0.0/8").secret().reveal();
                assertThat(ping(proxied, key, "198.51.100.1, 10.0.0.7, 10.0.0.2").statusCode()).isEqualTo(200);
                // An octet over 255, a fifth octet, a host name, a trailing dot: none is an address.
                for (String garbled : List.of("256.1.2.3", "1.2.3.4.5", "localhost", "1.2.3.")) {
                    HttpResponse<String> ping = ping(proxied, key, "198.51.100.1, " + garbled + ", 10.0.0.2");

                    assertThat(ping.statusCode()).as(garbled).isEqualTo(403);
                    assertThat(ping.body()).as(garbled).contains("\"errorCode\":\"IP_NOT_ALLOWED\"");
                }
            }
        }

        @Test
        void plainAndZeroOctetsFromATrustedProxyThenReadAsAddresses() throws Exception {
            try (JettyServer proxied = new JettyServer(keyward, ClientAddresses.trustingProxies(List.of("127.0.0.1")))) {
                String key = accessKey(newOrg()).secret().reveal();
                for (String hop : List.of("0.0.0.0", "255.255.255.255", "192.0.2.10", "2001:db8::7")) {
                    HttpResponse<String> ping = http.send(HttpRequest.newBuilder(proxied.uri(PING)).header("Accesskey", key)
                            .header("X-Forwarded-For", hop).build(), HttpResponse.BodyHandlers.ofString());

                    assertThat(ping.statusCode()).as(hop).isEqualTo(200);
                    assertThat(ping.body()).as(hop).endsWith(" " + java.net.InetAddress.getByName(hop).getHostAddress());
                }
            }
        }
    }
}
