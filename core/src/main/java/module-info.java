/**
 * bitscale-core: exact entropy coding and the model SPI. No dependencies.
 *
 * <ul>
 *   <li>{@code io.bitscale.core.model}: the SPI a model implements ({@code BitPredictor},
 *       {@code SymbolPredictor}, factories, fixed-point helpers);</li>
 *   <li>{@code io.bitscale.core.coding}: the range coder and the lockstep loop;</li>
 *   <li>{@code io.bitscale.core.stream}: the {@code .bsc} container streams and their exceptions;</li>
 *   <li>{@code io.bitscale.core.accounting}: ideal code lengths;</li>
 *   <li>{@code io.bitscale.core.huffman}: the static Huffman baseline;</li>
 *   <li>{@code io.bitscale.core.io}: atomic file writes and SHA-256 digests;</li>
 *   <li>{@code io.bitscale.core.random}: the one seeded generator, SplitMix64;</li>
 *   <li>{@code io.bitscale.core.transform}: reversible transforms before modelling (words).</li>
 * </ul>
 */
module io.bitscale.core {
    exports io.bitscale.core.model;
    exports io.bitscale.core.coding;
    exports io.bitscale.core.stream;
    exports io.bitscale.core.accounting;
    exports io.bitscale.core.huffman;
    exports io.bitscale.core.io;
    exports io.bitscale.core.random;
    exports io.bitscale.core.transform;
}
