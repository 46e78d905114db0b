package io.bitscale.core.model;

/**
 * One named part of a model's size: a component of a mixture, its mixer, its SSE stages. The
 * parts of a factory add up to its totals, so a report can say where the parameters, the memory
 * and the work of a model actually are (a small mixture can be mostly SSE tables).
 *
 * @param name              what the part is, e.g. {@code order(1..4,bits=22)} or {@code sse}
 * @param parameters        learned parameters of the part
 * @param memoryBytes       heap bytes of the part
 * @param operationsPerByte its share of the work per coded byte, or -1 if not stated
 */
public record ModelPart(String name, long parameters, long memoryBytes, long operationsPerByte) {
}
