package dev.keyward;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The addresses a connection's credentials may be presented from: a set of {@link CidrRange}s,
 * or, when empty (the default), any address. Kept canonical: each range in its canonical text,
 * duplicates removed, IPv4 ranges first, then by address. At most {@link #MAXIMUM_RANGES} ranges.
 *
 * <p>Checking an address is a scan of pre-computed masks: no parsing, no allocation. An empty
 * list admits every request, also one whose address the host did not give; a non-empty list
 * admits only an address inside one of its ranges, so a request of unknown address is refused.
 * Immutable and thread-safe.
 */
public final class IpAllowlist {

    /** The most ranges one list may hold. */
    public static final int MAXIMUM_RANGES = 100;

    private static final IpAllowlist ANY = new IpAllowlist(List.of());

    private final List<CidrRange> ranges;
    private final long[] masks;

    private IpAllowlist(List<CidrRange> ranges) {
        this.ranges = List.copyOf(ranges);
        this.masks = new long[ranges.size() * 4];
        for (int i = 0; i < ranges.size(); i++) {
            CidrRange range = ranges.get(i);
            masks[4 * i] = range.maskHigh();
            masks[4 * i + 1] = range.high();
            masks[4 * i + 2] = range.maskLow();
            masks[4 * i + 3] = range.low();
        }
    }

    /** The empty list: any address. */
    public static IpAllowlist any() {
        return ANY;
    }

    /**
     * The list of these ranges (see {@link CidrRange#parse} for the accepted forms), canonical.
     *
     * @throws KeywardException {@code INVALID_INPUT} for a null list or entry, more than
     *         {@link #MAXIMUM_RANGES} entries or an entry that is not a range; the message names the
     *         entry by its position, never by its text
     */
    public static IpAllowlist parse(Collection<String> ranges) {
        if (ranges == null) {
            throw KeywardException.invalidInput("the list of allowed IP ranges is required (empty for any address)");
        }
        if (ranges.size() > MAXIMUM_RANGES) {
            throw KeywardException.invalidInput("at most " + MAXIMUM_RANGES + " allowed IP ranges, got "
                    + ranges.size());
        }
        TreeSet<CidrRange> parsed = new TreeSet<>();
        int position = 0;
        for (String range : ranges) {
            position++;
            try {
                parsed.add(CidrRange.parse(range));
            } catch (KeywardException e) {
                throw KeywardException.invalidInput("allowed IP range " + position + ": " + e.getMessage());
            }
        }
        return of(parsed);
    }

    /** The list of these ranges, canonical. */
    public static IpAllowlist of(Collection<CidrRange> ranges) {
        TreeSet<CidrRange> sorted = new TreeSet<>(ranges);
        if (sorted.size() > MAXIMUM_RANGES) {
            throw KeywardException.invalidInput("at most " + MAXIMUM_RANGES + " allowed IP ranges");
        }
        return sorted.isEmpty() ? ANY : new IpAllowlist(new ArrayList<>(sorted));
    }

    /**
     * Whether a request from this address may be granted: always for the empty list; for another,
     * only for an address in one of its ranges, never for a null (unknown) one.
     */
    public boolean permits(ClientAddress address) {
        if (masks.length == 0) {
            return true;
        }
        if (address == null) {
            return false;
        }
        long high = address.high();
        long low = address.low();
        for (int i = 0; i < masks.length; i += 4) {
            if ((high & masks[i]) == masks[i + 1] && (low & masks[i + 2]) == masks[i + 3]) {
                return true;
            }
        }
        return false;
    }

    /** Whether it is the empty list, which admits any address. */
    public boolean isAny() {
        return ranges.isEmpty();
    }

    /** Its ranges, canonical order; empty for any address. */
    public List<CidrRange> ranges() {
        return ranges;
    }

    /** Its ranges as canonical text, e.g. {@code ["10.0.0.0/8", "2001:db8::/32"]}. */
    public List<String> toStrings() {
        return ranges.stream().map(CidrRange::toString).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAllowlist that && ranges.equals(that.ranges);
    }

    @Override
    public int hashCode() {
        return ranges.hashCode();
    }

    @Override
    public String toString() {
        return ranges.isEmpty() ? "any" : ranges.toString();
    }
}
