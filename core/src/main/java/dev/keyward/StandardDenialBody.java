package dev.keyward;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * The default denial body, {@code {"result":false,"errorCode":…,"errorDesc":…,"requestId":…}}.
 * The part before the request id is written once per code, so a denial costs one string
 * concatenation; the request id goes through the JSON escaper only when it holds a character
 * outside printable ASCII or a quote or backslash — never for a generated one. Stateless and
 * thread-safe.
 */
enum StandardDenialBody implements DenialBody {
    INSTANCE;

    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();
    private static final String[] HEADS = new String[DenialCode.values().length];

    static {
        for (DenialCode code : DenialCode.values()) {
            HEADS[code.ordinal()] = "{\"result\":false,\"errorCode\":\"" + code.name() + "\",\"errorDesc\":\""
                    + new String(JSON.quoteAsString(code.description())) + "\",\"requestId\":\"";
        }
    }

    @Override
    public String render(DenialCode code, String requestId) {
        String id = isPlain(requestId) ? requestId : new String(JSON.quoteAsString(requestId));
        return HEADS[code.ordinal()] + id + "\"}";
    }

    /** Whether the JSON escaper would leave the value as it is: printable ASCII except {@code "} and {@code \}. */
    private static boolean isPlain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
