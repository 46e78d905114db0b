/**
 * Benchmark corpora: the manifest of standard files with their sizes and SHA-256 checksums
 * ({@link io.bitscale.bench.corpus.CorpusManifest}), where to find them on this machine
 * ({@link io.bitscale.bench.corpus.CorpusLocator}), how to download them
 * ({@link io.bitscale.bench.corpus.CorpusFetcher}), and seeded synthetic sources whose entropy
 * rate is known exactly ({@link io.bitscale.bench.corpus.SyntheticSource}).
 *
 * <p>Corpus bytes are never part of the project; only names, sizes, checksums and URLs are.
 * A file is identified by its manifest checksum, so the same bytes found in any root are the
 * same corpus.
 */
package io.bitscale.bench.corpus;
