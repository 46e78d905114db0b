package io.bitscale.jmh;

import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.StaticCdf;
import io.bitscale.core.coding.StaticRans;
import io.bitscale.core.model.Cdf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The multi-symbol range coder alone with one static 256-way table: the order-0 byte
 * distribution of the file itself, scaled to a total of {@code 2^totalBits} (every byte value
 * at least 1), coding the file's bytes. Two ways to code the same symbols, which write the same
 * bytes: the general {@code codeSymbol(int[] cdf, ...)} (validates the table per call, decodes
 * with a 64-bit division and a binary search) and the prepared {@link StaticCdf} path (decodes
 * with the same division and one table lookup). A third way, {@link StaticRans}, codes the same
 * symbols with the same table as rANS (its own payload, at most 16 state bytes longer): no
 * division on the decode chain and two interleaved states.
 *
 * <p>Read the {@code bytes} counter: symbols (bytes) per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SymbolCoderBenchmark {

    @Param({"calgary/book1"})
    public String corpus;

    /** {@code log2} of the table total. */
    @Param({"15"})
    public int totalBits;

    private byte[] data;
    private int[] cdf;
    private StaticCdf table;
    private byte[] payload;
    private byte[] ransPayload;

    @State(Scope.Thread)
    public static class Coders {
        final ArithmeticEncoder encoder = new ArithmeticEncoder(1 << 20);
        final ArithmeticDecoder decoder = new ArithmeticDecoder(new byte[0], 0, 0);
        private byte[] restored = new byte[0];

        byte[] restored(int length) {
            if (restored.length != length) {
                restored = new byte[length];
            }
            return restored;
        }
    }

    @Setup(Level.Trial)
    public void prepare() {
        data = BenchmarkCorpus.load(corpus);
        long[] counts = new long[256];
        for (byte b : data) {
            counts[b & 0xFF]++;
        }
        cdf = new int[257];
        Cdf.fromFrequencies(counts, 256, 1 << totalBits, cdf);
        table = StaticCdf.of(cdf, 256);

        ArithmeticEncoder general = new ArithmeticEncoder(data.length);
        ArithmeticEncoder fast = new ArithmeticEncoder(data.length);
        for (byte b : data) {
            general.codeSymbol(cdf, 256, b & 0xFF);
            fast.codeSymbol(table, b & 0xFF);
        }
        payload = general.finish();
        if (!Arrays.equals(fast.finish(), payload)) {
            throw new IllegalStateException("static-table path wrote different bytes");
        }
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        for (int i = 0; i < data.length; i++) {
            if (decoder.codeSymbol(table, 0) != (data[i] & 0xFF)) {
                throw new IllegalStateException("symbol " + i + " does not decode");
            }
        }
        ransPayload = StaticRans.encode(table, data, 0, data.length);
        byte[] restored = new byte[data.length];
        if (!StaticRans.decode(table, ransPayload, 0, ransPayload.length, restored, 0, restored.length)
                || !Arrays.equals(restored, data)) {
            throw new IllegalStateException("rANS does not round-trip " + corpus);
        }
        System.out.printf("%n# rANS with the same table: %,d bytes%n", ransPayload.length);
        System.out.printf("%n# static order-0 table of %s, total 2^%d: %,d bytes -> %,d (%.4f bits/byte)%n",
                corpus, totalBits, data.length, payload.length, 8.0 * payload.length / data.length);
    }

    @Benchmark
    public int encodeGeneral(Coders coders, ByteCounter counter) {
        ArithmeticEncoder encoder = coders.encoder;
        encoder.reset();
        int[] c = cdf;
        for (byte b : data) {
            encoder.codeSymbol(c, 256, b & 0xFF);
        }
        int size = encoder.finishBlock();
        counter.add(data.length, size);
        return size;
    }

    @Benchmark
    public int decodeGeneral(Coders coders, ByteCounter counter) {
        ArithmeticDecoder decoder = coders.decoder;
        decoder.reset(payload, 0, payload.length);
        int[] c = cdf;
        int checksum = 0;
        for (int i = 0, n = data.length; i < n; i++) {
            checksum += decoder.codeSymbol(c, 256, 0);
        }
        counter.add(data.length, payload.length);
        return checksum;
    }

    @Benchmark
    public int encodeStatic(Coders coders, ByteCounter counter) {
        ArithmeticEncoder encoder = coders.encoder;
        encoder.reset();
        StaticCdf t = table;
        for (byte b : data) {
            encoder.codeSymbol(t, b & 0xFF);
        }
        int size = encoder.finishBlock();
        counter.add(data.length, size);
        return size;
    }

    @Benchmark
    public int decodeStatic(Coders coders, ByteCounter counter) {
        ArithmeticDecoder decoder = coders.decoder;
        decoder.reset(payload, 0, payload.length);
        StaticCdf t = table;
        int checksum = 0;
        for (int i = 0, n = data.length; i < n; i++) {
            checksum += decoder.codeSymbol(t, 0);
        }
        counter.add(data.length, payload.length);
        return checksum;
    }

    @Benchmark
    public int encodeRans(ByteCounter counter) {
        byte[] out = StaticRans.encode(table, data, 0, data.length);
        counter.add(data.length, out.length);
        return out.length;
    }

    @Benchmark
    public int decodeRans(Coders coders, ByteCounter counter) {
        byte[] out = coders.restored(data.length);
        if (!StaticRans.decode(table, ransPayload, 0, ransPayload.length, out, 0, out.length)) {
            throw new IllegalStateException("rANS payload rejected");
        }
        counter.add(out.length, ransPayload.length);
        return out[out.length - 1];
    }
}
