package io.bitscale.scaling.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * External peer compressors (lpaq1, PPMd, Kanzi, zstd, ...) run as black boxes through the
 * shared script {@code run-peer.sh PEER IN OUT} ({@code -d} to decompress), so a sweep can put
 * them on the same axes as its models. The script is found in {@value #ENV_VAR} if set, else in
 * {@code PROJECT_ROOT/../shared/peers}; when it or the peer is missing the cell is skipped with a
 * {@link BaselineUnavailableException}, never failed.
 *
 * <pre>{@code
 * PeerCompressor peers = PeerCompressor.locate(projectRoot);
 * PeerCompressor.Result r = peers.compress("lpaq1-6", data, 1_000_000, true);
 * double bpb = 8.0 * r.compressedBytes() / 1_000_000;
 * }</pre>
 *
 * <p>Sizes are whole files as each tool writes them (its own header and framing included); CPU
 * time is the user + system time of the tool's processes as {@code bash}'s {@code time} reports it.
 */
public final class PeerCompressor {

    /** Environment variable naming the directory that holds {@value #SCRIPT}. */
    public static final String ENV_VAR = "BITSCALE_PEERS";
    /** The script's file name. */
    public static final String SCRIPT = "run-peer.sh";
    /** The peers the script knows (its {@code --list}). */
    public static final List<String> NAMES = List.of("lpaq1-4", "lpaq1-6", "lpaq1-9", "kanzi-8", "kanzi-9", "ppmd-o6",
            "zpaq-m5", "xz-9e", "zstd-19", "bzip2-9", "gzip-9");

    private static final int PEER_MISSING = 3;

    private final Path script;

    /** @param script the peer script, or null when none was found (every peer is then unavailable) */
    public PeerCompressor(Path script) {
        this.script = script;
    }

    /** The script from {@value #ENV_VAR}, else beside the project ({@code ../shared/peers}); null if neither exists. */
    public static PeerCompressor locate(Path projectRoot) {
        return locate(projectRoot, System.getenv());
    }

    static PeerCompressor locate(Path projectRoot, Map<String, String> env) {
        String dir = env.get(ENV_VAR);
        Path candidate = dir != null && !dir.isBlank() ? Path.of(dir).resolve(SCRIPT)
                : projectRoot == null ? null : projectRoot.resolve("../shared/peers").resolve(SCRIPT).normalize();
        return new PeerCompressor(candidate != null && Files.isRegularFile(candidate) ? candidate : null);
    }

    /**
     * One measurement.
     *
     * @param compressedBytes size of the peer's output file
     * @param cpuSeconds      user + system seconds of the compression
     * @param seconds         wall seconds of the compression
     */
    public record Result(long compressedBytes, double cpuSeconds, double seconds) {
    }

    /**
     * Compresses the first {@code length} bytes of {@code data} with a peer.
     *
     * @param verify also decompress and compare with the input
     * @throws BaselineUnavailableException if the script or the peer is missing here
     * @throws IOException                  if the peer fails or (with {@code verify}) does not restore the input
     */
    public Result compress(String peer, byte[] data, int length, boolean verify) throws IOException {
        if (!NAMES.contains(peer)) {
            throw new IllegalArgumentException("unknown peer '" + peer + "' (" + String.join(", ", NAMES) + ")");
        }
        if (script == null) {
            throw new BaselineUnavailableException("peer " + peer + ": no " + SCRIPT + " (set " + ENV_VAR
                    + " or put the shared peers at ../shared/peers)");
        }
        Path dir = Files.createTempDirectory("bitscale-peer");
        try {
            Path in = dir.resolve("in");
            Path out = dir.resolve("out");
            Files.write(in, Arrays.copyOf(data, length));
            long start = System.nanoTime();
            double cpu = run(peer, List.of(peer, in.toString(), out.toString()));
            double seconds = (System.nanoTime() - start) / 1e9;
            long size = Files.size(out);
            if (verify) {
                Path back = dir.resolve("back");
                run(peer, List.of("-d", peer, out.toString(), back.toString()));
                if (Files.mismatch(in, back) != -1) {
                    throw new IOException("peer " + peer + " did not restore its input of " + length + " bytes");
                }
            }
            return new Result(size, cpu, seconds);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Runs the script under bash's {@code time -p}; returns user + system seconds. */
    private double run(String peer, List<String> arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", "-c", "time -p \"$0\" \"$@\"", script.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err;
        try {
            err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(6, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new IOException("peer " + peer + " did not finish in 6 hours");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running peer " + peer, e);
        }
        if (process.exitValue() == PEER_MISSING) {
            throw new BaselineUnavailableException("peer " + peer + " is not installed here: "
                    + err.lines().filter(l -> !l.matches("(real|user|sys) .*")).findFirst().orElse(""));
        }
        if (process.exitValue() != 0) {
            throw new IOException("peer " + peer + " failed with exit status " + process.exitValue() + ": " + err.strip());
        }
        double cpu = 0;
        for (String line : err.lines().toList()) {
            if (line.startsWith("user ") || line.startsWith("sys ")) {
                cpu += Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip());
            }
        }
        return cpu;
    }
}
