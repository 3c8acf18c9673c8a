package dev.keyward.jdbc;

/** Text read from the database, made safe for a log line: nothing in it can end the line or forge another. */
final class LogText {

    private LogText() {
    }

    /** The text with every character outside printable ASCII, and {@code "} and {@code \}, as a Java escape. */
    static String escaped(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** The escaped text between double quotes. */
    static String quoted(String text) {
        return '"' + escaped(text) + '"';
    }
}
