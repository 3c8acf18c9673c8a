/**
 * Keyward's observations as Micrometer meters: {@link dev.keyward.micrometer.KeywardMetrics}, given
 * to {@code Keyward.builder().observer(...)}, counts verifications by outcome, denial code, API
 * family and authentication type, and times cold verifications, Argon2 work, token issuance and
 * revocation lag, in any {@code MeterRegistry}.
 */
package dev.keyward.micrometer;
