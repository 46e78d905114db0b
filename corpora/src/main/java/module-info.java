/**
 * bitscale-corpora: benchmark corpora by name, never their bytes.
 *
 * <ul>
 *   <li>{@code io.bitscale.corpora}: the manifest, the one corpus locator, the fetcher, corpus
 *       data by name (sets, files, shuffled documents);</li>
 *   <li>{@code io.bitscale.corpora.synthetic}: sources with a known entropy rate.</li>
 * </ul>
 */
module io.bitscale.corpora {
    requires transitive io.bitscale.core;
    requires org.apache.commons.compress;
    requires java.net.http;

    exports io.bitscale.corpora;
    exports io.bitscale.corpora.synthetic;
}
