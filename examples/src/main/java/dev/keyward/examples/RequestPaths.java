package dev.keyward.examples;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * How both demos read a request's path before routing it. Routes are matched against the path as
 * sent, and only the values of their {@code {name}} segments are percent-decoded, so that an id with
 * a character a client encodes ({@code acme%3Aeu}) reaches its route as {@code acme:eu}. A path that
 * percent-encodes a character that never needs it — a letter, a digit, {@code - . _ ~} — or one that
 * would change how the path is split or read — {@code / \ % ;} or a control character — is no route:
 * decoded, {@code /v1%2Fping} and {@code /v1/p%69ng} would read as {@code /v1/ping}, and a matcher
 * that decodes would let them reach it. Stateless.
 */
public final class RequestPaths {

    private static final String NEVER_ENCODED = "-._~/\\%;";

    private RequestPaths() {
    }

    /** False if the path, as sent, percent-encodes one of the characters above or has a malformed escape. */
    public static boolean routable(String rawPath) {
        for (int i = rawPath.indexOf('%'); i >= 0; i = rawPath.indexOf('%', i + 1)) {
            if (i + 2 >= rawPath.length()) {
                return false;
            }
            int high = Character.digit(rawPath.charAt(i + 1), 16);
            int low = Character.digit(rawPath.charAt(i + 2), 16);
            if (high < 0 || low < 0 || neverEncoded((char) (high * 16 + low))) {
                return false;
            }
        }
        return true;
    }

    /** A segment of a routable path, percent-decoded as UTF-8; {@code +} stays a plus sign, as it does in a path. */
    public static String decoded(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static boolean neverEncoded(char c) {
        return c < 0x20 || c == 0x7F || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || NEVER_ENCODED.indexOf(c) >= 0;
    }
}
