package io.bitscale.core.coding;

import io.bitscale.core.model.Cdf;
import io.bitscale.core.testing.TestData;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The static rANS coder round-trips exactly, costs what its table says (plus its 16 state bytes),
 * and reports damaged, truncated or mismatched payloads instead of failing or running away.
 */
class StaticRansTest {

    /** Semi-static order-0 table of {@code data} with total {@code 2^totalBits} (every byte gets a width of at least 1). */
    static StaticCdf tableOf(byte[] data, int totalBits) {
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        if (data.length == 0) {
            counts[0] = 1;
        }
        int[] cdf = new int[257];
        Cdf.fromFrequencies(counts, 256, 1 << totalBits, cdf);
        return StaticCdf.of(cdf, 256);
    }

    static double idealBits(StaticCdf table, byte[] data) {
        int[] cdf = table.cdf();
        double bits = 0;
        for (byte b : data) {
            int s = b & 0xFF;
            bits += table.totalBits() - Math.log((double) cdf[s + 1] - cdf[s]) / Math.log(2);
        }
        return bits;
    }

    static byte[] roundTrip(StaticCdf table, byte[] data) {
        byte[] payload = StaticRans.encode(table, data, 0, data.length);
        byte[] restored = new byte[data.length];
        assertThat(StaticRans.decode(table, payload, 0, payload.length, restored, 0, restored.length))
                .as("well formed").isTrue();
        assertThat(restored).isEqualTo(data);
        // The only cost above the table's code length is the 16 bytes of final state.
        assertThat(8.0 * payload.length).isLessThanOrEqualTo(idealBits(table, data) + 8 * StaticRans.HEADER_BYTES + 8);
        return payload;
    }

    static Stream<byte[]> edgeCases() {
        byte[] oneMiB = TestData.text(7, (1 << 20) + 17);
        return Stream.of(new byte[0], new byte[] {42}, new byte[] {1, 2}, new byte[] {1, 2, 3},
                TestData.run(0, 5000), TestData.run(255, 4097), TestData.random(3, 100_001),
                TestData.skewed(5, 65_536), TestData.everyByte(3), oneMiB);
    }

    @ParameterizedTest
    @MethodSource("edgeCases")
    void roundTripsEdgeCasesAtEveryTableSize(byte[] data) {
        for (int bits : new int[] {8, 12, 15, 16}) {
            roundTrip(tableOf(data, bits), data);
        }
    }

    @Test
    void codesTheRangeCodersTableToWithinItsStateBytes() {
        byte[] data = TestData.text(11, 300_000);
        StaticCdf table = tableOf(data, 15);
        ArithmeticEncoder range = new ArithmeticEncoder();
        for (byte b : data) {
            range.codeSymbol(table, b & 0xFF);
        }
        int rangeBytes = range.finish().length;
        int ransBytes = StaticRans.encode(table, data, 0, data.length).length;
        assertThat(Math.abs(ransBytes - rangeBytes)).isLessThanOrEqualTo(StaticRans.HEADER_BYTES + 4);
    }

    @Test
    void extremeTablesRoundTrip() {
        // One symbol owns all but one slot of 2^16, the other has width 1: 16 bits per rare symbol.
        int[] cdf = new int[257];
        for (int s = 1; s <= 256; s++) {
            cdf[s] = s == 1 ? 1 : 65_536;
        }
        StaticCdf table = StaticCdf.of(cdf, 256);
        SplittableRandom random = new SplittableRandom(1);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (random.nextInt(50) == 0 ? 0 : 1);
        }
        roundTrip(table, data);
        Arrays.fill(data, (byte) 0);                 // only the rarest symbol: 16 bits each
        roundTrip(table, data);
    }

    @Property(tries = 200)
    void arbitraryDataRoundTrips(@ForAll @Size(max = 3000) byte[] data, @ForAll @IntRange(min = 8, max = 16) int bits) {
        roundTrip(tableOf(data, bits), data);
    }

    @Test
    void slicesAreHonoured() {
        byte[] data = TestData.text(3, 10_000);
        StaticCdf table = tableOf(data, 14);
        byte[] payload = StaticRans.encode(table, data, 100, 5_001);
        byte[] framed = new byte[payload.length + 20];
        System.arraycopy(payload, 0, framed, 7, payload.length);
        byte[] out = new byte[6_000];
        assertThat(StaticRans.decode(table, framed, 7, payload.length, out, 500, 5_001)).isTrue();
        assertThat(Arrays.copyOfRange(out, 500, 5_501)).isEqualTo(Arrays.copyOfRange(data, 100, 5_101));
        assertThat(Arrays.copyOfRange(out, 0, 500)).containsOnly(0);
        assertThatThrownBy(() -> StaticRans.decode(table, payload, 0, payload.length, out, 1_000, 5_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out slice");
        assertThatThrownBy(() -> StaticRans.encode(table, data, 9_000, 2_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("data slice");
    }

    @Test
    void refusesSymbolsWithoutProbability() {
        int[] cdf = new int[257];
        for (int s = 'a' + 1; s <= 256; s++) {
            cdf[s] = s == 'a' + 1 ? 2048 : 4096;     // only 'a' and 'b' have width
        }
        StaticCdf table = StaticCdf.of(cdf, 256);
        assertThat(roundTrip(table, new byte[] {'a', 'b', 'b'})).isNotEmpty();
        assertThatThrownBy(() -> StaticRans.encode(table, new byte[] {'a', 'c'}, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("byte 99 at index 1");
    }

    @Test
    void reportsTruncationExtensionAndWrongCount() {
        byte[] data = TestData.text(5, 50_000);
        StaticCdf table = tableOf(data, 15);
        byte[] payload = StaticRans.encode(table, data, 0, data.length);
        byte[] out = new byte[data.length + 1];
        for (int cut : new int[] {0, 3, 8, 15, 16, 100, payload.length - 1}) {
            assertThat(StaticRans.decode(table, payload, 0, cut, out, 0, data.length)).as("cut to " + cut).isFalse();
        }
        byte[] longer = Arrays.copyOf(payload, payload.length + 1);
        assertThat(StaticRans.decode(table, longer, 0, longer.length, out, 0, data.length)).isFalse();
        assertThat(StaticRans.decode(table, payload, 0, payload.length, out, 0, data.length - 1)).isFalse();
        assertThat(StaticRans.decode(table, payload, 0, payload.length, out, 0, data.length + 1)).isFalse();
        assertThat(StaticRans.decode(tableOf(TestData.random(1, 5000), 15), payload, 0, payload.length, out, 0, data.length))
                .as("another table").isFalse();
    }

    @Test
    void bitFlipsAreReportedOrHarmlessAndNeverThrow() {
        byte[] data = TestData.text(9, 20_000);
        StaticCdf table = tableOf(data, 15);
        byte[] payload = StaticRans.encode(table, data, 0, data.length);
        byte[] out = new byte[data.length];
        SplittableRandom random = new SplittableRandom(99);
        int reported = 0;
        int silent = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            byte[] damaged = payload.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
            boolean ok = StaticRans.decode(table, damaged, 0, damaged.length, out, 0, out.length);
            if (!ok) {
                reported++;
            } else if (!Arrays.equals(out, data)) {
                silent++;
            }
        }
        // rANS has no redundancy to spare: a flip in the last state bytes can land on another
        // valid stream. It must be rare; the container's CRC is what guarantees detection.
        assertThat(reported).isGreaterThan(1_900);
        assertThat(silent).isLessThan(100);
    }
}
