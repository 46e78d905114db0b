package org.example.bsc;

import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .bsc through commons-compress, by name and by detection, from a project that only depends on bitscale-compress. */
class AppTest {

    private static final byte[] TEXT = ("It was the best of times, it was the worst of times, it was the age of wisdom, "
            + "it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.\n")
            .repeat(300).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void theFactoryKnowsBitscaleByName() throws Exception {
        assertTrue(CompressorStreamFactory.findAvailableCompressorOutputStreamProviders().containsKey("BITSCALE"));
        assertTrue(CompressorStreamFactory.findAvailableCompressorInputStreamProviders().containsKey("BITSCALE"));

        Path bsc = dir.resolve("text.bsc");
        try (OutputStream out = new CompressorStreamFactory().createCompressorOutputStream("bitscale",
                Files.newOutputStream(bsc))) {
            out.write(TEXT);
        }
        assertTrue(Files.size(bsc) < TEXT.length / 10, "the repeats compress: " + Files.size(bsc) + " bytes");
        try (InputStream in = new CompressorStreamFactory().createCompressorInputStream("bitscale", Files.newInputStream(bsc))) {
            assertArrayEquals(TEXT, in.readAllBytes());
        }
    }

    @Test
    void filesAreRecognisedByTheirContentBitscaleAmongTheOthers() throws Exception {
        Path source = Files.write(dir.resolve("text.txt"), TEXT);
        for (String format : new String[] {"bitscale", CompressorStreamFactory.GZIP, CompressorStreamFactory.XZ,
                CompressorStreamFactory.BZIP2}) {
            Path packed = dir.resolve("text." + format);
            Path restored = dir.resolve("restored." + format);
            App.compress(format, source, packed);
            assertEquals(format, App.decompress(packed, restored));
            assertArrayEquals(TEXT, Files.readAllBytes(restored), format);
        }
    }

    @Test
    void commonsCompressAloneCannotDetectBitscaleWhichIsWhyBitscaleCompressorDetectExists() throws Exception {
        Path source = Files.write(dir.resolve("text.txt"), TEXT);
        Path bsc = dir.resolve("text.bsc");
        App.compress("bitscale", source, bsc);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bsc))) {
            assertThrows(CompressorException.class, () -> CompressorStreamFactory.detect(in));
        }
    }
}
