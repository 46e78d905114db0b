package io.bitscale.scaling.explain;

/**
 * Receives what a model made of each byte, in input order ({@link Explainer#explain}).
 *
 * <pre>{@code
 * double[] worst = {0};
 * new Explainer(Models.factory("order2")).explain(data, record -> worst[0] = Math.max(worst[0], record.bits()));
 * }</pre>
 */
@FunctionalInterface
public interface ByteRecordListener {

    /**
     * Called once before the first byte (also for empty input).
     *
     * @param spec         the model's spec
     * @param contributors the names of {@link ByteRecord#contributions()}, empty for a model that
     *                     does not attribute its cost
     */
    default void started(String spec, java.util.List<String> contributors) {
    }

    /** Called once per byte, in input order. */
    void byteExplained(ByteRecord record);
}
