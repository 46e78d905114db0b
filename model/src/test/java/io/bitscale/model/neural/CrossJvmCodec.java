package io.bitscale.model.neural;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The other JVM's side of {@link CrossJvmDeterminismTest}: decompresses a stream and compresses
 * the original again, so the test can compare both directions byte for byte.
 *
 * <pre>java -cp ... CrossJvmCodec STREAM ORIGINAL SPEC OUT_DECODED OUT_ENCODED [SNAPSHOT]</pre>
 */
public final class CrossJvmCodec {

    private CrossJvmCodec() {
    }

    public static void main(String[] args) throws Exception {
        byte[] stream = Files.readAllBytes(Path.of(args[0]));
        byte[] original = Files.readAllBytes(Path.of(args[1]));
        String spec = args[2];
        ModelResolver resolver = Models.registry();
        PredictorFactory factory;
        if (args.length > 5) {
            Snapshot snapshot = Snapshot.read(Path.of(args[5]));
            resolver = SnapshotFactory.resolver(snapshot, Models.registry());
            factory = resolver.resolve(spec);
        } else {
            factory = Models.factory(spec);
        }
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(stream), resolver)) {
            Files.write(Path.of(args[3]), in.readAllBytes());
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory, new StreamOptions(8192))) {
            out.write(original);
        }
        Files.write(Path.of(args[4]), sink.toByteArray());
        System.out.println(System.getProperty("java.version"));
    }
}
