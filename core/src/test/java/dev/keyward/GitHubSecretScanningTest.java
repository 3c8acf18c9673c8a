package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditAction;
import dev.keyward.spi.AuditActorKind;
import dev.keyward.spi.AuditCode;
import dev.keyward.spi.AuditOutcome;
import dev.keyward.spi.ForwardingStore;
import dev.keyward.spi.KeywardObserver;
import dev.keyward.spi.StoredConnection;
import dev.keyward.testing.CountingHasher;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.TokensFromBefore;
import dev.keyward.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GitHubSecretScanningTest {

    static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";

    private final MutableClock clock = MutableClock.startingNow();
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private final InMemoryStore shared = new InMemoryStore();
    private final KeyPair github = keyPair("secp256r1");
    private Keyward keyward;
    private Keyward otherNode;
    private IssuedCredentials key;
    private IssuedCredentials client;

    @BeforeEach
    void setUp() {
        keyward = node().auditListener(audit).build();
        otherNode = node().build();
        key = keyward.connections().create(ADMIN, ACME, "Key", AuthenticationType.ACCESS_KEY);
        client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
    }

    private Keyward.Builder node() {
        return Fixtures.keyward(shared, clock).githubSecretScanningKey(KEY_ID, github.getPublic());
    }

    @AfterEach
    void tearDown() {
        keyward.close();
        otherNode.close();
    }

    static KeyPair keyPair(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(PrivateKey key, byte[] body) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String alert(String... tokens) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < tokens.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"token\":\"").append(tokens[i])
                    .append("\",\"type\":\"keyward_credential\",\"url\":\"https://github.com/octo/repo/blob/x/a.txt\","
                            + "\"source\":\"content\"}");
        }
        return json.append("]").toString();
    }

    private TokenResponse send(Keyward node, String keyId, String signature, byte[] body) {
        return node.githubSecretScanning().handle("POST", RequestHeaders.of(GitHubSecretScanning.KEY_IDENTIFIER_HEADER,
                keyId, GitHubSecretScanning.SIGNATURE_HEADER, signature, "Content-Type", "application/json"), body);
    }

    private TokenResponse sendSigned(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(keyward, KEY_ID, sign(github.getPrivate(), body), body);
    }

    private boolean grantedOn(Keyward node, String accessKey) {
        return node.authenticator().authenticate(Requests.accessKey(accessKey), ApiFamily.REST).granted();
    }

    private Connection stored(IssuedCredentials c) {
        return keyward.connections().get(ADMIN, ACME, c.connection().id());
    }

    private static String sha256(String value) throws GeneralSecurityException {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("a signed alert of a live access key revokes it at once on both nodes, marks and audits it")
    void validAlertRevokesAccessKeyEverywhere() throws Exception {
        String accessKey = key.secret().reveal();
        assertThat(grantedOn(otherNode, accessKey)).isTrue();

        TokenResponse response = sendSigned(alert(accessKey));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Cache-Control", "no-store");
        JsonNode labels = Requests.json(response.body());
        assertThat(labels).hasSize(1);
        assertThat(labels.get(0).get("token_hash").asText()).isEqualTo(sha256(accessKey));
        assertThat(labels.get(0).get("token_type").asText()).isEqualTo("keyward_credential");
        assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(response.body()).doesNotContain(accessKey);
        assertThat(grantedOn(keyward, accessKey)).isFalse();
        assertThat(grantedOn(otherNode, accessKey)).as("the other node, told by the revocation log").isFalse();
        assertThat(stored(key).leakedAt()).isEqualTo(clock.instant());
        assertThat(audit.events(AuditAction.REVOKE_LEAKED_CREDENTIAL)).singleElement()
                .satisfies(e -> assertThat(e.connectionId()).isEqualTo(key.connection().id()))
                .satisfies(e -> assertThat(e.organizationId()).isEqualTo(key.connection().organizationId()))
                .satisfies(e -> assertThat(e.authenticationType()).isEqualTo(AuthenticationType.ACCESS_KEY))
                .satisfies(e -> assertThat(e.actorId()).as("the scanner acted, not the leaked connection")
                        .isEqualTo("github-secret-scanning"))
                .satisfies(e -> assertThat(e.actorKind()).isEqualTo(AuditActorKind.SECRET_SCANNER))
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(AuditOutcome.SUCCESS));
    }

    @Test
    @DisplayName("the connection stays leaked until its owner regenerates; the new key works, the leak mark is gone")
    void regenerateClearsTheLeak() {
        sendSigned(alert(key.secret().reveal()));

        IssuedCredentials next = keyward.connections().regenerate(ADMIN, ACME, key.connection().id(),
                Duration.ofHours(1));

        assertThat(next.connection().leakedAt()).isNull();
        assertThat(stored(key).leakedAt()).isNull();
        assertThat(grantedOn(otherNode, next.secret().reveal())).isTrue();
        assertThat(grantedOn(keyward, key.secret().reveal())).as("no grace for a leaked key").isFalse();
    }

    @Test
    @DisplayName("a replayed alert of a key answers the same and changes nothing more")
    void replayedAlertIsIdempotent() {
        String body = alert(key.secret().reveal());
        TokenResponse first = sendSigned(body);
        Connection afterFirst = stored(key);
        clock.advance(Duration.ofMinutes(5));

        TokenResponse replay = sendSigned(body);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(stored(key)).isEqualTo(afterFirst);
        assertThat(audit.events(AuditAction.REVOKE_LEAKED_CREDENTIAL)).hasSize(1);
    }

    @Test
    @DisplayName("a replayed alert of a bearer token finds nothing left of it: false_positive, nothing more revoked")
    void replayedTokenAlertFindsNothingLeft() {
        String leaked = IntrospectionEndpointTest.issueToken(keyward, client);
        String other = IntrospectionEndpointTest.issueToken(keyward, client);
        String body = alert(leaked);
        assertThat(Requests.json(sendSigned(body).body()).get(0).get("label").asText()).isEqualTo("true_positive");

        TokenResponse replay = sendSigned(body);

        assertThat(replay.status()).isEqualTo(200);
        assertThat(Requests.json(replay.body()).get(0).get("label").asText()).isEqualTo("false_positive");
        assertThat(audit.events(AuditAction.REVOKE_LEAKED_CREDENTIAL)).hasSize(1);
        assertThat(bearerGrantedOn(otherNode, other)).isTrue();
        assertThat(bearerGrantedOn(otherNode, leaked)).isFalse();
    }

    @Test
    @DisplayName("a tampered body is refused and changes nothing")
    void tamperedBodyChangesNothing() {
        byte[] signed = alert(client.secret().reveal()).getBytes(StandardCharsets.UTF_8);
        String signature = sign(github.getPrivate(), signed);
        byte[] tampered = alert(key.secret().reveal()).getBytes(StandardCharsets.UTF_8);

        TokenResponse response = send(keyward, KEY_ID, signature, tampered);

        assertThat(response.status()).isEqualTo(401);
        assertThat(audit.events(AuditAction.RECEIVE_LEAK_REPORT)).singleElement()
                .satisfies(e -> assertThat(e.code()).isEqualTo(AuditCode.INVALID_SIGNATURE));
        assertUntouched();
    }

    @Test
    @DisplayName("an unknown key identifier is refused, even with a valid signature of another key")
    void unknownKeyIdChangesNothing() {
        byte[] body = alert(key.secret().reveal()).getBytes(StandardCharsets.UTF_8);
        KeyPair stranger = keyPair("secp256r1");

        TokenResponse unknown = send(keyward, "another-key", sign(github.getPrivate(), body), body);
        TokenResponse forged = send(keyward, KEY_ID, sign(stranger.getPrivate(), body), body);

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(401);
        assertThat(unknown.body()).as("the same answer: no oracle").isEqualTo(forged.body());
        assertThat(audit.events(AuditAction.RECEIVE_LEAK_REPORT)).extracting(e -> e.code())
                .as("a rotated key is told apart in the audit trail")
                .containsExactly(AuditCode.UNKNOWN_SIGNING_KEY, AuditCode.INVALID_SIGNATURE);
        assertUntouched();
    }

    @Test
    @DisplayName("a key on another curve is refused when configured and when read from PEM")
    void wrongCurveIsRefused() {
        KeyPair p384 = keyPair("secp384r1");

        assertThatThrownBy(() -> Keyward.builder().githubSecretScanningKey("p384", p384.getPublic()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("P-256");
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(p384.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertThatThrownBy(() -> GitHubSecretScanning.publicKeyFromPem(pem)).isInstanceOf(IllegalArgumentException.class);
        // A P-384 signature sent under the trusted P-256 key's id does not verify either.
        byte[] body = alert(key.secret().reveal()).getBytes(StandardCharsets.UTF_8);
        assertThat(send(keyward, KEY_ID, sign(p384.getPrivate(), body), body).status()).isEqualTo(401);
        assertUntouched();
    }

    @Test
    @DisplayName("a P-256 key round-trips through PEM")
    void pemKeyIsRead() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(github.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";

        assertThat(GitHubSecretScanning.publicKeyFromPem(pem)).isEqualTo(github.getPublic());
    }

    @Test
    @DisplayName("missing, repeated or malformed signature headers are a bad request")
    void malformedHeadersAreRefused() {
        byte[] body = alert(key.secret().reveal()).getBytes(StandardCharsets.UTF_8);
        String signature = sign(github.getPrivate(), body);
        GitHubSecretScanning handler = keyward.githubSecretScanning();

        assertThat(handler.handle("POST", RequestHeaders.of(GitHubSecretScanning.SIGNATURE_HEADER, signature), body)
                .status()).isEqualTo(400);
        assertThat(handler.handle("POST", RequestHeaders.of(GitHubSecretScanning.KEY_IDENTIFIER_HEADER, KEY_ID), body)
                .status()).isEqualTo(400);
        assertThat(handler.handle("POST", RequestHeaders.of(GitHubSecretScanning.KEY_IDENTIFIER_HEADER, KEY_ID,
                GitHubSecretScanning.SIGNATURE_HEADER, signature, GitHubSecretScanning.SIGNATURE_HEADER, signature),
                body).status()).isEqualTo(400);
        assertThat(send(keyward, KEY_ID, "%%%not-base64", body).status()).isEqualTo(400);
        assertThat(send(keyward, KEY_ID, "A".repeat(500), body).status()).isEqualTo(400);
        assertThat(send(keyward, KEY_ID, "AAAA", body).status()).as("base64, but not DER").isEqualTo(401);
        assertThat(handler.handle("GET", RequestHeaders.empty(), null).status()).isEqualTo(405);
        assertThat(handler.handle("POST", null, body).status()).isEqualTo(400);
        assertUntouched();
    }

    @Test
    @DisplayName("a signed body that is not a report, or is too large, is refused and changes nothing")
    void signedButMalformedReportsAreRefused() {
        String live = key.secret().reveal();
        for (String json : new String[] {"", "{}", "[]", "[1]", "[{\"token\":\"" + live + "\"}]",
                "[{\"token\":1,\"type\":\"t\"}]",
                "[{\"token\":\"" + live + "\",\"token\":\"x\",\"type\":\"t\"}]",
                alert(live) + "trailing", "[" + "[".repeat(100) + "]".repeat(100) + "]",
                "[{\"token\":\"" + live + "\",\"type\":\"" + "t".repeat(300) + "\"}]"}) {
            assertThat(sendSigned(json).status()).as(json).isEqualTo(400);
        }
        byte[] huge = ("[" + "{\"token\":\"x\",\"type\":\"t\"},".repeat(20_000) + "{\"token\":\"x\",\"type\":\"t\"}]")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(send(keyward, KEY_ID, sign(github.getPrivate(), huge), huge).status()).isEqualTo(413);
        assertUntouched();
    }

    @Test
    @DisplayName("look-alikes, unknown and wrong secrets, client ids and dead tokens are false positives and change nothing")
    void falsePositivesChangeNothing() {
        String accessKey = key.secret().reveal();
        Keyward elsewhere = Fixtures.keyward(new InMemoryStore(), clock).build();
        String foreignKey = elsewhere.connections().create(ADMIN, ACME, "Foreign", AuthenticationType.ACCESS_KEY)
                .secret().reveal();
        String wrongSecretSameLookupId = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom())
                .issue(CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(accessKey));
        String brokenChecksum = accessKey.substring(0, 17) + foreignKey.substring(17);
        String token = IntrospectionEndpointTest.issueToken(keyward, client);
        keyward.revocationEndpoint().handle("POST", Requests.basicForm(client.connection().clientId(),
                client.secret().reveal()), ("token=" + token).getBytes(StandardCharsets.US_ASCII));

        TokenResponse response = sendSigned(alert("kwak_notacredential", foreignKey, wrongSecretSameLookupId,
                brokenChecksum, client.connection().clientId(), token, accessKey.toLowerCase(java.util.Locale.ROOT)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(Requests.json(response.body())).hasSize(7)
                .allSatisfy(label -> assertThat(label.get("label").asText()).isEqualTo("false_positive"));
        assertUntouched();
    }

    @Test
    @DisplayName("a leaked bearer token is revoked alone; a leaked client secret stops the client and its tokens")
    void bearerTokenAndClientSecret() {
        String first = IntrospectionEndpointTest.issueToken(keyward, client);
        String second = IntrospectionEndpointTest.issueToken(keyward, client);
        assertThat(bearerGrantedOn(otherNode, first)).isTrue();

        JsonNode labels = Requests.json(sendSigned(alert(first)).body());

        assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(bearerGrantedOn(keyward, first)).isFalse();
        assertThat(bearerGrantedOn(otherNode, first)).isFalse();
        assertThat(bearerGrantedOn(keyward, second)).isTrue();
        assertThat(stored(client).leakedAt()).as("a token leak does not stop the client's secret").isNull();

        labels = Requests.json(sendSigned(alert(client.secret().reveal())).body());

        assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(bearerGrantedOn(otherNode, second)).isFalse();
        assertThat(stored(client).leakedAt()).isNotNull();
        TokenResponse refused = keyward.tokenEndpoint().handle("POST", Requests.basicForm(
                client.connection().clientId(), client.secret().reveal()),
                "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a token stored with Argon2id before tokens were digested: a value sharing its lookup id is a false positive and revokes nothing; the token itself is revoked")
    void argon2TokenFromBeforeIsRevokedByItsValueOnly() {
        String token = TokensFromBefore.storeWithArgon2(shared, IntrospectionEndpointTest.issueToken(keyward, client));
        String sharingItsLookupId = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom())
                .issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(token));

        JsonNode labels = Requests.json(sendSigned(alert(sharingItsLookupId)).body());

        assertThat(labels.get(0).get("label").asText()).isEqualTo("false_positive");
        assertThat(audit.events(AuditAction.REVOKE_LEAKED_CREDENTIAL)).isEmpty();
        assertThat(bearerGrantedOn(otherNode, token)).isTrue();

        labels = Requests.json(sendSigned(alert(token)).body());

        assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(audit.events(AuditAction.REVOKE_LEAKED_CREDENTIAL)).hasSize(1);
        assertThat(bearerGrantedOn(keyward, token)).isFalse();
    }

    @Test
    @DisplayName("a leaked key in a grace period stops the previous secret too; a leaked previous secret ends the grace only")
    void graceAndLeaks() {
        String old = key.secret().reveal();
        IssuedCredentials next = keyward.connections().regenerate(ADMIN, ACME, key.connection().id(),
                Duration.ofHours(1));
        assertThat(grantedOn(keyward, old)).isTrue();

        assertThat(Requests.json(sendSigned(alert(old)).body()).get(0).get("label").asText()).isEqualTo("true_positive");

        assertThat(grantedOn(keyward, old)).isFalse();
        assertThat(grantedOn(otherNode, old)).isFalse();
        assertThat(grantedOn(keyward, next.secret().reveal())).isTrue();
        assertThat(stored(key).leakedAt()).isNull();

        String older = next.secret().reveal();
        IssuedCredentials newest = keyward.connections().regenerate(ADMIN, ACME, key.connection().id(),
                Duration.ofHours(1));
        sendSigned(alert(newest.secret().reveal()));

        assertThat(grantedOn(keyward, older)).isFalse();
        assertThat(grantedOn(keyward, newest.secret().reveal())).isFalse();
    }

    @Test
    @DisplayName("a key re-hashed, then regenerated with a grace period, while its alert is checked: its grace ends")
    void keyRegeneratedWithGraceWhileItsAlertIsCheckedIsStillRevoked() {
        String old = key.secret().reveal();
        Keyward upgrading = Fixtures.keyward(shared, clock).argon2(new Argon2Parameters(512, 2, 1)).build();
        IssuedCredentials[] next = new IssuedCredentials[1];
        ForwardingStore regenerateAfterRead = new ForwardingStore(shared) {
            @Override
            public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
                Optional<StoredConnection> row = super.findConnectionByLookupId(lookupId);
                if (next[0] == null) {
                    // Another node's first check since the Argon2 parameters changed re-hashes the key, then
                    // it is regenerated with a grace period: its previous secret keeps the new hash.
                    assertThat(grantedOn(upgrading, old)).isTrue();
                    next[0] = otherNode.connections().regenerate(ADMIN, ACME, key.connection().id(),
                            Duration.ofHours(1));
                }
                return row;
            }
        };
        Keyward scanning = Fixtures.keyward(regenerateAfterRead, clock)
                .githubSecretScanningKey(KEY_ID, github.getPublic()).build();
        try {
            byte[] body = alert(old).getBytes(StandardCharsets.UTF_8);

            TokenResponse response = send(scanning, KEY_ID, sign(github.getPrivate(), body), body);

            assertThat(next[0]).as("regenerated while the alert was checked").isNotNull();
            assertThat(Requests.json(response.body()).get(0).get("label").asText()).isEqualTo("true_positive");
            assertThat(grantedOn(keyward, old)).as("no longer in its grace period").isFalse();
            assertThat(grantedOn(otherNode, old)).isFalse();
            assertThat(grantedOn(keyward, next[0].secret().reveal())).as("the new key was not reported").isTrue();
        } finally {
            scanning.close();
            upgrading.close();
        }
    }

    @Test
    @DisplayName("odd entries beside a leaked key keep nothing live: a url that is null, a number or very long, and a thousand more entries")
    void oddEntriesBesideALeakedKeyKeepNothingLive() {
        String live = key.secret().reveal();
        StringBuilder json = new StringBuilder("[{\"token\":\"" + live + "\",\"type\":\"t\",\"url\":null}");
        json.append(",{\"token\":\"x\",\"type\":\"t\",\"url\":3,\"source\":{\"kind\":\"commit\"}}");
        json.append(",{\"token\":\"y\",\"type\":\"t\",\"url\":\"https://github.com/").append("a".repeat(5_000))
                .append("\"}");
        for (int i = 0; i < 1_000; i++) {
            json.append(",{\"token\":\"z").append(i).append("\",\"type\":\"t\"}");
        }
        TokenResponse answer = sendSigned(json.append("]").toString());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode labels = Requests.json(answer.body());
        assertThat(labels).hasSize(1_003);
        assertThat(labels.get(0).get("label").asText()).isEqualTo("true_positive");
        assertThat(grantedOn(otherNode, live)).isFalse();
    }

    @Test
    @DisplayName("without trusted keys every alert is refused")
    void noKeysRefuseEverything() {
        Keyward closed = Fixtures.keyward(shared, clock).build();
        byte[] body = alert(key.secret().reveal()).getBytes(StandardCharsets.UTF_8);

        assertThat(send(closed, KEY_ID, sign(github.getPrivate(), body), body).status()).isEqualTo(401);
        assertUntouched();
        closed.close();
    }

    @Test
    @DisplayName("a key re-hashed with new Argon2 parameters while its alert is checked is still revoked: same secret")
    void keyReHashedWhileItsAlertIsCheckedIsStillRevoked() {
        String accessKey = key.secret().reveal();
        Keyward upgrading = Fixtures.keyward(shared, clock).argon2(new Argon2Parameters(512, 2, 1)).build();
        // Another node's first check of the key since its parameters changed commits a new hash of the same
        // secret, right after this node read the row for the alert.
        ForwardingStore rehashAfterRead = new ForwardingStore(shared) {
            @Override
            public Optional<StoredConnection> findConnectionByLookupId(String lookupId) {
                Optional<StoredConnection> row = super.findConnectionByLookupId(lookupId);
                assertThat(grantedOn(upgrading, accessKey)).isTrue();
                return row;
            }
        };
        Keyward scanning = Fixtures.keyward(rehashAfterRead, clock).githubSecretScanningKey(KEY_ID, github.getPublic())
                .build();
        try {
            String before = shared.findConnection(ACME, key.connection().id()).orElseThrow().secretHash();
            byte[] body = alert(accessKey).getBytes(StandardCharsets.UTF_8);

            TokenResponse response = send(scanning, KEY_ID, sign(github.getPrivate(), body), body);

            assertThat(shared.findConnection(ACME, key.connection().id()).orElseThrow().secretHash())
                    .as("re-hashed meanwhile").isNotEqualTo(before);
            assertThat(Requests.json(response.body()).get(0).get("label").asText()).isEqualTo("true_positive");
            assertThat(stored(key).leakedAt()).isEqualTo(clock.instant());
            assertThat(grantedOn(keyward, accessKey)).isFalse();
            assertThat(grantedOn(upgrading, accessKey)).isFalse();
        } finally {
            scanning.close();
            upgrading.close();
        }
    }

    private boolean bearerGrantedOn(Keyward node, String token) {
        return node.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted();
    }

    /** A node of one Argon2 turn, a wait of 50 ms for it, that counts in {@code refused} the waits that ran out. */
    private Keyward saturable(CountingHasher hasher, AtomicInteger refused) {
        return TestHashers.withHasher(node(), hasher).maxConcurrentHashes(1).hashQueueTimeout(Duration.ofMillis(50))
                .observer(new KeywardObserver() {
                    @Override
                    public void hashGateWait(long nanos, boolean admitted) {
                        if (!admitted) {
                            refused.incrementAndGet();
                        }
                    }
                }).build();
    }

    private void assertUntouched() {
        assertThat(grantedOn(keyward, key.secret().reveal())).isTrue();
        assertThat(grantedOn(otherNode, key.secret().reveal())).isTrue();
        assertThat(stored(key).leakedAt()).isNull();
        assertThat(stored(client).leakedAt()).isNull();
        assertThat(audit.events(AuditAction.REVOKE_LEAKED_CREDENTIAL)).isEmpty();
    }

    @Test
    @DisplayName("Argon2 saturated: a report of several keys waits for one turn only and answers 503, to be sent again")
    void saturatedThenOneWaitAndRetryLater() throws Exception {
        CountingHasher hasher = new CountingHasher();
        AtomicInteger waits = new AtomicInteger();
        try (Keyward node = saturable(hasher, waits)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                keys.add(node.connections().create(ADMIN, OrganizationId.of("org-" + i), "Key",
                        AuthenticationType.ACCESS_KEY).secret().reveal());
            }
            hasher.hold(1);
            CompletableFuture<Boolean> holding = CompletableFuture.supplyAsync(() -> grantedOn(node, keys.get(0)));
            assertThat(hasher.awaitEntered()).isTrue();

            byte[] body = alert(keys.get(1), keys.get(2), keys.get(3)).getBytes(StandardCharsets.UTF_8);
            TokenResponse answer = send(node, KEY_ID, sign(github.getPrivate(), body), body);
            hasher.open();

            assertThat(answer.status()).isEqualTo(503);
            assertThat(waits.get()).as("turns waited for and not given").isEqualTo(1);
            assertThat(holding.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("Argon2 saturated: a report of values at Argon2id tokens from before, and of a secret, waits for one turn only; a token stored as a digest is revoked all the same")
    void saturatedThenOneWaitForArgon2TokensFromBefore() throws Exception {
        CountingHasher hasher = new CountingHasher();
        AtomicInteger waits = new AtomicInteger();
        try (Keyward node = saturable(hasher, waits)) {
            String fromBefore = TokensFromBefore.storeWithArgon2(shared, IntrospectionEndpointTest.issueToken(node, client));
            String digestedToken = IntrospectionEndpointTest.issueToken(node, client);
            CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                values.add(codec.issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(fromBefore)));
            }
            values.add(fromBefore);
            values.add(key.secret().reveal());
            values.add(digestedToken);
            hasher.hold(1);
            CompletableFuture<Boolean> holding = CompletableFuture.supplyAsync(
                    () -> grantedOn(node, node.connections().create(ADMIN, OrganizationId.of("busy"), "Key",
                            AuthenticationType.ACCESS_KEY).secret().reveal()));
            assertThat(hasher.awaitEntered()).isTrue();

            byte[] body = alert(values.toArray(String[]::new)).getBytes(StandardCharsets.UTF_8);
            TokenResponse answer = send(node, KEY_ID, sign(github.getPrivate(), body), body);
            hasher.open();

            assertThat(answer.status()).isEqualTo(503);
            assertThat(waits.get()).as("turns waited for and not given").isEqualTo(1);
            assertThat(shared.findToken(CredentialLayout.lookupIdOf(digestedToken))).as("revoked all the same").isEmpty();
            assertThat(shared.findToken(CredentialLayout.lookupIdOf(fromBefore))).as("undecided: kept").isPresent();
            assertThat(holding.get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("a value planted in a report at an Argon2id token from before, held in Argon2, keeps no host's revocation of the token waiting")
    void aPlantedValueHeldInArgon2KeepsNoHostRevocationWaiting() throws Exception {
        CountingHasher hasher = new CountingHasher();
        try (Keyward node = TestHashers.withHasher(node(), hasher).maxConcurrentHashes(2)
                .hashQueueTimeout(Duration.ofMillis(200)).build()) {
            String token = TokensFromBefore.storeWithArgon2(shared, IntrospectionEndpointTest.issueToken(node, client));
            String planted = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom())
                    .issue(CredentialKind.BEARER_TOKEN, CredentialLayout.lookupIdOf(token));
            byte[] body = alert(planted).getBytes(StandardCharsets.UTF_8);
            int before = hasher.verifies();
            hasher.hold(2);
            CompletableFuture<TokenResponse> report = CompletableFuture.supplyAsync(
                    () -> send(node, KEY_ID, sign(github.getPrivate(), body), body));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (hasher.verifies() == before) {
                assertThat(System.nanoTime()).as("the planted value runs Argon2").isLessThan(deadline);
                Thread.onSpinWait();
            }

            CompletableFuture<Boolean> revoked = CompletableFuture.supplyAsync(() -> node.revokeToken(token));

            while (hasher.verifies() < before + 2 && !revoked.isDone()) {
                assertThat(System.nanoTime()).as("the host's revocation is answered").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(hasher.verifies()).as("the host's revocation runs Argon2 beside the planted value")
                    .isEqualTo(before + 2);
            hasher.open();
            assertThat(revoked.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Requests.json(report.get(30, TimeUnit.SECONDS).body()).get(0).get("label").asText())
                    .isEqualTo("false_positive");
        } finally {
            hasher.open();
        }
    }

    @Test
    @DisplayName("a token reported with its client's secret: both true_positive, in the report's order, though the secret's revocation took the token")
    void tokenWithItsClientsSecretThenBothTruePositive() {
        String token = IntrospectionEndpointTest.issueToken(keyward, client);

        TokenResponse answer = sendSigned(alert(token, client.secret().reveal()));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(Requests.json(answer.body()).findValuesAsText("label")).containsExactly("true_positive",
                "true_positive");
        assertThat(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted()).isFalse();
    }
    @Test
    @DisplayName("a value reported many times in one report is decided once: one Argon2 run, every entry labelled")
    void valueRepeatedInOneReportCostsOneArgon2() {
        CountingHasher hasher = new CountingHasher();
        try (Keyward node = TestHashers.withHasher(node(), hasher).build()) {
            String secret = node.connections().create(ADMIN, OrganizationId.of("repeated"), "Key",
                    AuthenticationType.ACCESS_KEY).secret().reveal();
            String[] entries = new String[50];
            java.util.Arrays.fill(entries, secret);
            byte[] body = alert(entries).getBytes(StandardCharsets.UTF_8);
            int before = hasher.verifies();

            TokenResponse answer = send(node, KEY_ID, sign(github.getPrivate(), body), body);

            assertThat(answer.status()).isEqualTo(200);
            assertThat(Requests.json(answer.body()).findValuesAsText("label")).hasSize(50)
                    .containsOnly("true_positive");
            assertThat(hasher.verifies() - before).isEqualTo(1);
            assertThat(grantedOn(node, secret)).isFalse();
        }
    }

    @Test
    @DisplayName("reports aimed at one connection take its turn, as guesses at it do: one Argon2 at a time for it")
    void reportsAimedAtOneConnectionHoldOneArgon2AtATime() throws Exception {
        CountingHasher hasher = new CountingHasher();
        try (Keyward node = TestHashers.withHasher(node(), hasher).maxConcurrentHashes(2)
                .hashQueueTimeout(Duration.ofMillis(100)).build()) {
            String secret = node.connections().create(ADMIN, OrganizationId.of("aimed"), "Key",
                    AuthenticationType.ACCESS_KEY).secret().reveal();
            CredentialCodec forger = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());
            String lookupId = CredentialLayout.lookupIdOf(secret);
            byte[] first = alert(forger.issue(CredentialKind.ACCESS_KEY, lookupId)).getBytes(StandardCharsets.UTF_8);
            byte[] second = alert(forger.issue(CredentialKind.ACCESS_KEY, lookupId)).getBytes(StandardCharsets.UTF_8);
            hasher.hold(1);
            CompletableFuture<TokenResponse> holding = CompletableFuture.supplyAsync(
                    () -> send(node, KEY_ID, sign(github.getPrivate(), first), first));
            assertThat(hasher.awaitEntered()).isTrue();

            CompletableFuture<TokenResponse> aimed = CompletableFuture.supplyAsync(
                    () -> send(node, KEY_ID, sign(github.getPrivate(), second), second));
            TokenResponse answer;
            try {
                answer = aimed.get(10, TimeUnit.SECONDS);
            } finally {
                hasher.open();
            }

            assertThat(answer.status()).as("no turn of its connection in time: sent again later").isEqualTo(503);
            assertThat(holding.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(hasher.maxConcurrentVerifies()).isEqualTo(1);
            assertThat(grantedOn(node, secret)).isTrue();
        }
    }

    @Test
    @DisplayName("a guess at a connection, holding its turn for requests, keeps no report of it waiting")
    void guessHoldingTheConnectionsTurnKeepsNoReportWaiting() throws Exception {
        CountingHasher hasher = new CountingHasher();
        try (Keyward node = TestHashers.withHasher(node(), hasher).maxConcurrentHashes(2)
                .hashQueueTimeout(Duration.ofSeconds(5)).build()) {
            String secret = node.connections().create(ADMIN, OrganizationId.of("guessed"), "Key",
                    AuthenticationType.ACCESS_KEY).secret().reveal();
            String guess = CredentialLayout.withAnotherSecret(CredentialKind.ACCESS_KEY, secret);
            byte[] body = alert(secret).getBytes(StandardCharsets.UTF_8);
            hasher.hold(2);
            CompletableFuture<Boolean> guessing = CompletableFuture.supplyAsync(() -> grantedOn(node, guess));
            CompletableFuture<TokenResponse> reported = CompletableFuture.supplyAsync(
                    () -> send(node, KEY_ID, sign(github.getPrivate(), body), body));

            boolean bothVerifying;
            try {
                bothVerifying = hasher.awaitEntered();
            } finally {
                hasher.open();
            }

            assertThat(bothVerifying).as("the report verified beside the guess, not after it").isTrue();
            assertThat(guessing.get(30, TimeUnit.SECONDS)).isFalse();
            TokenResponse answer = reported.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(Requests.json(answer.body()).findValuesAsText("label")).containsExactly("true_positive");
            assertThat(grantedOn(node, secret)).isFalse();
        }
    }

    @Test
    @DisplayName("Argon2 saturated: the bearer tokens of a report are revoked all the same, then 503 for the rest")
    void saturatedThenReportedBearerTokensAreRevokedAnyway() throws Exception {
        CountingHasher hasher = new CountingHasher();
        try (Keyward node = TestHashers.withHasher(node(), hasher).maxConcurrentHashes(1)
                .hashQueueTimeout(Duration.ofMillis(50)).build()) {
            IssuedCredentials busyKey = node.connections().create(ADMIN, OrganizationId.of("busy"), "Key",
                    AuthenticationType.ACCESS_KEY);
            IssuedCredentials reportedKey = node.connections().create(ADMIN, OrganizationId.of("reported"), "Key",
                    AuthenticationType.ACCESS_KEY);
            IssuedCredentials oauth = node.connections().create(SUPER, OrganizationId.of("reported"), "Client",
                    AuthenticationType.OAUTH);
            String token = IntrospectionEndpointTest.issueToken(node, oauth);
            hasher.hold(1);
            CompletableFuture<Boolean> holding = CompletableFuture.supplyAsync(
                    () -> grantedOn(node, busyKey.secret().reveal()));
            assertThat(hasher.awaitEntered()).isTrue();

            byte[] body = alert(reportedKey.secret().reveal(), token).getBytes(StandardCharsets.UTF_8);
            TokenResponse answer = send(node, KEY_ID, sign(github.getPrivate(), body), body);
            hasher.open();

            assertThat(answer.status()).isEqualTo(503);
            assertThat(node.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST).granted())
                    .as("the token, which needs no Argon2, is revoked").isFalse();
            assertThat(holding.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(grantedOn(node, reportedKey.secret().reveal())).as("the key, to be decided when sent again")
                    .isTrue();
        }
    }
}
