package io.bitscale.jmh;

import io.bitscale.core.coding.ArithmeticDecoder;
import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.BitPredictor;
import io.bitscale.core.model.Predictor;
import io.bitscale.model.Models;
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

import java.util.concurrent.TimeUnit;

/**
 * The binary arithmetic coder alone, on a realistic probability stream: the {@code (p1, bit)}
 * pairs a real model gave the coder while compressing a real file ({@code order2} on
 * {@code calgary/book1} by default: 6.15 M decisions, about 2.93 bits per byte), recorded once
 * in the trial setup and replayed from two arrays. No model runs in the measured loop.
 *
 * <p>Read the {@code decisions} counter (per second; ns per decision is {@code 10^9 / decisions})
 * and the {@code bytes} counter (a byte counted as eight decisions). The replay streams 3 bytes
 * per decision from memory ({@code char p1} + {@code byte bit}), a cost a live model does not pay,
 * so these figures slightly understate the coder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BinaryCoderBenchmark {

    /** The bit model whose probabilities are recorded. */
    @Param({"order2"})
    public String recordModel;

    /** The file the model codes while recording. */
    @Param({"calgary/book1"})
    public String corpus;

    private char[] p1s;
    private byte[] bits;
    private int count;
    private int ones;
    private byte[] payload;

    /** One coder per benchmark thread. */
    @State(Scope.Thread)
    public static class Coders {
        final ArithmeticEncoder encoder = new ArithmeticEncoder(1 << 20);
        final ArithmeticDecoder decoder = new ArithmeticDecoder(new byte[0], 0, 0);
    }

    @Setup(Level.Trial)
    public void record() {
        byte[] data = BenchmarkCorpus.load(corpus).clone();
        Predictor model = Models.factory(recordModel).create();
        if (!(model instanceof BitPredictor bitModel)) {
            throw new IllegalArgumentException(recordModel + " is not a bit-level model; record a BitPredictor");
        }
        RecordingPredictor recorder = new RecordingPredictor(bitModel, Math.multiplyExact(data.length, 8));
        ArithmeticEncoder encoder = new ArithmeticEncoder(data.length);
        PredictiveCoder.of(recorder).codeBlock(encoder, data, 0, data.length);
        payload = encoder.finish();
        p1s = recorder.p1s();
        bits = recorder.bits();
        count = recorder.count();

        // The replay must code exactly the recorded stream: same payload, same bits back.
        ArithmeticEncoder replay = new ArithmeticEncoder(payload.length);
        double idealBits = 0;
        for (int i = 0; i < count; i++) {
            replay.codeBit(p1s[i], bits[i]);
            ones += bits[i];
            double p = p1s[i] / 65536.0;
            idealBits -= Math.log(bits[i] != 0 ? p : 1 - p) / Math.log(2);
        }
        if (!java.util.Arrays.equals(replay.finish(), payload)) {
            throw new IllegalStateException("replayed stream differs from the recorded one");
        }
        ArithmeticDecoder decoder = new ArithmeticDecoder(payload, 0, payload.length);
        for (int i = 0; i < count; i++) {
            if (decoder.codeBit(p1s[i], 0) != bits[i]) {
                throw new IllegalStateException("decision " + i + " does not decode");
            }
        }
        System.out.printf("%n# recorded %s on %s: %,d decisions, ideal %.4f bits/byte, payload %,d bytes%n",
                recordModel, corpus, count, idealBits / (count / 8.0), payload.length);
    }

    @Benchmark
    public int encode(Coders coders, DecisionCounter counter) {
        ArithmeticEncoder encoder = coders.encoder;
        encoder.reset();
        char[] p = p1s;
        byte[] b = bits;
        int n = count;
        for (int i = 0; i < n; i++) {
            encoder.codeBit(p[i], b[i]);
        }
        counter.add(n);
        return encoder.finishBlock();
    }

    @Benchmark
    public int decode(Coders coders, DecisionCounter counter) {
        ArithmeticDecoder decoder = coders.decoder;
        decoder.reset(payload, 0, payload.length);
        char[] p = p1s;
        int n = count;
        int decodedOnes = 0;
        for (int i = 0; i < n; i++) {
            decodedOnes += decoder.codeBit(p[i], 0);
        }
        counter.add(n);
        if (decodedOnes != ones) {
            throw new IllegalStateException("decoded " + decodedOnes + " ones, recorded " + ones);
        }
        return decodedOnes;
    }
}
