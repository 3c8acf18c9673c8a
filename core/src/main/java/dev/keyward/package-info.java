/**
 * Keyward's API: the {@link dev.keyward.Keyward} facade and its builder, the management
 * service, value types and refusals.
 */
package dev.keyward;
