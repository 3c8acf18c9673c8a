package dev.keyward.spring.secured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.Actor;
import dev.keyward.ApiFamily;
import dev.keyward.AuthenticationResult;
import dev.keyward.AuthenticationType;
import dev.keyward.CredentialPrefixes;
import dev.keyward.IssuedCredentials;
import dev.keyward.Keyward;
import dev.keyward.NewConnection;
import dev.keyward.OrganizationId;
import dev.keyward.RequestHeaders;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.spi.AuditOutcome;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/** A started application with a real server: the security chain as a host configures it. */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=jdbc:h2:mem:secured;DB_CLOSE_DELAY=-1", "keyward.argon2.memory-kib=256",
                "keyward.argon2.iterations=1", "keyward.argon2.parallelism=1",
                "keyward.daily-quota=" + KeywardSecurityTest.DAILY_QUOTA})
class KeywardSecurityTest {

    static final long DAILY_QUOTA = 1_000_000;

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    Keyward keyward;

    @Autowired
    ApplicationContext context;

    /** Where the application's paths begin: its servlet path. */
    String servletPath = "";

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + servletPath + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    IssuedCredentials accessKey() {
        return keyward.connections().create(Actor.admin("a"), OrganizationId.of("org-" + UUID.randomUUID()), "Key",
                AuthenticationType.ACCESS_KEY);
    }

    String bearer() throws Exception {
        IssuedCredentials client = keyward.connections().create(Actor.superAdmin("s"), OrganizationId.of("org-" + UUID.randomUUID()),
                "Client", AuthenticationType.OAUTH);
        String basic = Base64.getEncoder().encodeToString((client.connection().oauthClientId().orElseThrow() + ":"
                + client.secret().reveal()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + servletPath + "/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().allValues("Cache-Control")).containsExactly("no-store");
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Core's own denial for these headers, with the request id the answer carries. */
    /**
     * The key's prefix and lookup id with another secret and a valid checksum: denied only once its row is
     * read and Argon2 has run, as a guesser's key would be.
     */
    private static String wrongSecretOf(IssuedCredentials key) {
        CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
        return codec.issue(CredentialKind.ACCESS_KEY, codec.parse(key.secret().reveal()).lookupId());
    }

    void assertWrittenAsCoreSays(HttpResponse<String> response, ApiFamily family, String... headers) {
        Matcher id = Pattern.compile("\"requestId\":\"([^\"]+)\"").matcher(response.body());
        assertThat(id.find()).as(response.body()).isTrue();
        AuthenticationResult.Denied core = (AuthenticationResult.Denied) keyward.authenticator()
                .authenticate(RequestHeaders.of(headers), family, id.group(1));
        assertThat(response.statusCode()).isEqualTo(core.httpStatus());
        for (Map.Entry<String, String> header : core.headers().entrySet()) {
            assertThat(response.headers().allValues(header.getKey())).as(header.getKey()).containsExactly(header.getValue());
        }
        assertThat(response.body()).isEqualTo(core.body());
    }

    @Test
    void accessKeyThenControllerSeesKeywardPrincipalInTheSecurityContext() throws Exception {
        IssuedCredentials key = accessKey();

        HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key.secret().reveal());

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo(key.connection().organizationId().value() + " " + key.connection().id().value()
                + " ACCESS_KEY true 127.0.0.1");
        assertThat(ping.headers().firstValue("Set-Cookie")).as("stateless").isEmpty();
    }

    @Test
    void theCredentialHeadersAreReadBeneathTheFirewall() throws Exception {
        String key = accessKey().secret().reveal();

        String accept = "text/plain;marker=" + UUID.randomUUID();

        HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key, "Accept", accept);

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        // The firewall is the application's, and checked what the application read through it.
        assertThat(SecuredApplication.FIREWALL_CHECKED).contains(accept).doesNotContain(key);
    }

    @Test
    void accessKeyOnEventApiThenGrantedWithoutCsrfToken() throws Exception {
        IssuedCredentials key = accessKey();

        HttpResponse<String> event = send("POST", "/v1/eventManager/event", "Accesskey", key.secret().reveal());

        assertThat(event.statusCode()).as(event.body()).isEqualTo(200);
        assertThat(event.body()).isEqualTo("event from " + key.connection().id().value());
    }

    @Test
    void missingOrWrongCredentialsThenCoreDenialExactly() throws Exception {
        IssuedCredentials key = accessKey();
        String wrong = wrongSecretOf(key);

        assertWrittenAsCoreSays(send("GET", "/v1/ping"), ApiFamily.REST);
        assertWrittenAsCoreSays(send("GET", "/v1/ping", "Accesskey", wrong), ApiFamily.REST, "Accesskey", wrong);
        assertWrittenAsCoreSays(send("GET", "/v1/ping", "Accesskey", "a", "Authorization", "Bearer b"), ApiFamily.REST,
                "Accesskey", "a", "Authorization", "Bearer b");
    }

    @Test
    void bearerTokenThenRestGrantedAndEventApiForbiddenAsCoreSays() throws Exception {
        String bearer = "Bearer " + bearer();

        assertThat(send("GET", "/v1/ping", "Authorization", bearer).statusCode()).isEqualTo(200);
        HttpResponse<String> event = send("POST", "/v1/eventManager/event", "Authorization", bearer);
        assertThat(event.statusCode()).isEqualTo(403);
        assertWrittenAsCoreSays(event, ApiFamily.EVENT, "Authorization", bearer);
    }

    @Test
    void tokenEndpointAnswersEveryMethodAsCoreDoes() throws Exception {
        HttpResponse<String> get = send("GET", "/oauth/token");

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.body()).contains("\"error\":\"invalid_request\"");
        assertThat(get.headers().allValues("Cache-Control")).containsExactly("no-store");
    }

