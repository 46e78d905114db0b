package io.bitscale.model.neural;

import io.bitscale.model.neural.tensor.Workers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * Developer tool, not a test ({@code bitscale train -m transformer(...)} does the same from the CLI): pretrains a transformer
 * with {@link SequenceTrainer} on the first bytes of a file and writes a float32 snapshot, printing
 * progress (bytes/s, ETA) and every validation.
 *
 * <pre>java -Xmx8g -cp model/target/classes:model/target/test-classes:core/target/classes \
 *     io.bitscale.model.neural.TrainTool SPEC DATA OUT.bsm [bytes=N] [ctx=128] [batch=32] [accum=1]
 *     [epochs=1] [steps=0] [warm=200] [holdout=0.05 | holdbytes=N] [valbytes=262144] [valchunk=2048] [evalevery=500]
 *     [patience=3] [seed=1] [threads=2] [every=10]</pre>
 */
public final class TrainTool {

    private TrainTool() {
    }

    public static void main(String[] args) throws Exception {
        String spec = args[0];
        byte[] all = Files.readAllBytes(Path.of(args[1]));
        Path out = Path.of(args[2]);
        Map<String, String> o = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            o.put(kv[0], kv[1]);
        }
        int bytes = (int) Math.min(all.length, Long.parseLong(o.getOrDefault("bytes", "" + all.length)));
        byte[] data = java.util.Arrays.copyOf(all, bytes);
        SequenceTrainer.Options options = new SequenceTrainer.Options(
                Integer.parseInt(o.getOrDefault("ctx", "128")), Integer.parseInt(o.getOrDefault("batch", "32")),
                Integer.parseInt(o.getOrDefault("accum", "1")), Integer.parseInt(o.getOrDefault("epochs", "1")),
                Long.parseLong(o.getOrDefault("steps", "0")), Long.parseLong(o.getOrDefault("warm", "200")),
                o.containsKey("holdbytes") ? Double.parseDouble(o.get("holdbytes")) / bytes
                        : Double.parseDouble(o.getOrDefault("holdout", "0.05")), Long.parseLong(o.getOrDefault("valbytes", "262144")),
                Integer.parseInt(o.getOrDefault("valchunk", "2048")), Long.parseLong(o.getOrDefault("evalevery", "500")),
                Integer.parseInt(o.getOrDefault("patience", "3")), Long.parseLong(o.getOrDefault("seed", "1")));
        int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
        int every = Integer.parseInt(o.getOrDefault("every", "10"));
        NeuralFactory factory = (NeuralFactory) io.bitscale.model.Models.factory(spec);
        System.out.printf(Locale.ROOT, "spec %s: %d parameters, %.2f MFLOP/byte forward; %d bytes, %s, %d threads%n", spec,
                factory.parameters(), NeuralSpecs.transformer(io.bitscale.model.spec.Spec.parse(spec))
                        .forwardFlopsPerByte() / 1e6, bytes, options, threads);
        long start = System.nanoTime();
        try (Workers workers = new Workers(threads)) {
            SequenceTrainer.Result result = SequenceTrainer.train(spec, data, options, new SequenceTrainer.Listener() {
                @Override
                public void progress(SequenceTrainer.Progress p) {
                    if (p.step() % every == 0 || p.step() == p.steps()) {
                        System.out.printf(Locale.ROOT, "step %6d/%d  %9d bytes  %7.0f bytes/s  ETA %6.0f s  train %.4f bpb  "
                                        + "lr %.6f  load %.2f%n", p.step(), p.steps(), p.trainedBytes(), p.bytesPerSecond(),
                                p.etaSeconds(), p.trainBpb(), p.learningRate(), load());
                    }
                }

                @Override
                public void evaluated(long step, double trainBpb, double validationBpb, boolean best) {
                    System.out.printf(Locale.ROOT, "eval at step %d: train %.4f bpb, validation %.4f bpb%s (%.0f s)%n", step,
                            trainBpb, validationBpb, best ? " (best)" : "", (System.nanoTime() - start) / 1e9);
                }
            }, workers);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
            Snapshot snapshot = Snapshot.of(result.spec(), result.model(), Snapshot.Quantization.FLOAT32, digest, data.length);
            snapshot.write(out);
            System.out.printf(Locale.ROOT, "done in %.0f s: %d steps, %d bytes trained, validation %.4f bpb, stopped early %s%n"
                            + "snapshot %s: %d bytes, sha256 %s%ndata sha256 %s%n", (System.nanoTime() - start) / 1e9,
                    result.steps(), result.trainedBytes(), result.validationBpb(), result.stoppedEarly(), out,
                    snapshot.sizeBytes(), snapshot.sha256Hex(), HexFormat.of().formatHex(digest));
        }
    }

    static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
