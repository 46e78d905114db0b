/**
 * The {@code .bsc} container: {@link io.bitscale.core.stream.BitscaleOutputStream} and
 * {@link io.bitscale.core.stream.BitscaleInputStream} in the style of {@code java.util.zip}.
 *
 * <p><b>Guarantees.</b> Constant memory for any length (one frame plus its payload, plus the
 * model); every frame carries a CRC32C that is checked before any of its bytes is returned;
 * every length field is bounded before allocation; all content errors are checked
 * {@link io.bitscale.core.stream.BitscaleException}s naming the broken structure and its offset.
 * The layout is documented in {@code docs/format.md} and pinned by golden streams.
 */
package io.bitscale.core.stream;
