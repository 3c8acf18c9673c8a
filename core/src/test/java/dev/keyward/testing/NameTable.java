package dev.keyward.testing;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The table of connection names as people see them, shared by the unit test of the naming rule
 * and by the store contract kit: pairs a person reads as one name, names that must be refused,
 * and inputs with the display form they come back in. Each value is labelled with its escaped
 * form, so that test reports show what the invisible characters are.
 */
public final class NameTable {

    private NameTable() {
    }

    /** Pairs a person reads as one name: once the first exists, the second is taken. */
    public static Stream<Arguments> lookAlikes() {
        return Stream.of(
                pair("Caf\u00e9", "Cafe\u0301"),
                pair("Prod", "Prod\u00a0"),
                pair("Prod", "\u00a0Prod\u202f"),
                pair("\uff30\uff52\uff4f\uff44", "Prod"),
                pair("\u039f\u0394\u039f\u03a3", "\u03bf\u03b4\u03bf\u03c2"),
                pair("\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3", "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c3"),
                pair("STRA\u00dfE", "Strasse"),
                pair("GRO\u1e9e", "gross"),
                pair("\ufb01le", "FILE"),
                pair("\u212a", "k"),
                pair("a \t  b", "A B"),
                pair("x\u3000y", "X Y"),
                pair("\u2460", "1"));
    }

    /**
     * Names that are refused as invalid input: invisible, bidi-control, tag, control, private-use,
     * unassigned, broken-surrogate, blank after normalization, or longer than 100 characters after it.
     */
    public static Stream<Arguments> refused() {
        return Stream.of("", " ", "\t", "\u200b", "\u00a0", "\u3164", "\u115f\u1160", "\uffa0", "\u200b\u200b",
                "\u2800", "Prod\u2800", "Prod\u2800\u2800\u2800",
                "Pro\u200bd", "Prod\u200c", "Prod\u200d", "Prod\u2060", "\ufeffProd", "Prod\u00ad", "Prod\u034f",
                "Prod\u061c", "Prod\u17b4", "Prod\u180b", "Prod\u180e", "Prod\ufe0f", "Prod\udb40\udd00",
                "Prod\u200e", "Prod\u200f", "\u202eProd", "Prod\u202a", "\u2066Prod\u2069", "Prod\u2067",
                "Prod\udb40\udc01", "Prod\udb40\udc41", "Prod\udb40\udc7f", "Prod\ud834\udd73",
                "Prod\ud82f\udca0", "Prod\ufff0", "Prod\u0000", "Prod\n", "Prod\r", "Prod\u007f", "Prod\u0085",
                "Prod\u2028", "Prod\u2029", "Prod\ue000", "Prod\udb80\udc00", "Prod\u0378", "Prod\ufdd0",
                "Prod\uffff", "\ud800Prod", "Prod\udc00", "Prod\ud800", "x".repeat(101), "e\u0301".repeat(101),
                "\ud83d\udd11".repeat(101), "\ufdfa".repeat(23))
                .map(name -> Arguments.of(labelled(name)));
    }

    /** Names whose combining marks UTS #39 advises against: first in the name, five on a letter, one twice. */
    public static Stream<Arguments> misplacedMarks() {
        return Stream.of("\u0301Prod", " \u0301Prod", "\u00a0\u0301Prod", "\u20ddProd", "\u093fProd", "\u0301",
                "Prod\u0301\u0301", "Caf\u00e9\u0301", "Pro\u0301\u0302\u0301d", "Pro\u0323\u0301\u0323d",
                "Z\u0300\u0301\u0302\u0303\u0304algo", "Z\u0351\u036b\u0343\u036a\u0302algo",
                "Prod \u0301\u0300\u0302\u0303\u0304", "\u1ec7\u0302", "x\u20dd\u20dd",
                // Hebrew fully pointed, with a cantillation mark: shin, dagesh, shin dot, qamats, etnahta, meteg.
                "\u05e9\u05bc\u05c1\u05b8\u0591\u05bd\u05dc\u05d5\u05dd")
                .map(name -> Arguments.of(labelled(name)));
    }

    /** Names whose marks sit as written languages put them, and four distinct marks on one letter. */
    public static Stream<Arguments> marksOfWrittenLanguages() {
        return Stream.of("Nguy\u1ec5n Th\u1ecb \u1ec6", "Nguye\u0302\u0303n", "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd",
                "\u0915\u094d\u0937\u0924\u094d\u0930\u093f\u092f", "\u0e19\u0e49\u0e33", "Caf\u00e9",
                "Cafe\u0301", "a\u0300\u0301\u0302\u0303", "x \u0301", "\u0f66\u0f90\u0fb1\u0f7c\u0f53",
                "\u00e9\u0300",
                // Tibetan hrīṃ, four marks once decomposed (U+0F73 is two); Arabic, a shadda and a fatha on one letter.
                "\u0f67\u0fb2\u0f73\u0f7e", "\u0645\u062d\u0645\u0651\u064e\u062f")
                .map(name -> Arguments.of(labelled(name)));
    }

    /** Inputs and the display form a name comes back in: NFC, spaces folded and trimmed, case kept. */
    public static Stream<Arguments> displayForms() {
        return Stream.of(
                display(" Cafe\u0301 ", "Caf\u00e9"),
                display("Prod\u00a0", "Prod"),
                display("tab\tinside", "tab inside"),
                display("Prod\u00a0\u00a0\u202f\u2009East", "Prod East"),
                display("\u3000x\u3000\u3000y\u3000", "x y"),
                display("\u1680a\u205fb", "a b"),
                display("\uff30\uff52\uff4f\uff44", "\uff30\uff52\uff4f\uff44"),
                display("STRA\u00dfE", "STRA\u00dfE"),
                display("\u039f\u0394\u039f\u03a3", "\u039f\u0394\u039f\u03a3"),
                display("e\u0301".repeat(100), "\u00e9".repeat(100)),
                display("x".repeat(100) + " ".repeat(50), "x".repeat(100)),
                display("y " + "\u00a0".repeat(300) + "z", "y z"),
                display("\ud83d\udd11 key", "\ud83d\udd11 key"),
                display("\ufdfa".repeat(22), "\ufdfa".repeat(22)));
    }

    private static Arguments pair(String first, String second) {
        return Arguments.of(labelled(first), labelled(second));
    }

    private static Arguments display(String input, String expected) {
        return Arguments.of(labelled(input), labelled(expected));
    }

    /** The value, shown in reports as Java would write it, abridged when long. */
    public static Named<String> labelled(String value) {
        return Named.of(escaped(value.length() > 24 ? value.substring(0, 8) : value)
                + (value.length() > 24 ? "… (" + value.length() + " UTF-16 units)" : ""), value);
    }

    /** The string with every character outside printable ASCII written as a Java escape. */
    public static String escaped(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
