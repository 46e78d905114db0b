package io.bitscale.scaling.theory;

import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.sweep.Cell;
import io.bitscale.scaling.sweep.CellRunner;
import io.bitscale.scaling.sweep.Provenance;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ScaleModels;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The theory check of issue #5 at a size that runs in seconds: an order-2 KT counting model over
 * the 16 used symbols of an order-2 Markov source (d = 16²·15 = 3840 free parameters).
 * docs/scaling.md has the full table for n = 10^4..10^7.
 */
class RedundancyTest {

    private static final long D = 16L * 16 * 15;

    private final CellRunner runner = new CellRunner(ScaleModels.registry(), new CorpusData(() -> null), false,
            new Provenance("jvm", "rev"));

    private ResultRow online(long seed, long n) throws IOException {
        String corpus = "synthetic:markov:m=16,k=2,alpha=0.5,symbols=bytes,seed=" + seed;
        return runner.run(new Cell(0, corpus, "online", "kt", "ktm(order=2,m=16)", Map.of(), n, n, seed, 16),
                x -> { }, () -> false);
    }

    @Test
    void measuredRedundancyMatchesTheKtAsymptotics() throws IOException {
        double pointwise = 0;
        double expected = 0;
        double slope = 0;
        long[] seeds = {1, 2};
        for (long seed : seeds) {
            ResultRow small = online(seed, 100_000);
            ResultRow large = online(seed, 1_000_000);
            assertThat(large.parameters()).isEqualTo(D);
            pointwise += large.pointwiseRedundancyBpb() / seeds.length;
            expected += large.expectedRedundancyBpb() / seeds.length;
            // Total redundancy grows by (d/2)·log2(10) bits per decade of n: the Rissanen coefficient.
            double totalSmall = small.pointwiseRedundancyBpb() * small.testBytes();
            double totalLarge = large.pointwiseRedundancyBpb() * large.testBytes();
            slope += (totalLarge - totalSmall) / (Math.log(10) / Math.log(2)) / seeds.length;
        }
        // With its constants (Clarke–Barron), the law matches within a few percent at n = 10^6 ...
        assertThat(pointwise).isCloseTo(expected, within(0.05 * expected));
        // ... its log-n coefficient d/2 within 10% ...
        assertThat(slope).isCloseTo(D / 2.0, within(0.10 * D / 2.0));
        // ... while the leading term alone, (d/2)·log2(n)/n, overstates it about twofold: the
        // constant -(d/2)·log2(2πe·contexts) is not small until n is far beyond 10^7.
        double leading = D / 2.0 * Math.log(1e6) / Math.log(2) / 1e6;
        assertThat(pointwise / leading).isBetween(0.3, 0.6);
    }
}
