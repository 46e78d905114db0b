package io.bitscale.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a compression user tries first: pipes, testing without writing, keeping or removing the
 * input, writing into a FIFO or through a symbolic link, long names, file permissions.
 */
class EverydayUseTest {

    @RegisterExtension
    final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    private static byte[] text() {
        return ("a line of text to compress, with some words repeated, words and lines and text\n")
                .repeat(400).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void standardInputToStandardOutputAndBack() throws IOException {
        byte[] data = text();
        assertThat(cli.runWithInput(data, "compress", "-m", "order2", "-", "-c")).as(cli.err()).isZero();
        byte[] compressed = cli.outBytes();
        assertThat(compressed.length).isLessThan(data.length / 3);
        assertThat(cli.err()).contains("(stdin): " + data.length + " -> " + compressed.length + " bytes");
        cli.clearOut();
        assertThat(cli.runWithInput(compressed, "decompress", "-", "-c")).as(cli.err()).isZero();
        assertThat(cli.outBytes()).isEqualTo(data);
        cli.clearOut();
        // '-o -' is standard output too, and standard input goes there by default.
        assertThat(cli.runWithInput(compressed, "decompress", "-")).isZero();
        assertThat(cli.outBytes()).isEqualTo(data);
    }

    @Test
    void testModeDecodesAndWritesNothing() throws IOException {
        Path input = Files.write(dir.resolve("t.txt"), text());
        assertThat(cli.run("compress", "-q", "-m", "order1", input.toString())).isZero();
        Path compressed = dir.resolve("t.txt.bsc");
        Files.delete(input);
        assertThat(cli.run("decompress", "-t", compressed.toString())).isZero();
        assertThat(input).doesNotExist();
        assertThat(cli.err()).contains("tested, not written");
        byte[] bytes = Files.readAllBytes(compressed);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(compressed, bytes);
        assertThat(cli.run("decompress", "-t", compressed.toString())).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(input).doesNotExist();
    }

    @Test
    void keepIsTheDefaultAndRmRemovesTheInputOnlyAfterSuccess() throws IOException {
        Path input = Files.write(dir.resolve("k.txt"), text());
        assertThat(cli.run("compress", "-q", "-k", "-m", "order1", input.toString())).isZero();
        assertThat(input).exists();
        assertThat(cli.run("compress", "-q", "--rm", "--force", "-m", "order1", input.toString())).isZero();
        assertThat(input).doesNotExist();
        assertThat(cli.run("decompress", "-q", "--rm", dir.resolve("k.txt.bsc").toString())).isZero();
        assertThat(Files.readAllBytes(input)).isEqualTo(text());
        assertThat(dir.resolve("k.txt.bsc")).doesNotExist();
        assertThat(cli.run("compress", "-k", "--rm", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("compress", "-c", "--rm", input.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(input).exists();
    }

    @Test
    void aFifoIsWrittenIntoAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Path input = Files.write(dir.resolve("f.txt"), text());
        Process reader = new ProcessBuilder("cat", fifo.toString()).redirectOutput(dir.resolve("read.bsc").toFile()).start();
        assertThat(cli.run("compress", "-q", "-m", "order1", "--force", input.toString(), "-o", fifo.toString()))
                .as(cli.err()).isZero();
        assertThat(reader.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.isRegularFile(fifo)).as("still a FIFO").isFalse();
        assertThat(Files.exists(fifo)).isTrue();
        assertThat(cli.run("decompress", "-q", dir.resolve("read.bsc").toString(), "-o", dir.resolve("back").toString()))
                .isZero();
        assertThat(Files.readAllBytes(dir.resolve("back"))).isEqualTo(text());
    }

    @Test
    void aSymbolicLinkIsFollowedAndKept() throws IOException {
        Path input = Files.write(dir.resolve("s.txt"), text());
        Path real = dir.resolve("real.bsc");
        Path link = Files.createSymbolicLink(dir.resolve("link.bsc"), real.getFileName());
        assertThat(cli.run("compress", "-q", "-m", "order1", input.toString(), "-o", link.toString())).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).isRegularFile();
        assertThat(cli.run("compress", "-q", "-m", "order1", input.toString(), "-o", link.toString()))
                .as("an existing target behind the link needs --force").isEqualTo(ExitCode.USAGE);
        assertThat(cli.run("compress", "-q", "-m", "order2", "--force", input.toString(), "-o", link.toString())).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(cli.run("decompress", "-q", link.toString(), "-o", dir.resolve("out").toString())).isZero();
        assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(text());
    }

    @Test
    void aLongOutputNameWorksAndNoTemporaryFileStays() throws IOException {
        String name = "n".repeat(240);
        Path input = Files.write(dir.resolve(name), text());
        assertThat(cli.run("compress", "-q", "-m", "order1", input.toString())).as(cli.err()).isZero();
        assertThat(dir.resolve(name + ".bsc")).isRegularFile();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".bitscale-"));
        }
    }

    @Test
    void outputPermissionsFollowTheUmask() throws Exception {
        Path input = Files.write(dir.resolve("p.txt"), text());
        assertThat(cli.run("compress", "-q", "-m", "order1", input.toString())).isZero();
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve("p.txt.bsc"));
        // Created like any file the user makes (0666 & ~umask), not 0600 as a temporary file would be.
        Process umask = new ProcessBuilder("sh", "-c", "umask").start();
        int mask = Integer.parseInt(new String(umask.getInputStream().readAllBytes()).strip(), 8);
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        assertThat(mode).isEqualTo(0666 & ~mask);
    }

    @Test
    void aMemoryLimitThatWouldOverflowIsAUsageError() throws IOException {
        Path input = Files.write(dir.resolve("m.txt"), text());
        assertThat(cli.run("compress", "-q", "-m", "order1", input.toString())).isZero();
        assertThat(cli.run("decompress", "--memory-limit", "17592186044432", dir.resolve("m.txt.bsc").toString(), "-c"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err()).contains("more bytes than can be counted");
    }

    @Test
    void randomDataExpandsByNoMoreThanTheFrameRecords() throws IOException {
        byte[] noise = new byte[1 << 20];
        new java.util.SplittableRandom(5).nextBytes(noise);
        Path input = Files.write(dir.resolve("noise"), noise);
        for (String spec : new String[] {"order2", "mix(order(1..4,bits=18),match(bits=18))"}) {
            assertThat(cli.run("compress", "-q", "--force", "--frame-bytes", "65536", "-m", spec, input.toString()))
                    .isZero();
            long size = Files.size(dir.resolve("noise.bsc"));
            // 16 stored frames of 8 record bytes each, the header and the end record.
            int header = 4 + 4 + 1 + spec.length() + 4;
            assertThat(size - noise.length).as(spec).isLessThanOrEqualTo(16 * 8 + header + 9);
        }
    }

    @Test
    void versionNamesTheReleaseTheFormatAndTheJvm() {
        assertThat(cli.run("--version")).isZero();
        assertThat(cli.out()).contains("bitscale").contains("container format 2").contains("JVM")
                .contains(System.getProperty("java.version"));
    }
}
