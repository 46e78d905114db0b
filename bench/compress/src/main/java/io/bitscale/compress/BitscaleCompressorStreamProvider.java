package io.bitscale.compress;

import io.bitscale.core.model.ModelResolver;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.model.Models;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * bitscale as a commons-compress compressor named {@value BitscaleCompressor#NAME}. Registered
 * for {@link java.util.ServiceLoader} ({@code META-INF/services} and the module's
 * {@code provides}), so a plain {@code new CompressorStreamFactory()} finds it:
 *
 * <pre>{@code
 * CompressorStreamFactory compressors = new CompressorStreamFactory();
 * try (OutputStream out = compressors.createCompressorOutputStream("bitscale", Files.newOutputStream(target))) {
 *     out.write(data);
 * }
 * try (InputStream in = compressors.createCompressorInputStream("bitscale", Files.newInputStream(target))) {
 *     byte[] restored = in.readAllBytes();
 * }
 * }</pre>
 *
 * <p>Found through the service loader, it writes with the {@link Models#DEFAULT_SPEC} preset
 * (about 75 MiB of tables, a few hundred KB/s) and reads any stream whose model
 * {@link Models#registry()} knows. Built directly, it uses the model, resolver and options you
 * give; call its {@code create...} methods yourself, since the factory only sees the
 * service-loaded instance.
 *
 * <p><b>Detection.</b> {@code CompressorStreamFactory.detect} (commons-compress 1.27.1 and 1.28.0)
 * checks a fixed list of built-in signatures and cannot be extended by a provider; use
 * {@link BitscaleCompressor#detect} and {@link BitscaleCompressor#createCompressorInputStream},
 * which recognise the bitscale magic and hand everything else to the factory.
 *
 * <p><b>Concatenation.</b> As for gzip and xz, {@code decompressUntilEOF} decides whether members
 * after the first are read ({@code CompressorStreamFactory}'s default: no, and nothing after the
 * first member is consumed).
 */
public final class BitscaleCompressorStreamProvider implements CompressorStreamProvider {

    private final PredictorFactory model;
    private final ModelResolver models;
    private final StreamOptions options;

    /** What the service loader builds: the default preset, every registered model, default options. */
    public BitscaleCompressorStreamProvider() {
        this(Models.factory(Models.DEFAULT_SPEC), Models.registry(), StreamOptions.DEFAULT);
    }

    /**
     * @param model   the model new streams are written with
     * @param models  rebuilds the model a stream's header names
     * @param options frame and block sizes and threads for writing; limits and threads for reading
     */
    public BitscaleCompressorStreamProvider(PredictorFactory model, ModelResolver models, StreamOptions options) {
        if (model == null || models == null || options == null) {
            throw new NullPointerException("model, models and options are required");
        }
        this.model = model;
        this.models = models;
        this.options = options;
    }

    @Override
    public CompressorInputStream createCompressorInputStream(String name, InputStream in, boolean decompressUntilEOF)
            throws CompressorException {
        checkName(name, in);
        try {
            return new BitscaleCompressorInputStream(in, models, options.withConcatenated(decompressUntilEOF));
        } catch (IOException e) {
            throw new CompressorException("Could not create a bitscale input stream: " + e.getMessage(), e);
        }
    }

    @Override
    public CompressorOutputStream<?> createCompressorOutputStream(String name, OutputStream out) throws CompressorException {
        checkName(name, out);
        try {
            return new BitscaleCompressorOutputStream(out, model, options);
        } catch (IOException e) {
            throw new CompressorException("Could not create a bitscale output stream: " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> getInputStreamCompressorNames() {
        return Set.of(BitscaleCompressor.NAME);
    }

    @Override
    public Set<String> getOutputStreamCompressorNames() {
        return Set.of(BitscaleCompressor.NAME);
    }

    private static void checkName(String name, Object stream) throws CompressorException {
        if (name == null || stream == null) {
            throw new IllegalArgumentException("Compressor name and stream must not be null.");
        }
        if (!BitscaleCompressor.NAME.equalsIgnoreCase(name)) {
            throw new CompressorException("Compressor: " + name + " not found (this provider is '" + BitscaleCompressor.NAME + "').");
        }
    }
}
