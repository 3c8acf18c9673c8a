package dev.keyward.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a secret scanner's report: a JSON array of at least one object, each with the string members
 * {@code token} and {@code type}; a duplicate member, trailing content, deep nesting or a {@code type} that
 * is not a short string makes the whole report malformed. Every other member is ignored whatever it holds
 * ({@code url}, which GitHub says "may be empty", {@code source}, what GitHub may add later), so that no odd
 * entry keeps the others' leaked credentials live. Only the body's size bounds the number of entries and the
 * length of a value: a token too long to be a credential is one that matches nothing. Never throws.
 * Stateless and thread-safe.
 */
public final class LeakReport {

    /** Longer reports are refused unread. */
    public static final int MAX_BODY_LENGTH = 256 * 1024;
    private static final int MAX_TYPE_LENGTH = 200;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                            .maxStringLength(MAX_BODY_LENGTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private LeakReport() {
    }

    /** One reported match; {@code toString()} hides the token. */
    public record Entry(String token, String type) {
        @Override
        public String toString() {
            return "Entry[type=" + type + "]";
        }
    }

    /** The entries of a report, or null when it is malformed. */
    public static List<Entry> parse(byte[] body) {
        if (body == null || body.length == 0 || body.length > MAX_BODY_LENGTH) {
            return null;
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            // Malformed JSON, or past the nesting and length bounds.
            return null;
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            return null;
        }
        List<Entry> entries = new ArrayList<>(root.size());
        for (JsonNode item : root) {
            Entry entry = entry(item);
            if (entry == null) {
                return null;
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private static Entry entry(JsonNode item) {
        if (!item.isObject()) {
            return null;
        }
        JsonNode token = item.get("token");
        JsonNode type = item.get("type");
        if (token == null || !token.isTextual() || type == null || !type.isTextual()
                || type.textValue().length() > MAX_TYPE_LENGTH) {
            return null;
        }
        return new Entry(token.textValue(), type.textValue());
    }
}
