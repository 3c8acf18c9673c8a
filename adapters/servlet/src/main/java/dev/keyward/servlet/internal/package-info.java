/**
 * Not API: what Keyward's servlet and Spring adapters share beneath their public types. Anything here may
 * change or go in any release; applications should not use it.
 */
package dev.keyward.servlet.internal;
