package dev.keyward.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How both demos read request bodies: capped in size, and JSON only when the request says it is
 * JSON and sends it in UTF-8. Refusals are {@link HttpError}s. Thread-safe.
 */
public final class JsonBodies {

    /** Request bodies larger than this are refused with 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /**
     * The demos' JSON mapper, for answers and requests alike. It reads strictly: a name given twice
     * in one object, where a lenient reader keeps the last value, and anything but white space after
     * the value, which a lenient reader never looks at, make a body invalid.
     */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBodies() {
    }

    /** The body, at most {@link #MAX_BODY_BYTES}; a longer one is refused with 413. Closes the stream. */
    public static byte[] read(InputStream body) throws IOException {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HttpError(413, "PAYLOAD_TOO_LARGE", "request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /**
     * The body for one of Keyward's endpoints, which refuse a body too long in their own format: at
     * most {@code limit} bytes and one more, so that the endpoint sees that a longer body is too long
     * without the demo reading all of it. Never refuses. Closes the stream.
     */
    public static byte[] readAtMost(InputStream body, int limit) throws IOException {
        try (InputStream in = body) {
            return in.readNBytes(limit + 1);
        }
    }

    /**
     * The body as a JSON object; the request must say it is JSON ({@code application/json}, exactly, its
     * parameters aside), send it in UTF-8 (RFC 8259; a {@code charset} parameter naming another is refused) and
     * not encoded ({@code Content-Encoding} absent or {@code identity}): a body read as something it is not
     * would be stored as something the client did not send.
     */
    public static JsonNode object(String contentType, String contentEncoding, byte[] bytes) {
        if (contentEncoding != null && !contentEncoding.strip().equalsIgnoreCase("identity")) {
            throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body without a Content-Encoding");
        }
        String[] type = Objects.requireNonNullElse(contentType, "").split(";", -1);
        if (!type[0].strip().equalsIgnoreCase("application/json")) {
            throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
        }
        for (int i = 1; i < type.length; i++) {
            int equals = type[i].indexOf('=');
            String name = (equals < 0 ? type[i] : type[i].substring(0, equals)).strip();
            String value = equals < 0 ? "" : type[i].substring(equals + 1).strip().replace("\"", "");
            if (name.equalsIgnoreCase("charset") && !value.equalsIgnoreCase("utf-8")) {
                throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "send the body in UTF-8");
            }
        }
        try {
            JsonNode node = JSON.readTree(strictUtf8(bytes));
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("the body is not valid JSON: one object, each name in it once");
        }
    }

    /**
     * The body as a JSON object, as {@link #object} reads it, or null for a request that sends
     * neither a body nor a {@code Content-Type}. A body without a {@code Content-Type} is refused
     * with 415, as {@link #object} refuses it: never taken for no body.
     */
    public static JsonNode optionalObject(String contentType, String contentEncoding, byte[] bytes) {
        if (contentType == null && bytes.length == 0) {
            return null;
        }
        return object(contentType, contentEncoding, bytes);
    }

    /** Decodes UTF-8, refusing what is not: a lenient decoder would store U+FFFD in place of the client's bytes. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("the body is not valid UTF-8");
        }
    }
}
