package io.bitscale.model.golden;

import io.bitscale.core.stream.BitscaleInputStream;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.stream.UnsupportedFormatException;
import org.junit.jupiter.api.Test;
import io.bitscale.model.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden streams pin format version 2: for every shipped spec, compressing a fixed input must give
 * exactly the stored bytes, and the stored bytes must decode; one golden pins independent blocks.
 * A change that alters the output of an existing spec breaks old files and fails here; such a
 * change needs a new format version or a new spec name. A version 1 stream (kept in {@code v1/})
 * is refused with a message naming its version. After an intended change (a new spec), regenerate with
 * {@code mvn -pl model -am test -Dtest=GoldenStreamTest -Dbitscale.updateGoldens=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GoldenStreamTest {

    /** Every spec whose streams are promised to stay decodable. */
    static List<String> specs() {
        return List.of("order0", "order1", "order2", "kt0", "kt1", "bits(kt0)", "order2(limit=127)", "fast", "default",
                "strong", "ppm(n=4)", "ppm(n=4,smoother=kn)", "mix(order(1..3,bits=16),match(bits=16),mixer=linear)",
                "mlp", "gru", "mix(order(1..2,bits=16),bits(mlp(width=16)))", "max",
                // The batched networks: on JDK 21+ with the Vector API their kernels take other
                // loops, which must write these same bytes (CI runs this test on JDK 25 too).
                "mlp(opt=adam,impl=batched,segments=4,every=2)",
                "transformer(layers=2,d=16,heads=2,ctx=16,segments=4,every=2,train=8)");
    }

    /** A fixed input exercising text, a run, binary values and several 1 KiB frames. */
    static byte[] input() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            text.append("Line ").append(i).append(": the quick brown fox jumps over the lazy dog ").append(i * i % 97)
                    .append('\n');
        }
        byte[] prose = text.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[prose.length + 512 + 256];
        System.arraycopy(prose, 0, data, 0, prose.length);
        for (int i = 0; i < 256; i++) {
            data[prose.length + 512 + i] = (byte) (i * 37);
        }
        return data;
    }

    static Path golden(String spec) {
        String name = spec.replaceAll("[^A-Za-z0-9]+", "_") + ".bsc";
        return Path.of(System.getProperty("bitscale.projectRoot", "."), "model", "src", "test", "resources", "io",
                "bitscale", "model", "golden", name);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void compressionIsByteIdenticalToTheGoldenStream(String spec) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory(spec), new StreamOptions(1024))) {
            compressor.write(input());
        }
        Path golden = golden(spec);
        if (Boolean.getBoolean("bitscale.updateGoldens")) {
            Files.createDirectories(golden.getParent());
            Files.write(golden, out.toByteArray());
        }
        assertThat(golden).as("golden stream for %s (regenerate only for a new spec)", spec).exists();
        assertThat(out.toByteArray()).as("stream of %s changed: existing files would no longer decode", spec)
                .isEqualTo(Files.readAllBytes(golden));
    }

    @Test
    void independentBlocksArePinnedToo() throws IOException {
        StreamOptions blocks = new StreamOptions(1024).withBlockBytes(2048);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BitscaleOutputStream compressor = new BitscaleOutputStream(out, Models.factory("order2"), blocks)) {
            compressor.write(input());
        }
        Path golden = golden("order2 in 2 KiB blocks");
        if (Boolean.getBoolean("bitscale.updateGoldens")) {
            Files.write(golden, out.toByteArray());
        }
        assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(golden));
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(out.toByteArray()), Models.registry(),
                StreamOptions.DEFAULT.withThreads(2))) {
            assertThat(in.readAllBytes()).isEqualTo(input());
        }
    }

    @Test
    void aVersion1StreamIsRefusedByName() throws IOException {
        byte[] v1 = Files.readAllBytes(golden("order2").resolveSibling("v1").resolve("order2.bsc"));
        assertThat(v1[4]).as("the fixture is a version 1 stream").isEqualTo((byte) 1);
        assertThatThrownBy(() -> new BitscaleInputStream(new ByteArrayInputStream(v1), Models.registry()))
                .isInstanceOf(UnsupportedFormatException.class).hasMessageContaining("format version 1")
                .hasMessageContaining("reads version 2");
    }

    @ParameterizedTest
    @MethodSource("specs")
    void goldenStreamDecodes(String spec) throws IOException {
        byte[] stored = Files.readAllBytes(golden(spec));
        try (InputStream in = new BitscaleInputStream(new ByteArrayInputStream(stored), Models.registry())) {
            assertThat(in.readAllBytes()).isEqualTo(input());
        }
    }
}
