/**
 * Static order-0 Huffman coding: the classic baseline for the arithmetic coder.
 *
 * <p>{@link io.bitscale.core.huffman.HuffmanCode} builds a canonical, deterministic Huffman code
 * for the 256 byte values from their counts, limited to 32-bit code words;
 * {@link io.bitscale.core.huffman.HuffmanCoder} compresses a byte array with the code of its own
 * counts into a small self-describing format (tag, length, compact code-length table, bitstream)
 * and decodes it back, reporting any damaged or foreign input as a checked
 * {@link io.bitscale.core.stream.CorruptedInputException}.
 *
 * <p><b>What it shows.</b> A Huffman code spends a whole number of bits per byte, so it pays
 * between 0 and 1 bit per byte above the order-0 entropy {@code H0} ({@code H0 <= L < H0 + 1});
 * the loss is largest when one byte is very likely (e.g. runs of zeros in a bitmap, where the
 * ideal cost is far below one bit). Arithmetic coding of the same counts comes within a few bytes
 * of {@code H0}. {@code docs/huffman-vs-arithmetic.md} measures both on the Calgary corpus.
 *
 * <p><b>Cost.</b> Encoding counts, then codes (two passes over an in-memory array). Decoding uses
 * an 11-bit lookup table (8 KiB) with canonical decoding for longer code words. Memory is the
 * input plus the output; there is no streaming form.
 */
package io.bitscale.core.huffman;
