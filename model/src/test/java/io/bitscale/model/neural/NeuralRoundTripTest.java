package io.bitscale.model.neural;

import io.bitscale.core.model.Cdf;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.model.SymbolPredictor;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every neural spec compresses and decompresses to the same bytes, and is reproducible. */
class NeuralRoundTripTest {

    /**
     * Every architecture and knob, every optimizer and schedule, sparse and dense output steps,
     * frozen, a learning rate that diverges (NaN weights must still code), bits(), the specs the
     * documentation measures, and neural inputs of mixtures ({@code max} has its own test).
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "mlp",
            "mlp(width=16,ctx=2,embed=8,orders=1..3,bits=8,depth=2,cut=0)",
            "mlp(width=16,orders=0,opt=sgd)",
            "mlp(width=16,opt=momentum,wd=10,clip=10000)",
            "mlp(width=16,opt=adagrad,sched=rsqrt,tau=1000)",
            "mlp(width=16,opt=rmsprop,sched=cosine,tau=2000,warm=100)",
            "mlp(width=16,adapt=0)",
            "mlp(width=16,ctx=6,orders=3,words=2,bits=8)",
            "mlp(width=8,opt=sgd,lr=100000)",
            "gru(width=16,embed=8,bptt=8)",
            "gru(width=16,opt=rmsprop,clip=5000,cut=0)",
            "gru(width=16,adapt=0)",
            "bits(mlp(width=16))",
            // every optimizer with each architecture
            "mlp(width=16,opt=adam,sched=cosine,tau=3000)",
            "gru(width=16,opt=sgd)",
            "gru(width=16,opt=momentum,wd=10)",
            "gru(width=16,opt=adagrad,sched=rsqrt,tau=1000,warm=50)",
            // the pretraining sizes S, M, L of docs/neural.md (L is also NeuralSpecs.MIXER_INPUT, online)
            "mlp(opt=adam)",
            "mlp(width=128,embed=24,bits=12,orders=2..5,opt=adam)",
            "mlp(width=64,orders=1..6,bits=16,opt=adam)",
            // inside a mixture: with bits(...), a bare symbol model, a GRU
            "mix(order(1..2,bits=16),bits(mlp(width=16)))",
            "mix(order(1..2,bits=16),mlp(width=16,ctx=3,orders=1..2,bits=8),gates=2,sse=2)",
            "mix(order(1,bits=16),bits(gru(width=16,embed=8,bptt=4)),gates=1)",
            // the batched networks: interleaved segments, several steps per frame, uneven last rounds
            "mlp(width=16,opt=adam,impl=batched,segments=8)",
            "mlp(width=16,orders=0,words=0,depth=2,opt=adagrad,impl=batched,segments=5,every=3,clip=10000)",
            "mlp(width=16,opt=adam,impl=batched,segments=1,adapt=0)",
            "transformer(layers=1,d=16,heads=2,ctx=16,segments=8,every=4)",
            "transformer(layers=2,d=16,heads=4,ctx=8,ff=2,segments=3,every=2,train=12,opt=adam,lr=30,wd=10,clip=10000)",
            "transformer(layers=1,d=8,heads=1,ctx=4,segments=1,every=1,opt=sgd,sched=cosine,tau=500,warm=50)",
            "transformer(layers=1,d=16,heads=2,ctx=16,segments=4,adapt=0)",
            // a transformer inside a mixture codes as one segment
            "mix(order(1..2,bits=16),bits(transformer(layers=1,d=16,heads=2,ctx=8,segments=1,every=4)),gates=1)"})
    void roundTrips(String spec) throws IOException {
        byte[] data = NeuralTestData.text(3000);
        // Small frames so that the model runs on across frame boundaries.
        byte[] compressed = compress(Models.factory(spec), data, new StreamOptions(1024));
        assertThat(decompress(compressed)).isEqualTo(data);
        if (!spec.contains("adapt=0") && !spec.contains("lr=100000") && !spec.contains("opt=sgd")) {
            // (not: frozen from scratch, diverging, or plain SGD on a tiny transformer)
            assertThat(compressed.length).as("%s compresses text", spec).isLessThan(data.length * 7 / 8);
        }
    }

    @Test
    void emptyAndSingleByteInputsRoundTrip() throws IOException {
        for (byte[] data : new byte[][] {{}, {42}, {0, (byte) 255, 0}}) {
            assertThat(decompress(compress(Models.factory("mlp(width=8)"), data, StreamOptions.DEFAULT))).isEqualTo(data);
            assertThat(decompress(compress(Models.factory("gru(width=8)"), data, StreamOptions.DEFAULT))).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp(width=16,depth=2,opt=rmsprop,clip=10000)", "gru(width=16,bptt=5)"})
    void freshInstancesProduceIdenticalTables(String spec) {
        PredictorFactory factory = Models.factory(spec);
        SymbolPredictor a = (SymbolPredictor) factory.create();
        SymbolPredictor b = (SymbolPredictor) factory.create();
        byte[] data = NeuralTestData.generatedText(2000, 5);
        for (byte value : data) {
            int[] cdfA = a.cdf().clone();
            int[] cdfB = b.cdf();
            Cdf.validate(cdfA, 256);
            assertThat(cdfB).isEqualTo(cdfA);
            assertThat(cdfA[256]).isEqualTo(1 << NeuralPredictor.TOTAL_BITS);
            a.update(value & 0xFF);
            b.update(value & 0xFF);
        }
    }

    @Test
    void learnsRepetitiveInput() throws IOException {
        byte[] data = new byte[8000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) "abcdefgh".charAt(i % 8);
        }
        byte[] compressed = compress(Models.factory("mlp(width=16)"), data, StreamOptions.DEFAULT);
        assertThat(8.0 * compressed.length / data.length).isLessThan(0.5);
    }

    static byte[] compress(PredictorFactory factory, byte[] data, StreamOptions options) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory, options)) {
            out.write(data);
        }
        return sink.toByteArray();
    }

    static byte[] decompress(byte[] compressed) throws IOException {
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed), Models.registry())) {
            return in.readAllBytes();
        }
    }
}
