package org.example.bsc;

import io.bitscale.compress.BitscaleCompressor;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compresses and decompresses files through commons-compress only:
 * {@code App compress FORMAT IN OUT} writes IN as FORMAT ({@code bitscale}, {@code gz}, {@code xz}, ...);
 * {@code App decompress IN OUT} recognises the format of IN, bitscale included.
 */
public final class App {

    private App() {
    }

    /** Writes {@code source} compressed as {@code format} to {@code target}, by the compressor's name. */
    public static void compress(String format, Path source, Path target) throws IOException, CompressorException {
        try (OutputStream out = new CompressorStreamFactory().createCompressorOutputStream(format,
                Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
    }

    /** Writes the decompressed {@code source}, whatever its format, to {@code target}; returns the format. */
    public static String decompress(Path source, Path target) throws IOException, CompressorException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(source))) {
            String format = BitscaleCompressor.detect(file);
            try (InputStream in = new CompressorStreamFactory(true).createCompressorInputStream(format, file)) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return format;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("compress")) {
            compress(args[1], Path.of(args[2]), Path.of(args[3]));
        } else if (args.length == 3 && args[0].equals("decompress")) {
            System.out.println(decompress(Path.of(args[1]), Path.of(args[2])));
        } else {
            System.err.println("usage: App compress FORMAT IN OUT | App decompress IN OUT");
            System.exit(2);
        }
    }
}
