/**
 * Keyward's API: the {@link dev.keyward.Keyward} facade and its builder, the management
 * service, the {@link dev.keyward.RequestAuthenticator request authenticator} and the
 * {@link dev.keyward.TokenEndpoint token endpoint}, value types and refusals.
 */
package dev.keyward;
