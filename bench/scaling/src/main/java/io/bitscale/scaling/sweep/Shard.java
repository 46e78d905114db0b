package io.bitscale.scaling.sweep;

/**
 * A slice {@code i/n} of a plan: cell {@code k} belongs to shard {@code (k mod n) + 1}. Sizes
 * vary fastest in a plan, so round-robin gives every shard a similar mix of small and large
 * cells. Every shard must be run with the same config.
 *
 * @param index 1-based shard number
 * @param count number of shards
 */
public record Shard(int index, int count) {

    /** The whole plan. */
    public static final Shard ALL = new Shard(1, 1);

    /** Validates {@code 1 <= index <= count}. */
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + " must satisfy 1 <= i <= n");
        }
    }

    /** Parses {@code i/n}. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard must be i/n, e.g. 1/4, not '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard must be i/n with whole numbers, not '" + text + "'");
        }
    }

    /** True if the cell at this plan index belongs to this shard. */
    public boolean contains(int planIndex) {
        return planIndex % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
