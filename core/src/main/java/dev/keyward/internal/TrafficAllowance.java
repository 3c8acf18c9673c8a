package dev.keyward.internal;

/**
 * Where an organization stands against its traffic limits on this node, as the traffic limiter keeps
 * it. Each remembered connection of the organization holds it ({@link CachedConnection#trafficAllowance()}),
 * so a warm request finds it without a lookup; what it holds is the limiter's own business.
 */
public interface TrafficAllowance {
}
