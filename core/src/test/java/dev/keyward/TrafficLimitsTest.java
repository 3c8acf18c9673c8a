package dev.keyward;

import static dev.keyward.testing.Fixtures.ACME;
import static dev.keyward.testing.Fixtures.ADMIN;
import static dev.keyward.testing.Fixtures.GLOBEX;
import static dev.keyward.testing.Fixtures.SUPER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.AuthenticationResult.Denied;
import dev.keyward.AuthenticationResult.Granted;
import dev.keyward.internal.CredentialCodec;
import dev.keyward.internal.CredentialKind;
import dev.keyward.memory.InMemoryStore;
import dev.keyward.spi.AuditCode;
import dev.keyward.testing.CredentialLayout;
import dev.keyward.testing.Fixtures;
import dev.keyward.testing.MutableClock;
import dev.keyward.testing.RecordingAuditListener;
import dev.keyward.testing.Requests;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Traffic limits per organization on API requests")
class TrafficLimitsTest {

    /** 23:00 UTC, so the daily quota is whole again in exactly one hour. */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T23:00:00Z"));
    private final RecordingAuditListener audit = new RecordingAuditListener();
    private final CredentialCodec codec = new CredentialCodec(CredentialPrefixes.DEFAULTS, new SecureRandom());

    private Keyward keyward(Keyward.Builder builder) {
        return builder.store(new InMemoryStore()).clock(clock).argon2(Fixtures.CHEAP_ARGON2).auditListener(audit)
                .build();
    }

    private static String accessKey(Keyward keyward, OrganizationId org) {
        return keyward.connections().create(ADMIN, org, "Key", AuthenticationType.ACCESS_KEY).secret().reveal();
    }

    private static AuthenticationResult call(Keyward keyward, String key) {
        return keyward.authenticator().authenticate(Requests.accessKey(key), ApiFamily.REST, "req-1");
    }

    private static Granted granted(AuthenticationResult result) {
        assertThat(result).as(result.toString()).isInstanceOf(Granted.class);
        return (Granted) result;
    }

    private static Denied denied(AuthenticationResult result) {
        assertThat(result).as(result.toString()).isInstanceOf(Denied.class);
        return (Denied) result;
    }

    @Nested
    @DisplayName("a rate of 30 a minute")
    class Rate {

        private final Keyward keyward = keyward(Keyward.builder().rateLimit(30));
        private final String key = accessKey(keyward, ACME);

        @Test
        void burstOf31ThenThe31stIs429WithRetryAfterAndRateLimitHeaders() {
            Granted first = granted(call(keyward, key));
            assertThat(first.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "RateLimit-Policy", "\"minute\";q=30;w=60", "RateLimit", "\"minute\";r=29;t=2"));
            for (int i = 2; i <= 30; i++) {
                granted(call(keyward, key));
            }

            Denied denied = denied(call(keyward, key));

            assertThat(denied.code()).isEqualTo(DenialCode.RATE_LIMITED);
            assertThat(denied.httpStatus()).isEqualTo(429);
            assertThat(denied.challenge()).isEmpty();
            assertThat(denied.headers()).containsEntry("Retry-After", "2")
                    .containsEntry("RateLimit-Policy", "\"minute\";q=30;w=60")
                    .containsEntry("RateLimit", "\"minute\";r=0;t=2")
                    .containsEntry("Cache-Control", "no-store").doesNotContainKey("WWW-Authenticate");
            assertThat(Requests.json(denied.body()).get("errorCode").asText()).isEqualTo("RATE_LIMITED");
            assertThat(audit.last().code()).isEqualTo(AuditCode.RATE_LIMITED);
            assertThat(audit.last().organizationId()).isEqualTo(ACME);
        }

