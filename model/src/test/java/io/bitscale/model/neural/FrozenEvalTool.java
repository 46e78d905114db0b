package io.bitscale.model.neural;

import io.bitscale.core.coding.ArithmeticEncoder;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import io.bitscale.model.spec.Spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Developer tool, not a test: the frozen held-out protocol of {@code docs/neural.md} (Delétang et
 * al.): a file coded as independent chunks, each from the snapshot with an empty context.
 * <ul>
 *   <li><b>raw</b>: the coder payload of each chunk, with the encoder's tables from one batched
 *       pass over the chunk ({@link ChunkPredictor#prepare}) when the model can (the transformer);</li>
 *   <li><b>container</b>: each chunk as a complete {@code .bsc} stream (header with the coding spec
 *       and snapshot digest), then decoded with a fresh model one byte at a time and compared with
 *       the original: the round trip must be exact.</li>
 * </ul>
 *
 * <pre>java -cp ... FrozenEvalTool SNAPSHOT TEST_FILE [CHUNK=2048] [CODING_SPEC|-] [raw]</pre>
 * ({@code -} keeps the default coding spec; {@code raw} skips the container round trip)
 */
public final class FrozenEvalTool {

    private FrozenEvalTool() {
    }

    public static void main(String[] args) throws Exception {
        Snapshot snapshot = Snapshot.read(Path.of(args[0]));
        byte[] data = Files.readAllBytes(Path.of(args[1]));
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        Spec stored = Spec.parse(snapshot.spec());
        String codingSpec = args.length > 3 && !args[3].equals("-") ? args[3] : NeuralSpecs.with(stored.name().equals("transformer")
                ? NeuralSpecs.with(stored, "segments", 1) : stored, "adapt", 0).toString();
        SnapshotFactory factory = SnapshotFactory.withSpec(snapshot, codingSpec);
        System.out.printf(Locale.ROOT, "snapshot %s (%d bytes, sha256 %s)%ncoding spec %s%n%d bytes in chunks of %d%n",
                args[0], snapshot.sizeBytes(), snapshot.sha256Hex(), codingSpec, data.length, chunk);
        long payload = 0;
        long start = System.nanoTime();
        for (int offset = 0; offset < data.length; offset += chunk) {
            int length = Math.min(chunk, data.length - offset);
            var model = factory.create();
            if (model instanceof ChunkPredictor prepared && prepared.canPrepare()) {
                prepared.prepare(data, offset, length);
            }
            ArithmeticEncoder encoder = new ArithmeticEncoder();
            PredictiveCoder.of(model).codeBlock(encoder, Arrays.copyOfRange(data, offset, offset + length), 0, length);
            payload += encoder.finishBlock();
        }
        double rawSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "raw: %d payload bytes, %.4f bpb, %.1f s (%.1f KB/s, one pass per chunk)%n",
                payload, 8.0 * payload / data.length, rawSeconds, data.length / 1e3 / rawSeconds);
        if (args.length > 4 && args[4].equals("raw")) {
            System.out.printf(Locale.ROOT, "adjusted (raw + snapshot): %.4f bpb%n",
                    8.0 * (payload + snapshot.sizeBytes()) / data.length);
            return;
        }
        long container = 0;
        long containerPayload = 0;
        long encodeNanos = 0;
        long decodeNanos = 0;
        for (int offset = 0; offset < data.length; offset += chunk) {
            int length = Math.min(chunk, data.length - offset);
            byte[] original = Arrays.copyOfRange(data, offset, offset + length);
            long t0 = System.nanoTime();
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            BitscaleOutputStream out = new BitscaleOutputStream(sink, factory,
                    new StreamOptions(Math.max(StreamOptions.MIN_FRAME_BYTES, Integer.highestOneBit(chunk * 2 - 1))));
            out.write(original);
            out.close();
            containerPayload += out.payloadBytes();
            long t1 = System.nanoTime();
            byte[] decoded;
            try (BitscaleInputStream in = new BitscaleInputStream(new ByteArrayInputStream(sink.toByteArray()),
                    SnapshotFactory.resolver(snapshot, Models.registry()))) {
                decoded = in.readAllBytes();
            }
            long t2 = System.nanoTime();
            if (!Arrays.equals(decoded, original)) {
                throw new AssertionError("chunk at " + offset + " did not decode to the original");
            }
            container += sink.size();
            encodeNanos += t1 - t0;
            decodeNanos += t2 - t1;
        }
        System.out.printf(Locale.ROOT, "container: %d bytes, %.4f bpb, every chunk decoded exactly; its coder payload "
                        + "%d bytes (%s the one-pass payload); encode %.1f s (%.1f KB/s), decode %.1f s (%.1f KB/s), "
                        + "one byte at a time%n", container, 8.0 * container / data.length, containerPayload,
                containerPayload == payload ? "equal to" : "DIFFERENT FROM", encodeNanos / 1e9, data.length / 1e3 / (encodeNanos / 1e9),
                decodeNanos / 1e9, data.length / 1e3 / (decodeNanos / 1e9));
        System.out.printf(Locale.ROOT, "adjusted (raw + snapshot): %.4f bpb%n",
                8.0 * (payload + snapshot.sizeBytes()) / data.length);
    }
}
