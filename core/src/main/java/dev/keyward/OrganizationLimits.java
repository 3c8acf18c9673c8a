package dev.keyward;

/**
 * The host's say on each organization's traffic, for plans that differ per organization: given an
 * organization, the limits of its API requests. Set with {@link Keyward.Builder#organizationLimits};
 * by default every organization gets the builder's {@code rateLimit} and {@code dailyQuota}.
 *
 * <p>Asked when an organization's allowance is first needed on a node, and again at most once a
 * minute while it is in use, so a changed plan applies within a minute; never on every request.
 * Must be thread-safe and quick (answer from memory). If it throws or returns {@code null} when an
 * allowance is first needed, the builder's limits apply; when asked again, the limits in force stay.
 * Either way the failure is logged.
 */
@FunctionalInterface
public interface OrganizationLimits {

    /** The limits of this organization's API requests; {@link TrafficLimits#NONE} for none. */
    TrafficLimits limitsFor(OrganizationId organizationId);
}
