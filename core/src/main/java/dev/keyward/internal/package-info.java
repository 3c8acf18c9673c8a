/**
 * Keyward's implementation: credential codec, Argon2id hasher, verification and cache.
 * Not API: nothing here is exported by the module, and any of it may change in any release.
 */
package dev.keyward.internal;