    @Test
    void unprotectedPathsAreLeftToTheApplication() throws Exception {
        assertThat(send("POST", "/public/echo").statusCode()).as("CSRF still guards the host's own forms").isEqualTo(403);
    }

    /** What is left of the organization's daily quota after this answer, from its {@code RateLimit} header. */
    static long dayRemaining(HttpResponse<String> response) {
        Matcher day = Pattern.compile("\"day\";r=(\\d+)").matcher(response.headers().firstValue("RateLimit").orElseThrow());
        assertThat(day.find()).isTrue();
        return Long.parseLong(day.group(1));
    }

    /** The key sent to this path, then to the ping: the first is answered 200, and counted once. */
    HttpResponse<String> countedOnce(IssuedCredentials key, String path) throws Exception {
        HttpResponse<String> first = send("GET", path, "Accesskey", key.secret().reveal());
        HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key.secret().reveal());

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(dayRemaining(ping)).as(path + " was counted once").isEqualTo(DAILY_QUOTA - 2);
        return first;
    }

    @Test
    void anAnswerGivenOnAnotherThreadIsCountedOnceAgainstTheQuota() throws Exception {
        IssuedCredentials key = accessKey();

        HttpResponse<String> later = countedOnce(key, "/v1/later");

        assertThat(later.body()).isEqualTo("later for " + key.connection().id().value());
        assertThat(dayRemaining(later)).isEqualTo(DAILY_QUOTA - 1);
    }

    @Test
    void anApiReachedByAForwardFromAnUnprotectedPageIsCheckedThere() throws Exception {
        IssuedCredentials key = accessKey();

        HttpResponse<String> forwarded = send("GET", "/public/to-ping", "Accesskey", key.secret().reveal());
        HttpResponse<String> withoutKey = send("GET", "/public/to-ping");

        assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(200);
        assertThat(forwarded.body()).startsWith(key.connection().organizationId().value() + " "
                + key.connection().id().value() + " ACCESS_KEY true");
        assertThat(dayRemaining(forwarded)).isEqualTo(DAILY_QUOTA - 1);
        assertWrittenAsCoreSays(withoutKey, ApiFamily.REST);
    }

    @Test
    @DisplayName("a principal the application put in the principal attribute is no grant: the API it forwards to is checked")
    void aPlantedPrincipalForwardedToAnApiIsCheckedThere() throws Exception {
        assertWrittenAsCoreSays(send("GET", "/public/planted-to-ping"), ApiFamily.REST);
    }

    @Test
    @DisplayName("a bearer token granted on a REST API that fails, its error page at an Event API, is denied there")
    void bearerTokenGrantedThenErrorPageAtAnEventApiThenForbidden() throws Exception {
        assertBearerKeptOutOfTheEventApi("/v1/fails");
    }

    @Test
    @DisplayName("a request without credentials to a page that fails, its error page at an API, gets core's 401 there")
    void withoutCredentialsThenErrorPageAtAnApiThenCoreDenial() throws Exception {
        int events = SecuredApplication.EVENTS.get();

        HttpResponse<String> failed = send("GET", "/public/fails");

        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(401);
        assertWrittenAsCoreSays(failed, ApiFamily.EVENT);
        assertThat(SecuredApplication.EVENTS).hasValue(events);
    }

    @Test
    @DisplayName("a page of the application that fails is still answered by Spring Boot's own error page")
    void unprotectedPageThatFailsThenSpringBootsErrorPage() throws Exception {
        HttpResponse<String> broken = send("GET", "/public/broken");

        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("\"status\":500").contains("\"path\":\"/public/broken\"")
                .doesNotContain("errorCode");
    }

    @Test
    void aGrantedRequestForwardedToAnotherApiIsCountedOnce() throws Exception {
        IssuedCredentials key = accessKey();

        HttpResponse<String> forwarded = countedOnce(key, "/v1/to-ping");

        assertThat(forwarded.body()).startsWith(key.connection().organizationId().value() + " ");
    }

    @Test
    @DisplayName("a bearer token granted on a REST API and forwarded to an Event API is denied there as core denies it")
    void bearerTokenForwardedFromRestToEventApiThenForbidden() throws Exception {
        assertBearerKeptOutOfTheEventApi("/v1/to-event");
    }

    @Test
    @DisplayName("an access key granted on a REST API reaches the Event API it is forwarded to, counted once")
    void accessKeyForwardedFromRestToEventApiThenGrantedAndCountedOnce() throws Exception {
        assertAccessKeyReachesTheEventApiCountedOnce("/v1/to-event");
    }

    @Test
    @DisplayName("an API an unprotected page dispatches its async answer to is checked there")
    void anApiReachedByAnAsyncDispatchFromAnUnprotectedPageIsCheckedThere() throws Exception {
        assertWrittenAsCoreSays(send("GET", "/public/async-ping"), ApiFamily.REST);
    }

    @Test
    @DisplayName("a bearer token granted on a REST API that dispatches its async answer to an Event API is denied there")
    void bearerTokenAsyncDispatchedFromRestToEventApiThenForbidden() throws Exception {
        assertBearerKeptOutOfTheEventApi("/v1/async-event");
    }

    @Test
    @DisplayName("an access key granted on a REST API reaches the Event API its async answer is dispatched to, counted once")
    void accessKeyAsyncDispatchedFromRestToEventApiThenGrantedAndCountedOnce() throws Exception {
        assertAccessKeyReachesTheEventApiCountedOnce("/v1/async-event");
    }

    /**
     * Posts a bearer token granted on a REST API to a path that hands it to an Event API: denied there as core
     * denies it, and the Event API not reached.
     */
    private void assertBearerKeptOutOfTheEventApi(String path) throws Exception {
        String bearer = "Bearer " + bearer();
        int events = SecuredApplication.EVENTS.get();

        HttpResponse<String> answer = send("POST", path, "Authorization", bearer);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(answer.body()).contains("\"errorCode\":\"API_FAMILY_FORBIDDEN\"").doesNotContain("event from");
        assertWrittenAsCoreSays(answer, ApiFamily.EVENT, "Authorization", bearer);
        assertThat(SecuredApplication.EVENTS).as("the Event API was not reached").hasValue(events);
    }

    /**
     * Posts an access key to a path that hands it to an Event API: the Event API answers, and the request is
     * counted once against the daily quota (a ping afterwards finds two spent).
     */
    private void assertAccessKeyReachesTheEventApiCountedOnce(String path) throws Exception {
        IssuedCredentials key = accessKey();

        HttpResponse<String> answer = send("POST", path, "Accesskey", key.secret().reveal());
        HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key.secret().reveal());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("event from " + key.connection().id().value());
        assertThat(dayRemaining(ping)).isEqualTo(DAILY_QUOTA - 2);
    }

    @Test
    @DisplayName("a bearer token granted on a REST API that includes an Event API is kept out of it, judged by the included path")
    void bearerTokenOnARestApiIncludingTheEventApiThenTheEventApiIsNotReached() throws Exception {
        String bearer = "Bearer " + bearer();
        int events = SecuredApplication.EVENTS.get();

        HttpResponse<String> included = send("POST", "/v1/include-event", "Authorization", bearer);

        assertThat(SecuredApplication.EVENTS).as("the Event API was not reached").hasValue(events);
        // An include cannot set the answer's status or headers: the denial shows in the body only.
        assertThat(included.body()).contains("\"errorCode\":\"API_FAMILY_FORBIDDEN\"").doesNotContain("event from");
    }

    @Test
    void aGrantGivesASessionTheRequestAlreadyHadANewId() throws Exception {
        String key = accessKey().secret().reveal();
        HttpResponse<String> started = send("GET", "/public/session");
        String cookie = started.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

        HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key, "Cookie", cookie);

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(cookie).isEqualTo("JSESSIONID=" + started.body());
        assertThat(ping.headers().firstValue("Set-Cookie")).as("session fixation").hasValueSatisfying(renewed -> assertThat(
                renewed.split(";")[0]).startsWith("JSESSIONID=").isNotEqualTo(cookie));
    }

    @Test
    void eachRequestIsCheckedOnceAndNoKeywardFilterIsAServletFilterBean() throws Exception {
        String requestId = "once-" + UUID.randomUUID();
        String wrong = wrongSecretOf(accessKey());
        int before = SecuredApplication.AUDIT.size();

        assertThat(send("GET", "/v1/ping", "Accesskey", wrong, "X-Request-Id", requestId).statusCode()).isEqualTo(401);

        List<dev.keyward.spi.AuditEvent> denials = SecuredApplication.AUDIT.subList(before, SecuredApplication.AUDIT.size())
                .stream().filter(e -> e.outcome() == AuditOutcome.REFUSED).toList();
        assertThat(denials).hasSize(1);
        assertThat(context.getBeansOfType(Filter.class).values())
                .noneMatch(f -> f.getClass().getPackageName().startsWith("dev.keyward"));
    }

    /**
     * The same application in another configuration: its own context and server, which the helpers above
     * serve once it has handed them its port and its Keyward.
     */
    abstract class OtherConfiguration {

        @LocalServerPort
        int otherPort;

        @Autowired
        Keyward otherKeyward;

        @BeforeEach
        void serveTheHelpers() {
            port = otherPort;
            keyward = otherKeyward;
        }
    }

    @Nested
    @DisplayName("with server.forward-headers-strategy=framework")
    @TestPropertySource(properties = {"server.forward-headers-strategy=framework",
            "spring.datasource.url=jdbc:h2:mem:secured-forwarded;DB_CLOSE_DELAY=-1"})
    class BehindSpringsForwardedHeaderFilter extends OtherConfiguration {

        @Test
        @DisplayName("an X-Forwarded-For from any client does not pass an allowlist: the socket's peer is checked")
        void forwardedForFromAnyClientThenTheContainersRemoteAddressIsChecked() throws Exception {
            IssuedCredentials key = keyward.connections().create(Actor.admin("a"), OrganizationId.of("org-" + UUID.randomUUID()),
                    NewConnection.builder("Key", AuthenticationType.ACCESS_KEY).allowedIps(List.of("10.0.0.0/8")).build());

            HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key.secret().reveal(),
                    "X-Forwarded-For", "10.1.2.3");

            assertThat(ping.statusCode()).as(ping.body()).isEqualTo(403);
            assertThat(ping.body()).contains("\"errorCode\":\"IP_NOT_ALLOWED\"");
            // Core's own answer for an address outside the ranges.
            assertWrittenAsCoreSays(ping, ApiFamily.REST, "Accesskey", key.secret().reveal());
        }
    }

    @Nested
    @DisplayName("with spring.mvc.servlet.path=/api")
    @TestPropertySource(properties = {"spring.mvc.servlet.path=/api",
            "spring.datasource.url=jdbc:h2:mem:secured-api;DB_CLOSE_DELAY=-1"})
    class BeneathAServletPath extends OtherConfiguration {

        @BeforeEach
        void pathsBeginWithTheServletPath() {
            servletPath = "/api";
        }

        @Test
        @DisplayName("the API patterns are read beneath the servlet path, as Spring Security reads its own")
        void accessKeyThenGranted() throws Exception {
            IssuedCredentials key = accessKey();

            HttpResponse<String> ping = send("GET", "/v1/ping", "Accesskey", key.secret().reveal());

            assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
            assertThat(ping.body()).startsWith(key.connection().organizationId().value() + " ");
        }

        @Test
        @DisplayName("a bearer token from the token endpoint beneath the servlet path is forbidden on the Event API there")
        void bearerTokenOnEventApiThenForbidden() throws Exception {
            String bearer = "Bearer " + bearer();

            HttpResponse<String> event = send("POST", "/v1/eventManager/event", "Authorization", bearer);

            assertThat(event.statusCode()).as(event.body()).isEqualTo(403);
            assertWrittenAsCoreSays(event, ApiFamily.EVENT, "Authorization", bearer);
        }
    }
}
