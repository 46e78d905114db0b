package org.example.bitscale;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.spec.ModelRegistry;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Registers the custom model under a spec name, compresses a file, decompresses it, prints bpb. */
public final class App {

    /**
     * The standard models plus every plug-in on the class path — ours included, found through
     * {@code META-INF/services}: decompression finds it by the name stored in the header.
     */
    public static final ModelRegistry MODELS = Models.registry();

    /** Compresses and decompresses {@code data}; returns the compressed size after checking the round trip. */
    public static long roundTrip(byte[] data, String spec) throws IOException {
        CodeLengthMeter meter = new CodeLengthMeter();
        PredictorFactory factory = MODELS.factory(spec);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(compressed, factory, StreamOptions.DEFAULT, meter)) {
            out.write(data);
        }
        byte[] restored;
        try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(compressed.toByteArray()), MODELS)) {
            restored = in.readAllBytes();
        }
        if (!Arrays.equals(restored, data)) {
            throw new IllegalStateException("round trip failed");
        }
        System.out.printf("%s: %d -> %d bytes, %.4f bpb (ideal %.4f)%n", spec, data.length, compressed.size(),
                8.0 * compressed.size() / Math.max(1, data.length), meter.idealBitsPerByte());
        return compressed.size();
    }

    public static void main(String[] args) throws IOException {
        byte[] data = Files.readAllBytes(Path.of(args[0]));
        roundTrip(data, "run-order1");
        roundTrip(data, "order1");
    }
}
