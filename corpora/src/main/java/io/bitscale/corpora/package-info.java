/**
 * Benchmark corpora: the manifest of standard files with their sizes and SHA-256 checksums
 * ({@link io.bitscale.corpora.CorpusManifest}), where to find them on this machine
 * ({@link io.bitscale.corpora.CorpusLocator}), how to download them
 * ({@link io.bitscale.corpora.CorpusFetcher}), and seeded synthetic sources whose entropy
 * rate is known exactly ({@link io.bitscale.corpora.synthetic.SyntheticSource}).
 *
 * <p>Corpus bytes are never part of the project; only names, sizes, checksums and URLs are.
 * A file is identified by its manifest checksum, so the same bytes found in any root are the
 * same corpus.
 */
package io.bitscale.corpora;
