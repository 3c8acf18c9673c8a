package dev.keyward.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.keyward.DenialBody;
import dev.keyward.DenialCode;

/**
 * The default denial body, {@code {"result":false,"errorCode":…,"errorDesc":…,"requestId":…}}.
 * The part before the request id is written once per code, so a denial costs one string
 * concatenation and the escaping of the request id. Stateless and thread-safe.
 */
public enum StandardDenialBody implements DenialBody {
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
        return HEADS[code.ordinal()] + new String(JSON.quoteAsString(requestId)) + "\"}";
    }
}
