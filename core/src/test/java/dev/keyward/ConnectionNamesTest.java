package dev.keyward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.icu.text.Normalizer2;
import dev.keyward.internal.NameCodePoints;
import dev.keyward.testing.NameTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

/** How a connection name is shown, which names are refused, and when two names are the same. */
class ConnectionNamesTest {

    /** The Default_Ignorable_Code_Point ranges of Unicode's DerivedCoreProperties. */
    private static final int[][] DEFAULT_IGNORABLES = {
        {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
        {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
        {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
        {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF}};

    /** U+2800 BRAILLE PATTERN BLANK: a symbol (So), neither format nor default-ignorable, that draws nothing. */
    private static final int BRAILLE_PATTERN_BLANK = 0x2800;

    private static String text(int codePoint) {
        return new String(Character.toChars(codePoint));
    }

    /** Whether the name passes; a refusal must be invalid input. */
    private static boolean passes(String name) {
        try {
            ConnectionNames.normalize(name);
            return true;
        } catch (KeywardException e) {
            if (e.code() != ErrorCode.INVALID_INPUT) {
                throw e;
            }
            return false;
        }
    }

    /**
     * The next code point to try: every one, except that planes 4 to 13 (unassigned) and 15 to 16
     * (private use) are tried at their ends only, which keeps each sweep at about a second.
     */
    private static int next(int cp) {
        int plane = cp >>> 16;
        boolean uniform = plane >= 4 && plane <= 13 || plane >= 15;
        return uniform && (cp & 0xFFFF) == 0 ? cp + 0xFFFF : cp + 1;
    }

    private static void assertInvalid(String name) {
        assertThatThrownBy(() -> ConnectionNames.normalize(name)).isInstanceOfSatisfying(KeywardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            // Printable ASCII only: a refusal never carries the name's invisible characters into a log line.
            assertThat(e.getMessage()).matches("[\\x20-\\x7e]+").startsWith("name ");
        });
    }

    @Nested
    @DisplayName("the display form")
    class DisplayForm {

        @ParameterizedTest(name = "{0} is shown as {1}")
        @MethodSource("dev.keyward.testing.NameTable#displayForms")
        @DisplayName("is NFC with every space separator and tab folded to one space, trimmed, its case kept")
        void nameIsShownNormalized(String input, String expected) {
            assertThat(ConnectionNames.normalize(input)).isEqualTo(expected);
            assertThat(ConnectionNames.normalize(expected)).isEqualTo(expected);
        }

        @Test
        @DisplayName("every space separator Java knows becomes one plain space")
        void everySpaceSeparatorIsOneSpace() {
            int separators = 0;
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                if (Character.getType(cp) == Character.SPACE_SEPARATOR) {
                    assertThat(ConnectionNames.normalize("a" + text(cp) + text(cp) + "\tb")).isEqualTo("a b");
                    separators++;
                }
            }
            assertThat(separators).isEqualTo(17);
        }

        @Test
        @DisplayName("is counted in code points after normalization: 100 fit, 101 do not, the message tells")
        void lengthIsCountedAfterNormalization() {
            assertThat(ConnectionNames.normalize("e\u0301".repeat(100))).hasSize(100);
            assertThat(ConnectionNames.normalize("\ud83d\udd11".repeat(100))).hasSize(200);
            assertThatThrownBy(() -> ConnectionNames.normalize("e\u0301".repeat(101)))
                    .isInstanceOf(KeywardException.class)
                    .hasMessage("name must be at most 100 characters after normalization, not 101");
        }

        @Test
        @DisplayName("a name whose key spells out to more than a store's index holds is refused as too long")
        void keyLengthIsBounded() {
            assertThat(ConnectionNames.key("\ufdfa")).hasSize(18);
            assertThat(ConnectionNames.key(ConnectionNames.normalize("\ufdfa".repeat(22)))).hasSize(396);
            assertThatThrownBy(() -> ConnectionNames.normalize("\ufdfa".repeat(23)))
                    .isInstanceOf(KeywardException.class)
                    .hasMessage("name is too long once its compatibility characters are spelled out");
        }

        @Test
        @DisplayName("an input of thousands of characters is refused before any normalization")
        void hugeInputIsRefusedAtOnce() {
            assertThatThrownBy(() -> ConnectionNames.normalize(" ".repeat(ConnectionNames.MAX_INPUT_LENGTH) + "x"))
                    .isInstanceOf(KeywardException.class).hasMessageContaining("at most 100 characters");
            assertThat(ConnectionNames.normalize(" ".repeat(ConnectionNames.MAX_INPUT_LENGTH - 1) + "x"))
                    .isEqualTo("x");
        }
    }

    @Nested
    @DisplayName("refusals")
    class Refusals {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.testing.NameTable#refused")
        @DisplayName("invisible, bidi-control, tag, control, private-use, unassigned, broken, blank or overlong names")
        void nameIsRefused(String name) {
            assertInvalid(name);
        }

        @ParameterizedTest
        @NullSource
        @DisplayName("a missing name is refused as invalid input")
        void nullIsRefused(String name) {
            assertThatThrownBy(() -> ConnectionNames.normalize(name)).isInstanceOf(KeywardException.class)
                    .hasMessage("name is required");
        }

        @Test
        @DisplayName("the refusal names the code point and its place, never the name itself")
        void refusalNamesTheCodePoint() {
            assertThatThrownBy(() -> ConnectionNames.normalize("Pro\u202e\u200bd")).isInstanceOf(KeywardException.class)
                    .hasMessage("name must not contain U+202E, an invisible, control or unassigned character"
                            + " (character 4)");
            assertThatThrownBy(() -> ConnectionNames.normalize("x\udb40\udc41")).isInstanceOf(KeywardException.class)
                    .hasMessage("name must not contain U+E0041, an invisible, control or unassigned character"
                            + " (character 2)");
            assertThatThrownBy(() -> ConnectionNames.normalize("ab\ud800")).isInstanceOf(KeywardException.class)
                    .hasMessage("name must not contain a broken surrogate pair (character 3)");
            assertThatThrownBy(() -> ConnectionNames.normalize("\u00a0\u3000")).isInstanceOf(KeywardException.class)
                    .hasMessage("name must not be blank");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.testing.NameTable#misplacedMarks")
        @DisplayName("a combining mark first, five nonspacing marks on a letter, or one mark twice on it (UTS #39)")
        void misplacedMarksAreRefused(String name) {
            assertInvalid(name);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.testing.NameTable#marksOfWrittenLanguages")
        @DisplayName("the marks written languages put on their letters pass, as do four distinct marks on one")
        void marksOfWrittenLanguagesPass(String name) {
            assertThat(passes(name)).isTrue();
        }

        @Test
        @DisplayName("a refused mark is named by its code point, never with the name")
        void refusedMarkIsNamedByItsCodePoint() {
            assertThatThrownBy(() -> ConnectionNames.normalize(" \u0301Prod")).isInstanceOf(KeywardException.class)
                    .hasMessage("name must not begin with U+0301, a combining mark");
            assertThatThrownBy(() -> ConnectionNames.normalize("Caf\u00e9\u0301")).isInstanceOf(KeywardException.class)
                    .hasMessage("name must not hold U+0301 twice on one letter, which shows as once");
            assertThatThrownBy(() -> ConnectionNames.normalize("Z\u0300\u0301\u0302\u0303\u0304algo"))
                    .isInstanceOf(KeywardException.class)
                    .hasMessage("name must not hold more than 4 combining marks on one letter");
        }

        @Test
        @DisplayName("every default-ignorable code point is refused, alone or inside a name")
        void everyDefaultIgnorableIsRefused() {
            for (int[] range : DEFAULT_IGNORABLES) {
                for (int cp = range[0]; cp <= range[1]; cp++) {
                    assertInvalid(text(cp));
                    assertInvalid("a" + text(cp) + "b");
                }
            }
        }

        @Test
        @DisplayName("exactly the visible code points pass: no control but tab, format, private-use, unassigned,"
                + " line or paragraph separator, default-ignorable, nor U+2800, a symbol that draws nothing")
        void exactlyTheVisibleCodePointsPass() {
            Set<Integer> refusedTypes = Set.of((int) Character.CONTROL, (int) Character.FORMAT,
                    (int) Character.UNASSIGNED, (int) Character.PRIVATE_USE, (int) Character.SURROGATE,
                    (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR);
            int accepted = 0;
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp = next(cp)) {
                boolean visible = cp == '\t' || !refusedTypes.contains(Character.getType(cp)) && !defaultIgnorable(cp)
                        && cp != BRAILLE_PATTERN_BLANK;
                boolean passes = passes("a" + text(cp) + "b");
                if (passes != visible) {
                    assertThat(passes).as("whether U+%04X passes", cp).isEqualTo(visible);
                }
                accepted += passes ? 1 : 0;
            }
            // Java 17 knows Unicode 13.0; of its 143,859 characters, this rule refuses a few hundred.
            assertThat(accepted).isGreaterThan(130_000);
        }

        private boolean defaultIgnorable(int cp) {
            for (int[] range : DEFAULT_IGNORABLES) {
                if (cp >= range[0] && cp <= range[1]) {
                    return true;
                }
            }
            return false;
        }
    }

    @Nested
    @DisplayName("the key that decides when two names collide")
    class Key {

        @ParameterizedTest(name = "{0} and {1}")
        @MethodSource("dev.keyward.testing.NameTable#lookAlikes")
        @DisplayName("is the same for names a person reads as one")
        void lookAlikesShareAKey(String first, String second) {
            assertThat(ConnectionNames.key(second)).isEqualTo(ConnectionNames.key(first));
            assertThat(ConnectionNames.key(ConnectionNames.normalize(second)))
                    .isEqualTo(ConnectionNames.key(ConnectionNames.normalize(first)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.keyward.testing.NameTable#displayForms")
        @DisplayName("is the key of the display form, and a key is its own key")
        void keyOfDisplayFormAndOfKey(String input, String display) {
            String key = ConnectionNames.key(display);
            assertThat(ConnectionNames.key(input)).isEqualTo(key);
            assertThat(ConnectionNames.key(key)).isEqualTo(key);
        }

        @Test
        @DisplayName("folds case fully: sharp s, final sigma, Greek with accents, Cherokee, dotted capital I")
        void foldsCaseFully() {
            assertThat(ConnectionNames.key("STRA\u00dfE")).isEqualTo("strasse");
            assertThat(ConnectionNames.key("\u1e9e")).isEqualTo("ss");
            assertThat(ConnectionNames.key("\u039f\u0394\u039f\u03a3"))
                    .isEqualTo(ConnectionNames.key("\u03bf\u03b4\u03bf\u03c3"))
                    .isEqualTo(ConnectionNames.key("\u03bf\u03b4\u03bf\u03c2"));
            assertThat(ConnectionNames.key("\u0386\u0398\u0397\u039d\u0391"))
                    .isEqualTo(ConnectionNames.key("\u03ac\u03b8\u03b7\u03bd\u03b1"));
            assertThat(ConnectionNames.key("\u13a0\u13a1")).isEqualTo(ConnectionNames.key("\uab70\uab71"));
            assertThat(ConnectionNames.key("\u0130")).isEqualTo(ConnectionNames.key("i\u0307"));
            assertThat(ConnectionNames.key("\uff30\uff52\uff4f\uff44")).isEqualTo("prod");
        }

        @Test
        @DisplayName("keeps apart what looks different, and cross-script confusables (out of scope)")
        void keepsDistinctNamesApart() {
            assertThat(ConnectionNames.key("Prod")).isNotEqualTo(ConnectionNames.key("Prod 2"));
            assertThat(ConnectionNames.key("Cafe")).isNotEqualTo(ConnectionNames.key("Caf\u00e9"));
            assertThat(ConnectionNames.key("a b")).isNotEqualTo(ConnectionNames.key("ab"));
            // Latin a and Cyrillic a look alike; telling such scripts apart is out of this rule's scope.
            assertThat(ConnectionNames.key("a")).isNotEqualTo(ConnectionNames.key("\u0430"));
        }

        @Test
        @DisplayName("is defined for any stored name, even one this rule now refuses: ignorables drop out")
        void keyIsTotal() {
            assertThat(ConnectionNames.key("Pro\u200bd\ufeff")).isEqualTo("prod");
            assertThat(ConnectionNames.key("\u200b")).isEmpty();
            assertThat(ConnectionNames.key("a\ud800")).isEqualTo("a\ud800");
            for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp = next(cp)) {
                assertThat(ConnectionNames.key("x" + text(cp) + "Y")).endsWith("y");
            }
        }

        @Test
        @DisplayName("keeps dotless i apart from i, as full case folding does: only I and i are one letter")
        void keepsDotlessIApart() {
            assertThat(ConnectionNames.key("K\u0131rm\u0131z\u0131")).isEqualTo("k\u0131rm\u0131z\u0131")
                    .isNotEqualTo(ConnectionNames.key("Kirmizi"));
            assertThat(ConnectionNames.key("KIRMIZI")).isEqualTo(ConnectionNames.key("kirmizi"));
            assertThat(ConnectionNames.key("x\u0131\u0300")).isNotEqualTo(ConnectionNames.key("x\u00ec"));
            assertThat(ConnectionNames.key("\u03a3\u0131 \u03a3")).isEqualTo("\u03c3\u0131 \u03c3")
                    .isEqualTo(ConnectionNames.key("\u03c2\u0131 \u03c2"));
        }

        @Test
        @DisplayName("folds the spacing ypogegrammeni to a space and iota before composing, so its accent lands on"
                + " the iota")
        void foldsYpogegrammeniBeforeComposing() {
            assertThat(ConnectionNames.key("x\u037a\u0301")).isEqualTo("x \u03af")
                    .isEqualTo(ConnectionNames.key("x \u03af"));
            assertThat(ConnectionNames.key("\u03b1\u0345\u0301")).isEqualTo(ConnectionNames.key("\u1fb4"));
        }

        @Test
        @DisplayName("collapses and trims the spaces of the display form only, not those NFKC spells a spacing"
                + " accent with")
        void keepsTheSpacesOfSpacingAccents() {
            assertThat(ConnectionNames.key("x\u00b4")).isEqualTo("x \u0301");
            assertThat(ConnectionNames.key("x \u00b4")).isEqualTo("x  \u0301");
            assertThat(ConnectionNames.key("\u00b4x")).isEqualTo(" \u0301x")
                    .isNotEqualTo(ConnectionNames.key("\u0301x"));
            assertThat(ConnectionNames.key("\u00a0x\u3000\u3000\u00b4\t")).isEqualTo(ConnectionNames.key("x \u00b4"));
        }

        @Test
        @DisplayName("collides exactly where Unicode's NFKC_Casefold does, for every code point after a letter,"
                + " after a space, and before a combining mark")
        void collidesExactlyAsUnicodeCaseFolding() {
            Normalizer2 unicode = Normalizer2.getNFKCCasefoldInstance();
            Map<String, Set<String>> unicodeFoldsByKey = new HashMap<>();
            Map<String, Set<String>> keysByUnicodeFold = new HashMap<>();
            List<IntFunction<String>> forms = List.of(cp -> "x" + text(cp), cp -> "x " + text(cp),
                    cp -> "x" + text(cp) + "\u0301");
            int refusedButFolded = 0;
            for (IntFunction<String> form : forms) {
                for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp = next(cp)) {
                    // Spaces are the display rule's business, not case folding's.
                    if (NameCodePoints.isSpace(cp) || NameCodePoints.isRefused(cp)) {
                        continue;
                    }
                    String name;
                    try {
                        name = ConnectionNames.normalize(form.apply(cp));
                    } catch (KeywardException refused) {
                        // x, a mark, the same mark again (after U+0301 itself, or a letter whose decomposition ends in
                        // it, such as é): refused now, yet a name stored before may hold it, and its key must still
                        // fold as Unicode's. Its display form is its NFC: the form holds no space.
                        assertThat(refused.getMessage()).as("U+%04X", cp).contains("twice on one letter");
                        name = java.text.Normalizer.normalize(form.apply(cp), java.text.Normalizer.Form.NFC);
                        refusedButFolded++;
                    }
                    String key = ConnectionNames.key(name);
                    String folded = unicode.normalize(name);
                    unicodeFoldsByKey.computeIfAbsent(key, k -> new TreeSet<>()).add(folded);
                    keysByUnicodeFold.computeIfAbsent(folded, k -> new TreeSet<>()).add(key);
                }
            }

            assertThat(refusedButFolded).as("forms refused for U+0301 twice, their keys compared all the same")
                    .isBetween(100, 300);
            assertThat(escapedGroups(unicodeFoldsByKey)).as("names that collide, though Unicode keeps them apart")
                    .isEmpty();
            assertThat(escapedGroups(keysByUnicodeFold)).as("names that Unicode folds together, but do not collide")
                    .isEmpty();
        }

        /** The sets of more than one value, each value escaped so that a report shows its marks. */
        private List<List<String>> escapedGroups(Map<String, Set<String>> groups) {
            return groups.values().stream().filter(values -> values.size() > 1)
                    .map(values -> values.stream().map(NameTable::escaped).toList()).toList();
        }
    }
}
