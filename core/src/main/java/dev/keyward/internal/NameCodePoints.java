package dev.keyward.internal;

/**
 * Which code points a connection name may hold, and which of them are spaces. A name is what a
 * person sees, so anything that shows nothing, moves text around or has no agreed look is refused.
 * Stateless and thread-safe.
 */
public final class NameCodePoints {

    /**
     * Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt), first and last of
     * each, sorted. Most are format characters anyway; the rest are fillers and selectors that
     * render as nothing, such as U+3164 HANGUL FILLER and the variation selectors.
     */
    private static final int[] DEFAULT_IGNORABLE = {
        0x00AD, 0x00AD, 0x034F, 0x034F, 0x061C, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180F,
        0x200B, 0x200F, 0x202A, 0x202E, 0x2060, 0x206F, 0x3164, 0x3164, 0xFE00, 0xFE0F, 0xFEFF, 0xFEFF,
        0xFFA0, 0xFFA0, 0xFFF0, 0xFFF8, 0x1BCA0, 0x1BCA3, 0x1D173, 0x1D17A, 0xE0000, 0xE0FFF};

    private static final int BRAILLE_PATTERN_BLANK = 0x2800;

    private NameCodePoints() {
    }

    /** A tab or a space separator (Unicode category Zs: U+0020, U+00A0, U+3000, …): shown as one space. */
    public static boolean isSpace(int codePoint) {
        return codePoint == '\t' || Character.getType(codePoint) == Character.SPACE_SEPARATOR;
    }

    /**
     * Whether a name may not hold this code point: a control other than tab, a format character
     * (zero-width characters, bidi controls, tags), a line or paragraph separator, a surrogate on its
     * own, an unassigned code point (noncharacters included), a private-use one (it has no agreed
     * look, so two people may see two names), a default-ignorable one, or U+2800 BRAILLE PATTERN BLANK, a
     * symbol that draws nothing (as the Hangul fillers, which are default-ignorable, draw nothing): a name
     * could otherwise look blank, or look like another with a blank at its end.
     */
    public static boolean isRefused(int codePoint) {
        if (codePoint == '\t') {
            return false;
        }
        if (codePoint == BRAILLE_PATTERN_BLANK) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> isDefaultIgnorable(codePoint);
        };
    }

    /** Whether Unicode says to show nothing for this code point when it is not supported. */
    public static boolean isDefaultIgnorable(int codePoint) {
        if (codePoint < DEFAULT_IGNORABLE[0]) {
            return false;
        }
        for (int i = 0; i < DEFAULT_IGNORABLE.length && codePoint >= DEFAULT_IGNORABLE[i]; i += 2) {
            if (codePoint <= DEFAULT_IGNORABLE[i + 1]) {
                return true;
            }
        }
        return false;
    }
}
