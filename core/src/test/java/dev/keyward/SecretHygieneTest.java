package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditListener;
import dev.keyward.spi.StoredConnection;
import dev.keyward.spi.StoredToken;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.Requests;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * R10 end to end: a whole lifecycle through the default SLF4J audit listener, with the log
 * captured. No secret or hash issued shows up in the log, in an exception message or in a
 * {@code toString()}.
 */
@Isolated("captures System.err, where slf4j-simple writes")
class SecretHygieneTest {

    @Test
    void fullLifecycleThenNoSecretInLogsExceptionsOrToString() {
        InMemoryStore store = new InMemoryStore();
        MutableClock clock = MutableClock.startingNow();
        List<String> secrets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Keyward keyward = Fixtures.keyward(store, clock).auditListener(AuditListener.slf4j()).build();
            ConnectionService connections = keyward.connections();

            IssuedCredentials key = connections.create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            IssuedCredentials client = connections.create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            IssuedCredentials newKey = connections.regenerate(ADMIN, ACME, key.connection().id(), Duration.ofHours(1));
            IssuedCredentials newClient = connections.regenerate(SUPER, ACME, client.connection().id());
            for (IssuedCredentials issued : List.of(key, client, newKey, newClient)) {
                secrets.add(issued.secret().reveal());
                texts.add(issued.toString());
                texts.add(issued.secret().toString());
                texts.add(issued.connection().toString());
            }
            store.listConnections(ACME).stream().map(StoredConnection::secretHash).forEach(secrets::add);
            store.listConnections(ACME).stream().map(StoredConnection::toString).forEach(texts::add);
            texts.add(keyward.toString());
            texts.add(keyward.config().toString());

            texts.add(message(() -> connections.create(ADMIN, ACME, "Again", AuthenticationType.ACCESS_KEY)));
            texts.add(message(() -> connections.create(ADMIN, ACME, "x", AuthenticationType.OAUTH)));
            texts.add(message(() -> connections.rename(SUPER, ACME, key.connection().id(), "client")));
            texts.add(message(() -> connections.create(ADMIN, ACME, newKey.secret().reveal(), AuthenticationType.OAUTH)));

            String token = tokenCycle(keyward, newClient, secrets, texts);
            secrets.add(token);
            store.findToken(CredentialLayout.lookupIdOf(token)).map(StoredToken::tokenHash).ifPresent(secrets::add);
            connections.list(ADMIN, ACME);
            connections.delete(ADMIN, ACME, key.connection().id());
            connections.delete(SUPER, ACME, client.connection().id());
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log).contains("action=CREATE_CONNECTION", "action=DELETE_CONNECTION", "outcome=REFUSED");
        assertThat(log).contains("action=ISSUE_TOKEN", "action=VERIFY_REQUEST");
        assertThat(secrets).hasSize(8).allSatisfy(secret -> {
            assertThat(log).doesNotContain(secret);
            assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(secret));
        });
    }

    @Test
    void introspectionRevocationAndLeakReportsThenNoSecretInLogsAnswersOrToString() throws Exception {
        InMemoryStore store = new InMemoryStore();
        MutableClock clock = MutableClock.startingNow();
        java.security.KeyPair github = GitHubSecretScanningTest.keyPair("secp256r1");
        String gatewaySecret = "gateway-secret-0123456789";
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> secrets = new ArrayList<>(List.of(gatewaySecret));
        List<String> texts = new ArrayList<>();
        try {
            // Every event written in full, none summarised: each line is one to look for secrets in.
            Keyward keyward = Fixtures.keyward(store, clock).auditListener(AuditListener.slf4j(Duration.ZERO))
                    .introspectionClient("gateway", gatewaySecret)
                    .githubSecretScanningKey(GitHubSecretScanningTest.KEY_ID, github.getPublic()).build();
            IssuedCredentials key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
            IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            String token = IntrospectionEndpointTest.issueToken(keyward, client);
            secrets.addAll(List.of(key.secret().reveal(), client.secret().reveal(), token));
            for (String secret : List.copyOf(secrets)) {
                TokenResponse introspected = keyward.introspectionEndpoint().handle("POST",
                        RequestHeaders.of("Authorization", Requests.basic("gateway", gatewaySecret),
                                "Content-Type", Requests.FORM),
                        ("token=" + secret + "&token_type_hint=access_key").getBytes(StandardCharsets.US_ASCII));
                texts.add(introspected.body());
                texts.add(introspected.toString());
                texts.add(keyward.introspectionEndpoint().handle("POST",
                        RequestHeaders.of("Authorization", Requests.basic("gateway", secret), "Content-Type",
                                Requests.FORM), "token=x".getBytes(StandardCharsets.US_ASCII)).body());
            }
            texts.add(keyward.revocationEndpoint().handle("POST",
                    Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                    ("token=" + key.secret().reveal()).getBytes(StandardCharsets.US_ASCII)).body());
            String alert = GitHubSecretScanningTest.alert(key.secret().reveal(), token);
            byte[] body = alert.getBytes(StandardCharsets.UTF_8);
            texts.add(keyward.githubSecretScanning().handle("POST", RequestHeaders.of(
                    GitHubSecretScanning.KEY_IDENTIFIER_HEADER, GitHubSecretScanningTest.KEY_ID,
                    GitHubSecretScanning.SIGNATURE_HEADER, GitHubSecretScanningTest.sign(github.getPrivate(), body)),
                    body).body());
            texts.add(keyward.revocationEndpoint().handle("POST",
                    Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                    ("token=" + token).getBytes(StandardCharsets.US_ASCII)).body());
            texts.add(keyward.config().toString());
            texts.add(keyward.introspectionEndpoint().toString());
            texts.add(keyward.githubSecretScanning().toString());
            store.listConnections(ACME).stream().map(StoredConnection::toString).forEach(texts::add);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log).contains("action=INTROSPECT_TOKEN", "action=REVOKE_LEAKED_CREDENTIAL");
        assertThat(secrets).hasSize(4).allSatisfy(secret -> {
            assertThat(log).doesNotContain(secret);
            assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(secret));
        });
    }

    /** Issues a token, uses it, and gets denied with it and with secrets; records every text shown. */
    private static String tokenCycle(Keyward keyward, IssuedCredentials client, List<String> secrets,
            List<String> texts) {
        String clientId = client.connection().clientId();
        TokenResponse issued = keyward.tokenEndpoint().handle("POST",
                Requests.basicForm(clientId, client.secret().reveal()), "grant_type=client_credentials");
        String token = Requests.accessTokenOf(issued.body());
        texts.add(issued.toString());
        texts.add(keyward.tokenEndpoint().handle("POST", Requests.basicForm(clientId, secrets.get(1)),
                "grant_type=client_credentials").toString());
        texts.add(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).toString());
        texts.add(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.EVENT).toString());
        for (String secret : secrets) {
            texts.add(keyward.authenticator().authenticate(Requests.accessKey(secret), ApiFamily.REST).toString());
            texts.add(keyward.authenticator().authenticate(Requests.bearer(secret + "x"), ApiFamily.REST).toString());
        }
        texts.add(keyward.authenticator().toString());
        texts.add(keyward.tokenEndpoint().toString());
        return token;
    }

    private static String message(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(KeywardException.class);
        return thrown.toString();
    }
}
