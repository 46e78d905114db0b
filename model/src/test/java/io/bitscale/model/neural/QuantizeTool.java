package io.bitscale.model.neural;

import java.nio.file.Path;

/**
 * Developer tool, not a test: writes a snapshot again with another quantization (the same
 * {@link Snapshot#of} that {@code bitscale train --quantize} uses), keeping its spec and training
 * data digest.
 *
 * <pre>java -cp ... QuantizeTool IN.bsm OUT.bsm float32|int8|int4</pre>
 */
public final class QuantizeTool {

    private QuantizeTool() {
    }

    public static void main(String[] args) throws Exception {
        Snapshot in = Snapshot.read(Path.of(args[0]));
        NeuralModel model = in.instantiate(in.spec());
        Snapshot out = Snapshot.of(in.spec(), model, Snapshot.Quantization.parse(args[2]), in.dataSha256(), in.dataBytes());
        out.write(Path.of(args[1]));
        System.out.println(args[1] + ": " + out.sizeBytes() + " bytes, sha256 " + out.sha256Hex());
    }
}
