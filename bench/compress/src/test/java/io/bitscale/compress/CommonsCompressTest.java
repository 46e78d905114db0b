package io.bitscale.compress;

import io.bitscale.core.stream.CorruptedInputException;
import io.bitscale.core.stream.StreamOptions;
import io.bitscale.core.testing.TestData;
import io.bitscale.model.Models;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorInputStream;
import org.apache.commons.compress.compressors.CompressorOutputStream;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider as commons-compress sees it: by name, by detection, concatenation, counts, errors. */
class CommonsCompressTest {

    private static final byte[] DATA = TestData.concat(TestData.text(1, 20_000), TestData.random(2, 2000));
    private static final BitscaleCompressorStreamProvider ORDER1 =
            new BitscaleCompressorStreamProvider(Models.factory("order1"), Models.registry(), StreamOptions.DEFAULT);

    private static byte[] compress(BitscaleCompressorStreamProvider provider, byte[] data) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = provider.createCompressorOutputStream("bitscale", sink)) {
            out.write(data);
        }
        return sink.toByteArray();
    }

    @Test
    void theFactoryFindsBitscaleThroughTheServiceLoaderAndRoundTripsByName() throws Exception {
        CompressorStreamFactory factory = new CompressorStreamFactory();
        assertThat(factory.getCompressorOutputStreamProviders()).containsKey("BITSCALE");
        assertThat(factory.getCompressorInputStreamProviders().get("BITSCALE"))
                .isInstanceOf(BitscaleCompressorStreamProvider.class);

        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (CompressorOutputStream<?> out = factory.createCompressorOutputStream("bitscale", sink)) {
            out.write(DATA, 0, 1000);
            out.write(DATA[1000]);
            out.write(DATA, 1001, DATA.length - 1001);
        }
        byte[] packed = sink.toByteArray();
        assertThat(packed.length).isLessThan(DATA.length / 2);
        try (CompressorInputStream in = factory.createCompressorInputStream("BitScale", new ByteArrayInputStream(packed))) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
            assertThat(in.getUncompressedCount()).isEqualTo(DATA.length);
            assertThat(((BitscaleCompressorInputStream) in).getCompressedCount()).isEqualTo(packed.length);
            assertThat(((BitscaleCompressorInputStream) in).header().spec()).isEqualTo(Models.DEFAULT_SPEC);
        }
    }

    @Test
    void detectionRecognisesBitscaleAndHandsOtherFormatsToTheFactory() throws Exception {
        byte[] packed = compress(ORDER1, DATA);
        CompressorStreamFactory factory = new CompressorStreamFactory();
        InputStream bsc = new BufferedInputStream(new ByteArrayInputStream(packed));
        assertThat(BitscaleCompressor.detect(bsc)).isEqualTo("bitscale");
        try (InputStream in = BitscaleCompressor.createCompressorInputStream(factory, bsc)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GzipCompressorOutputStream(gz)) {
            out.write(DATA);
        }
        InputStream gzip = new BufferedInputStream(new ByteArrayInputStream(gz.toByteArray()));
        assertThat(BitscaleCompressor.detect(gzip)).isEqualTo(CompressorStreamFactory.GZIP);
        try (InputStream in = BitscaleCompressor.createCompressorInputStream(factory, gzip)) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }

        // What commons-compress itself cannot do: its detect() has a fixed list of formats.
        assertThatThrownBy(() -> CompressorStreamFactory.detect(new BufferedInputStream(new ByteArrayInputStream(packed))))
                .isInstanceOf(CompressorException.class);
        assertThatThrownBy(() -> BitscaleCompressor.detect(new BufferedInputStream(new ByteArrayInputStream(new byte[20]))))
                .isInstanceOf(CompressorException.class);
        assertThatThrownBy(() -> BitscaleCompressor.detect(new ByteArrayInputStream(packed) {
            @Override
            public boolean markSupported() {
                return false;
            }
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(BitscaleCompressor.matches(packed, 4)).isTrue();
        assertThat(BitscaleCompressorInputStream.matches(gz.toByteArray(), 12)).isFalse();
    }

    @Test
    void concatenatedMembersAreReadOnlyWhenAskedAndNothingBeyondTheFirstIsConsumedOtherwise() throws Exception {
        byte[] first = compress(ORDER1, TestData.text(3, 3000));
        byte[] second = compress(ORDER1, TestData.text(4, 2000));
        byte[] both = TestData.concat(first, second);

        ByteArrayInputStream source = new ByteArrayInputStream(both);
        try (InputStream in = ORDER1.createCompressorInputStream("bitscale", source, false)) {
            assertThat(in.readAllBytes()).isEqualTo(TestData.text(3, 3000));
        }
        assertThat(source.readAllBytes()).as("left for the caller").isEqualTo(second);

        try (InputStream in = ORDER1.createCompressorInputStream("bitscale", new ByteArrayInputStream(both), true)) {
            assertThat(in.readAllBytes()).isEqualTo(TestData.concat(TestData.text(3, 3000), TestData.text(4, 2000)));
        }
        // CompressorStreamFactory(true) asks for every member.
        try (InputStream in = new CompressorStreamFactory(true).createCompressorInputStream("bitscale",
                new ByteArrayInputStream(both))) {
            assertThat(in.readAllBytes()).hasSize(5000);
        }
    }

    @Test
    void damageAndWrongNamesAreErrorsNotData() throws Exception {
        byte[] packed = compress(ORDER1, DATA);
        packed[packed.length / 2] ^= 0x10;
        try (InputStream in = ORDER1.createCompressorInputStream("bitscale", new ByteArrayInputStream(packed), false)) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(CorruptedInputException.class);
        }
        assertThatThrownBy(() -> ORDER1.createCompressorInputStream("bitscale", new ByteArrayInputStream(new byte[10]), false))
                .isInstanceOf(CompressorException.class).hasMessageContaining("bitscale");
        assertThatThrownBy(() -> ORDER1.createCompressorOutputStream("xz", new ByteArrayOutputStream()))
                .isInstanceOf(CompressorException.class);
        assertThatThrownBy(() -> ORDER1.createCompressorOutputStream("bitscale", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finishEndsTheStreamAndLeavesTheTargetOpen() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("finish() must not close the target");
            }
        };
        BitscaleCompressorOutputStream out = new BitscaleCompressorOutputStream(sink, Models.factory("order0"),
                StreamOptions.DEFAULT);
        out.write(DATA);
        out.finish();
        assertThat(out.getBytesWritten()).isEqualTo(DATA.length);
        try (InputStream in = new BitscaleCompressorInputStream(new ByteArrayInputStream(sink.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(DATA);
        }
    }
}
