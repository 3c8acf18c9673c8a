package dev.keyward;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The distinctive prefixes of generated credentials and client ids, so that secret
 * scanners can find leaked keys and a glance tells one kind from another. Each is
 * 3–12 characters: a lower-case letter, then lower-case letters or digits, then {@code _}.
 * No prefix may begin or end another: the one would be ambiguous, the other would make a secret
 * scanner's rule for the shorter prefix find credentials of the longer one. Immutable.
 *
 * @param accessKey    prefix of access keys; default {@code kwak_}
 * @param clientId     prefix of OAuth client ids; default {@code kwci_}
 * @param clientSecret prefix of OAuth client secrets; default {@code kwcs_}
 * @param bearerToken  prefix of bearer tokens; default {@code kwat_}
 */
public record CredentialPrefixes(String accessKey, String clientId, String clientSecret, String bearerToken) {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9]{1,10}_");
    /** The longest prefix, its {@code _} included. */
    public static final int MAX_LENGTH = 12;

    /** The default prefixes. */
    public static final CredentialPrefixes DEFAULTS = new CredentialPrefixes("kwak_", "kwci_", "kwcs_", "kwat_");

    /** @throws IllegalArgumentException naming the offending prefix */
    public CredentialPrefixes {
        List<String> all = List.of(
                check("accessKey", accessKey), check("clientId", clientId),
                check("clientSecret", clientSecret), check("bearerToken", bearerToken));
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                if (i != j && all.get(j).startsWith(all.get(i))) {
                    throw new IllegalArgumentException(
                            "prefix '" + all.get(i) + "' begins '" + all.get(j) + "': credentials would be ambiguous");
                }
                if (i != j && all.get(j).endsWith(all.get(i))) {
                    // Scanners' rules have no boundary before the prefix, so that KEY_kwak_… is found.
                    throw new IllegalArgumentException("prefix '" + all.get(i) + "' ends '" + all.get(j)
                            + "': a secret scanner's rule for the one would find credentials of the other");
                }
            }
        }
    }

    /**
     * Whether a string has the shape of a prefix: 3–12 characters, a lower-case letter, then
     * lower-case letters or digits, then {@code _}.
     */
    public static boolean isWellShaped(CharSequence prefix) {
        return prefix != null && prefix.length() <= MAX_LENGTH && SHAPE.matcher(prefix).matches();
    }

    private static String check(String kind, String prefix) {
        Objects.requireNonNull(prefix, kind + " prefix");
        // Bounded before matching, so a huge value is neither scanned nor echoed.
        if (!isWellShaped(prefix)) {
            String shown = prefix.length() > MAX_LENGTH ? prefix.substring(0, MAX_LENGTH) + "..." : prefix;
            throw new IllegalArgumentException(kind + " prefix '" + shown
                    + "' must be 3-12 characters: a lower-case letter, lower-case letters or digits, then '_'");
        }
        return prefix;
    }
}