        @Test
        void afterTheBurstTwoSecondsAdmitOneMoreAndNoMore() {
            for (int i = 0; i < 30; i++) {
                granted(call(keyward, key));
            }
            denied(call(keyward, key));

            clock.advance(Duration.ofMillis(1_999));
            assertThat(denied(call(keyward, key)).headers()).containsEntry("Retry-After", "1");
            clock.advance(Duration.ofMillis(1));

            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit", "\"minute\";r=0;t=2");
            assertThat(denied(call(keyward, key)).code()).isEqualTo(DenialCode.RATE_LIMITED);
            clock.advance(Duration.ofMinutes(1));
            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit", "\"minute\";r=29;t=2");
        }

        @Test
        void anotherOrganizationIsUnaffected() {
            String other = accessKey(keyward, GLOBEX);
            for (int i = 0; i < 30; i++) {
                granted(call(keyward, key));
            }
            denied(call(keyward, key));

            assertThat(granted(call(keyward, other)).headers()).containsEntry("RateLimit", "\"minute\";r=29;t=2");
        }

        @Test
        void unknownWrongMalformedAndForgedCredentialsNeverCharge() {
            String wrongSecret = codec.issue(CredentialKind.ACCESS_KEY, CredentialLayout.lookupIdOf(key));
            String unknown = codec.issue(CredentialKind.ACCESS_KEY, codec.newLookupId());
            String badChecksum = key.substring(0, key.length() - 1) + (key.endsWith("x") ? "y" : "x");
            for (int i = 0; i < 100; i++) {
                for (String value : new String[] {wrongSecret, unknown, badChecksum, "not a key"}) {
                    assertThat(denied(call(keyward, value)).code()).isNotEqualTo(DenialCode.RATE_LIMITED);
                }
            }

            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit", "\"minute\";r=29;t=2");
        }

        @Test
        void bearerTokensCountAgainstTheirOrganizationToo() {
            IssuedCredentials client = keyward.connections().create(SUPER, ACME, "Client", AuthenticationType.OAUTH);
            TokenResponse response = keyward.tokenEndpoint().handle("POST",
                    Requests.basicForm(client.connection().clientId(), client.secret().reveal()),
                    "grant_type=client_credentials");
            String token = Requests.accessTokenOf(response.body());
            granted(call(keyward, key));

            Granted byToken = granted(keyward.authenticator().authenticate(Requests.bearer(token), ApiFamily.REST));

            assertThat(byToken.headers()).containsEntry("RateLimit", "\"minute\";r=28;t=2");
        }
    }

    @Nested
    @DisplayName("a daily quota")
    class Quota {

        @Test
        void pastTheQuotaThen429UntilMidnightUtcThenWholeAgain() {
            Keyward keyward = keyward(Keyward.builder().dailyQuota(5));
            String key = accessKey(keyward, ACME);
            for (int i = 4; i >= 0; i--) {
                assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit",
                        "\"day\";r=" + i + ";t=3600");
            }

            Denied denied = denied(call(keyward, key));

            assertThat(denied.code()).isEqualTo(DenialCode.RATE_LIMITED);
            assertThat(denied.headers()).containsEntry("Retry-After", "3600")
                    .containsEntry("RateLimit-Policy", "\"day\";q=5;w=86400")
                    .containsEntry("RateLimit", "\"day\";r=0;t=3600");
            clock.advance(Duration.ofMinutes(59));
            assertThat(denied(call(keyward, key)).headers()).containsEntry("Retry-After", "60");
            clock.advance(Duration.ofMinutes(1));
            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit", "\"day\";r=4;t=86400");
        }

        @Test
        @DisplayName("refused by the rate with the day's quota spent too: Retry-After waits until midnight, not a minute")
        void rateRefusalWithTheQuotaSpentThenRetryAfterMidnight() {
            Keyward keyward = keyward(Keyward.builder().rateLimit(1).dailyQuota(1));
            String key = accessKey(keyward, ACME);
            granted(call(keyward, key));

            Denied denied = denied(call(keyward, key));

            assertThat(denied.headers()).containsEntry("Retry-After", "3600");
        }

        @Test
        void rateAndQuotaTogetherThenBothPoliciesListedAndARefusalByTheQuotaSpendsNoRate() {
            Keyward keyward = keyward(Keyward.builder().rateLimit(30).dailyQuota(2));
            String key = accessKey(keyward, ACME);
            Granted first = granted(call(keyward, key));
            assertThat(first.headers()).containsEntry("RateLimit-Policy",
                    "\"minute\";q=30;w=60, \"day\";q=2;w=86400").containsEntry("RateLimit",
                    "\"minute\";r=29;t=2, \"day\";r=1;t=3600");
            granted(call(keyward, key));

            Denied denied = denied(call(keyward, key));

            assertThat(denied.headers()).containsEntry("Retry-After", "3600")
                    .containsEntry("RateLimit", "\"minute\";r=28;t=2, \"day\";r=0;t=3600");
        }
    }

    @Nested
    @DisplayName("the host's limits per organization")
    class PerOrganization {

        @Test
        void hookGivesEachOrganizationItsOwnLimitsAndTheBuilderOnesApplyWhenItFails() {
            AtomicInteger asked = new AtomicInteger();
            Keyward keyward = keyward(Keyward.builder().rateLimit(3).organizationLimits(org -> {
                asked.incrementAndGet();
                if (org.equals(ACME)) {
                    return new TrafficLimits(1, 0);
                }
                if (org.equals(GLOBEX)) {
                    return TrafficLimits.NONE;
                }
                throw new IllegalStateException("plan service down");
            }));
            String acme = accessKey(keyward, ACME);
            String globex = accessKey(keyward, GLOBEX);
            String initech = accessKey(keyward, OrganizationId.of("initech"));

            granted(call(keyward, acme));
            assertThat(denied(call(keyward, acme)).headers()).containsEntry("Retry-After", "60");
            for (int i = 0; i < 50; i++) {
                assertThat(granted(call(keyward, globex)).headers()).isEmpty();
            }
            assertThat(granted(call(keyward, initech)).headers()).containsEntry("RateLimit-Policy",
                    "\"minute\";q=3;w=60");
            assertThat(asked).hasValue(3);
        }

        @Test
        void changedPlanAppliesWithinAMinuteKeepingWhatWasUsed() {
            TrafficLimits[] plan = {new TrafficLimits(2, 0)};
            Keyward keyward = keyward(Keyward.builder().organizationLimits(org -> plan[0]));
            String key = accessKey(keyward, ACME);
            granted(call(keyward, key));
            granted(call(keyward, key));
            denied(call(keyward, key));

            plan[0] = new TrafficLimits(60, 0);
            clock.advance(Duration.ofSeconds(60));

            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit-Policy",
                    "\"minute\";q=60;w=60");
        }

        @Test
        void aLargerQuotaAdmitsAtOnceWhatItAddsToWhatWasUsedToday() {
            TrafficLimits[] plan = {new TrafficLimits(0, 3)};
            Keyward keyward = keyward(Keyward.builder().organizationLimits(org -> plan[0]));
            String key = accessKey(keyward, ACME);
            for (int i = 0; i < 3; i++) {
                granted(call(keyward, key));
            }
            denied(call(keyward, key));

            plan[0] = new TrafficLimits(0, 10);
            clock.advance(Duration.ofSeconds(61));

            // Three of ten were used today: seven are left, and this request takes one.
            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit-Policy", "\"day\";q=10;w=86400")
                    .containsEntry("RateLimit", "\"day\";r=6;t=3539");
        }

        @Test
        void aSmallerQuotaThanWhatWasUsedTodayRefusesUntilMidnight() {
            TrafficLimits[] plan = {new TrafficLimits(0, 10)};
            Keyward keyward = keyward(Keyward.builder().organizationLimits(org -> plan[0]));
            String key = accessKey(keyward, ACME);
            for (int i = 0; i < 5; i++) {
                granted(call(keyward, key));
            }

            plan[0] = new TrafficLimits(0, 3);
            clock.advance(Duration.ofSeconds(61));

            Denied denied = denied(call(keyward, key));
            assertThat(denied.code()).isEqualTo(DenialCode.RATE_LIMITED);
            assertThat(denied.headers()).containsEntry("RateLimit", "\"day\";r=0;t=3539");
            clock.advance(Duration.ofSeconds(3539));
            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit", "\"day\";r=2;t=86400");
        }

        @Test
        void aQuotaLoweredThenRaisedAgainStillCountsEverythingUsedToday() {
            TrafficLimits[] plan = {new TrafficLimits(0, 10)};
            Keyward keyward = keyward(Keyward.builder().organizationLimits(org -> plan[0]));
            String key = accessKey(keyward, ACME);
            for (int i = 0; i < 10; i++) {
                granted(call(keyward, key));
            }

            plan[0] = new TrafficLimits(0, 3);
            clock.advance(Duration.ofSeconds(61));
            denied(call(keyward, key));
            plan[0] = new TrafficLimits(0, 10);
            clock.advance(Duration.ofSeconds(61));

            // Ten of ten were used today, whatever the plan was in between.
            assertThat(denied(call(keyward, key)).headers()).containsEntry("RateLimit", "\"day\";r=0;t=3478");
        }

        @Test
        void aHookFailingOnceKeepsTheLimitsInForceAndWhatWasUsed() {
            AtomicBoolean failing = new AtomicBoolean();
            Keyward keyward = keyward(Keyward.builder().organizationLimits(org -> {
                if (failing.get()) {
                    throw new IllegalStateException("plans unavailable");
                }
                return new TrafficLimits(0, 3);
            }));
            String key = accessKey(keyward, ACME);
            for (int i = 0; i < 3; i++) {
                granted(call(keyward, key));
            }

            failing.set(true);
            clock.advance(Duration.ofSeconds(61));
            denied(call(keyward, key));
            failing.set(false);
            clock.advance(Duration.ofSeconds(61));

            assertThat(denied(call(keyward, key)).headers()).containsEntry("RateLimit-Policy", "\"day\";q=3;w=86400");
        }

        @Test
        void aSmallerQuotaKeepsWhatIsLeftUnderIt() {
            TrafficLimits[] plan = {new TrafficLimits(0, 10)};
            Keyward keyward = keyward(Keyward.builder().organizationLimits(org -> plan[0]));
            String key = accessKey(keyward, ACME);
            granted(call(keyward, key));

            plan[0] = new TrafficLimits(0, 4);
            clock.advance(Duration.ofSeconds(61));

            // One of four was used today: three are left, and this request takes one.
            assertThat(granted(call(keyward, key)).headers()).containsEntry("RateLimit", "\"day\";r=2;t=3539");
        }
    }

    @Test
    void noLimitsThenGrantsCarryNoHeadersAsBefore() {
        Keyward keyward = keyward(Keyward.builder());
        String key = accessKey(keyward, ACME);

        Granted granted = granted(call(keyward, key));

        assertThat(granted.headers()).isEmpty();
        assertThat(granted.rateLimit()).isNull();
    }

    @Test
    void builderRefusesOutOfRangeLimits() {
        assertThatThrownBy(() -> Keyward.builder().rateLimit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rateLimit");
        assertThatThrownBy(() -> Keyward.builder().dailyQuota(-1)).hasMessageContaining("dailyQuota");
        assertThatThrownBy(() -> Keyward.builder().maxLiveTokens(0)).hasMessageContaining("maxLiveTokens");
        assertThatThrownBy(() -> Keyward.builder().tokenRateLimit(-1)).hasMessageContaining("tokenRateLimit");
        assertThatThrownBy(() -> new TrafficLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
