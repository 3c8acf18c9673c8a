package dev.keyward;

import dev.keyward.internal.NameCodePoints;
import dev.keyward.internal.PastedCredentials;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one rule for connection names: what a person sees decides. {@link #normalize} gives the
 * form a name is stored and shown in, or refuses it; {@link #key} gives the value two names of
 * one organization must not share. Creating and renaming both go through it, and stores index
 * the key. Stateless and thread-safe.
 *
 * <p>The rule follows Unicode TR 15 and TR 36 and PRECIS practice (RFC 8264). It does not catch
 * look-alikes across scripts, such as Latin {@code a} and Cyrillic {@code а}: those names stay
 * distinct. Emoji that need a variation selector or a zero-width joiner are refused, their bare
 * forms are accepted.
 */
public final class ConnectionNames {

    /** The longest name, in Unicode code points after normalization. */
    public static final int MAX_LENGTH = 100;

    /**
     * Inputs longer than this many UTF-16 units are refused before any work, whatever they would
     * normalize to: no name of {@value #MAX_LENGTH} characters needs ten times as many.
     */
    public static final int MAX_INPUT_LENGTH = 1000;

    /**
     * The longest key, in UTF-16 units: what a store's name index must hold. Compatibility
     * characters spell out to several (U+FDFA to 18), so a name of {@value #MAX_LENGTH} characters
     * whose key would be longer is refused as too long.
     */
    public static final int MAX_KEY_LENGTH = 400;

    /** The most nonspacing marks one letter may carry (UTS #39, section 5.4). */
    private static final int MOST_MARKS_IN_A_ROW = 4;
    private static final String SPACING_YPOGEGRAMMENI = "\u037a";
    private static final String SPACE_AND_IOTA = " \u03b9";
    private static final char DOTLESS_I = '\u0131';
    /**
     * Stands for {@code ı} while cases are mapped, which would turn it into {@code I}, then {@code i}.
     * A default-ignorable code point, dropped from every name first, so no name holds it there; not
     * a letter, so a sigma next to it may come out final, which is why every sigma is then written
     * {@code σ}, as case folding writes it.
     */
    private static final char DOTLESS_I_HELD = '\u2065';
    private static final char FINAL_SIGMA = '\u03c2';
    private static final char SIGMA = '\u03c3';

    private ConnectionNames() {
    }

    /**
     * The display form of a name: NFC, every space separator (such as U+00A0 or U+3000) and tab
     * turned into one plain space, runs of spaces collapsed to one, both ends trimmed; letters keep
     * their case and width.
     *
     * @throws KeywardException with {@code INVALID_INPUT} when the name is missing; holds a broken
     *         surrogate pair, a control character other than tab, a format, default-ignorable,
     *         private-use or unassigned code point (zero-width characters, U+00AD, U+FEFF, bidi
     *         controls, tag characters, Hangul fillers, …); is blank once normalized; is longer than
     *         {@value #MAX_LENGTH} code points once normalized; has a key longer than
     *         {@value #MAX_KEY_LENGTH} UTF-16 units; begins with a combining mark, or carries more than four
     *         nonspacing marks on one letter or one of them twice (UTS #39); or holds a credential of any prefix, alone or among
     *         other words, or one a character off (changed, one too many, one cut: its checksum restores it),
     *         since a secret pasted into a name would be shown wherever the name is. The message names the refused
     *         code point as {@code U+XXXX} and its place, never the name itself.
     */
    public static String normalize(String name) {
        return normalize(name, List.of());
    }

    /**
     * As {@link #normalize(String)}, knowing the prefixes of the secrets in use: a secret's body pasted without
     * its prefix, or after a prefix a character off, is refused too.
     */
    static String normalize(String name, List<String> secretPrefixes) {
        if (name == null) {
            throw KeywardException.invalidInput("name is required");
        }
        if (name.length() > MAX_INPUT_LENGTH) {
            throw KeywardException.invalidInput("name must be at most " + MAX_LENGTH + " characters");
        }
        requireVisible(name);
        String display = collapseSpaces(Normalizer.normalize(name, Normalizer.Form.NFC));
        if (display.isEmpty()) {
            throw KeywardException.invalidInput("name must not be blank");
        }
        requireMarksOnTheirLetters(display);
        int length = display.codePointCount(0, display.length());
        if (length > MAX_LENGTH) {
            throw KeywardException.invalidInput(
                    "name must be at most " + MAX_LENGTH + " characters after normalization, not " + length);
        }
        if (key(display).length() > MAX_KEY_LENGTH) {
            throw KeywardException.invalidInput("name is too long once its compatibility characters are spelled out");
        }
        if (PastedCredentials.holds(display, secretPrefixes)) {
            // A name is shown in lists, audit events and answers: a secret pasted into one would be shown too.
            throw KeywardException.invalidInput("name holds something with the shape of a credential; it was refused"
                    + " and not recorded (never paste a secret into a name)");
        }
        return display;
    }

    /**
     * The key by which names collide: two names of one organization are the same name when their
     * keys are equal. Default-ignorable code points are dropped and spaces are those of
     * {@link #normalize}, so a name and its display form have one key; then NFKC (so {@code Ｐｒｏｄ}
     * is {@code Prod} and {@code ﬁ} is {@code fi}), then full case folding ({@code ß} and {@code ẞ}
     * are {@code ss}, {@code Σ}, {@code σ} and final {@code ς} are {@code σ}; dotless {@code ı} stays
     * itself, since only Turkic folding makes {@code I} and {@code ı} one letter). Spaces that NFKC
     * spells a spacing accent with ({@code ´} is a space and U+0301) are kept as they come, neither
     * collapsed nor trimmed. Checked against Unicode's NFKC_Casefold: for every code point a name may
     * hold, after a letter, after a space or before a combining mark, two names have equal keys
     * exactly when their display forms have equal NFKC_Casefold.
     *
     * <p>Java has no case-folding API: this lower-cases, upper-cases and lower-cases again under
     * {@link Locale#ROOT}, which folds as Unicode does but for {@code ı} (taken out beforehand and put
     * back after) and for U+037A, the spacing ypogegrammeni (turned into a space and {@code ι} before
     * NFKC, as NFKC_Casefold does, so that an accent after it lands on the {@code ι}); then applies
     * NFKC once more. Defined for any string, also for names stored before this rule refused some of
     * their characters; never throws but for {@code null}.
     */
    public static String key(String name) {
        Objects.requireNonNull(name, "name");
        String spaced = collapseSpaces(withoutDefaultIgnorables(name))
                .replace(SPACING_YPOGEGRAMMENI, SPACE_AND_IOTA);
        String compatible = Normalizer.normalize(spaced, Normalizer.Form.NFKC).replace(DOTLESS_I, DOTLESS_I_HELD);
        String folded = compatible.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT)
                .replace(FINAL_SIGMA, SIGMA);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC).replace(DOTLESS_I_HELD, DOTLESS_I);
    }

    private static void requireVisible(String name) {
        int position = 1;
        for (int i = 0; i < name.length(); position++) {
            int codePoint = name.codePointAt(i);
            if (Character.getType(codePoint) == Character.SURROGATE) {
                throw KeywardException.invalidInput(
                        "name must not contain a broken surrogate pair (character " + position + ")");
            }
            if (NameCodePoints.isRefused(codePoint)) {
                throw KeywardException.invalidInput(String.format(Locale.ROOT,
                        "name must not contain U+%04X, an invisible, control or unassigned character (character %d)",
                        codePoint, position));
            }
            i += Character.charCount(codePoint);
        }
    }

    /**
     * Combining marks as Unicode's security mechanisms advise (UTS #39, section 5.4): none at the start of a
     * name, where it would sit on whatever is shown before the name; at most {@value #MOST_MARKS_IN_A_ROW}
     * nonspacing marks in a row, and none twice on one letter, counted in the name's canonical decomposition
     * (so {@code é} then U+0301 holds U+0301 twice). More marks draw over the rows around the name, and a mark
     * twice looks like one, so two names that look the same would have two keys. Written words rarely carry
     * more: Vietnamese puts two marks on a letter, Arabic a shadda and a vowel, a Tibetan syllable of Sanskrit
     * stacks four; Hebrew fully pointed and with cantillation marks can reach five, and is refused.
     */
    private static void requireMarksOnTheirLetters(String display) {
        int first = display.codePointAt(0);
        if (isCombiningMark(first)) {
            throw KeywardException.invalidInput(String.format(Locale.ROOT,
                    "name must not begin with U+%04X, a combining mark", first));
        }
        String decomposed = Normalizer.normalize(display, Normalizer.Form.NFD);
        int[] marks = new int[MOST_MARKS_IN_A_ROW];
        int run = 0;
        for (int i = 0; i < decomposed.length(); ) {
            int codePoint = decomposed.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
                run = 0;
            } else if (run == MOST_MARKS_IN_A_ROW) {
                throw KeywardException.invalidInput(
                        "name must not hold more than " + MOST_MARKS_IN_A_ROW + " combining marks on one letter");
            } else {
                for (int m = 0; m < run; m++) {
                    if (marks[m] == codePoint) {
                        throw KeywardException.invalidInput(String.format(Locale.ROOT,
                                "name must not hold U+%04X twice on one letter, which shows as once", codePoint));
                    }
                }
                marks[run++] = codePoint;
            }
            i += Character.charCount(codePoint);
        }
    }

    private static boolean isCombiningMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** Each run of tabs and space separators as one plain space, none at either end. */
    private static String collapseSpaces(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (NameCodePoints.isSpace(codePoint)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.appendCodePoint(codePoint);
            }
        }
        return out.toString();
    }

    private static String withoutDefaultIgnorables(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(c -> !NameCodePoints.isDefaultIgnorable(c)).forEach(out::appendCodePoint);
        return out.toString();
    }
}
