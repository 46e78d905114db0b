package io.bitscale.corpora.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Stream;

import io.bitscale.corpora.synthetic.SyntheticSource.Symbols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticSourceTest {

    static final int MB = 1 << 20;

    static Stream<SyntheticSource> sources() {
        return Stream.of(
                SyntheticSource.textLike(),
                SyntheticSource.markov(4, 3, 0.3, Symbols.LETTERS, 5),
                SyntheticSource.markov(32, 1, 1.0, Symbols.BYTES, 6),
                SyntheticSource.zipf(64, 1.1, Symbols.BYTES, 7),
                SyntheticSource.randomIid(26, 0.4, Symbols.LETTERS, 8),
                SyntheticSource.weights(new long[] {5, 3, 1, 1}, Symbols.LETTERS, 9));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void empiricalEntropyOfOneMegabyteIsWithinOnePercentOfTheRate(SyntheticSource source) {
        byte[] data = source.generate(MB);
        double empirical = EmpiricalEntropy.conditionalEntropyBits(data, source.order());
        assertThat(empirical).as(source.describe())
                .isCloseTo(source.entropyRateBits(), within(0.01 * source.entropyRateBits()));
    }

    @ParameterizedTest
    @MethodSource("sources")
    void sameSeedSameBytesAndShorterOutputsArePrefixes(SyntheticSource source) throws IOException {
        byte[] a = source.generate(100_000);
        byte[] b = SyntheticSource.parse(source.spec()).generate(100_000);
        assertThat(b).isEqualTo(a);
        assertThat(source.generate(1234)).isEqualTo(Arrays.copyOf(a, 1234));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.generate(100_000L, out);
        assertThat(out.toByteArray()).isEqualTo(a);
    }

    @ParameterizedTest
    @MethodSource("sources")
    void bytesStayInsideTheAlphabet(SyntheticSource source) {
        int lo = source.symbols() == Symbols.LETTERS ? 'a' : 0;
        byte[] data = source.generate(50_000);
        for (byte b : data) {
            assertThat(b & 0xFF).isBetween(lo, lo + source.alphabetSize() - 1);
        }
    }

    @Test
    void differentSeedsGiveDifferentStreamsAndTables() {
        SyntheticSource a = SyntheticSource.textLike(1);
        SyntheticSource b = SyntheticSource.textLike(2);
        assertThat(a.generate(1000)).isNotEqualTo(b.generate(1000));
        assertThat(a.entropyRateBits()).isNotEqualTo(b.entropyRateBits());
    }

    /** Pins the stream: a change here breaks the reproducibility of published results. */
    @Test
    void textLikeDefaultIsStable() {
        SyntheticSource t = SyntheticSource.textLike();
        assertThat(t.alphabetSize()).isEqualTo(16);
        assertThat(t.order()).isEqualTo(2);
        assertThat(t.spec()).isEqualTo("markov:m=16,k=2,alpha=0.5,seed=20240601,symbols=letters");
        assertThat(t.entropyRateBits()).isCloseTo(2.675166, within(1e-6));
        assertThat(new String(t.generate(40), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("bkdphhnkcompgaljcmchanaofdgpafcaeigmambh");
    }

    @Test
    void entropyOfSimpleTablesIsExact() {
        assertThat(SyntheticSource.weights(new long[] {1, 1}, Symbols.LETTERS, 1).entropyRateBits()).isCloseTo(1.0, within(1e-12));
        assertThat(SyntheticSource.zipf(16, 0, Symbols.LETTERS, 1).entropyRateBits()).isCloseTo(4.0, within(1e-12));
        assertThat(SyntheticSource.zipf(256, 0, Symbols.BYTES, 1).entropyRateBits()).isCloseTo(8.0, within(1e-12));
        // 3/4, 1/4 is exactly representable in 2^16 weights: H = 0.811278...
        double h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25)) / Math.log(2);
        assertThat(SyntheticSource.weights(new long[] {3, 1}, Symbols.LETTERS, 1).entropyRateBits()).isCloseTo(h, within(1e-12));
    }

    @Test
    void markovOfOrderZeroIsIid() {
        SyntheticSource m0 = SyntheticSource.markov(8, 0, 1.0, Symbols.LETTERS, 3);
        SyntheticSource iid = SyntheticSource.randomIid(8, 1.0, Symbols.LETTERS, 3);
        assertThat(m0.generate(10_000)).isEqualTo(iid.generate(10_000));
        assertThat(m0.entropyRateBits()).isEqualTo(iid.entropyRateBits());
    }

    @Test
    void quantizedWeightsSumToTheTotalAndStayPositive() {
        int[] w = SyntheticSource.quantize(new double[] {1e-12, 1, 1e6, 0});
        assertThat(Arrays.stream(w).sum()).isEqualTo(1 << SyntheticSource.PRECISION_BITS);
        assertThat(java.util.Arrays.stream(w).min().getAsInt()).isGreaterThanOrEqualTo(1);
        int[] exact = SyntheticSource.quantize(new double[] {32768, 16384, 16384});
        assertThat(exact).containsExactly(32768, 16384, 16384);
    }

    @Test
    void parseAcceptsDefaultsAndRejectsNonsenseReadably() {
        assertThat(SyntheticSource.parse("text-like").spec()).isEqualTo(SyntheticSource.textLike().spec());
        assertThat(SyntheticSource.parse("markov").order()).isEqualTo(2);
        assertThat(SyntheticSource.parse("zipf:m=200").symbols()).isEqualTo(Symbols.BYTES);
        assertThat(SyntheticSource.parse("weights:w=3/1,seed=4").spec()).isEqualTo("weights:w=3/1,seed=4,symbols=letters");
        assertThatThrownBy(() -> SyntheticSource.parse("markov:k=2,q=1")).hasMessageContaining("unknown keys [q]");
        assertThatThrownBy(() -> SyntheticSource.parse("brownian")).hasMessageContaining("unknown kind");
        assertThatThrownBy(() -> SyntheticSource.parse("iid:m=40,symbols=letters")).hasMessageContaining("at most 26");
        assertThatThrownBy(() -> SyntheticSource.parse("markov:m=256,k=3")).hasMessageContaining("table limit");
        assertThatThrownBy(() -> SyntheticSource.parse("iid:alpha=0")).hasMessageContaining("alpha");
    }

    @Test
    void describeNamesTheSourceTheRateAndTheSpec() {
        assertThat(SyntheticSource.textLike().describe())
                .contains("order-2 Markov chain over 16 symbols")
                .contains("'a'..'p'")
                .contains("entropy rate 2.675166 bits/byte")
                .contains("[markov:m=16,k=2,alpha=0.5,seed=20240601,symbols=letters]");
    }
}
