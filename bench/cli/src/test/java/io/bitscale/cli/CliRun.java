package io.bitscale.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs the CLI in-process as a user would, capturing what it prints: standard output (swapped
 * in for each test and restored after it) and the error stream picocli writes to.
 * Register with {@code @RegisterExtension final CliRun cli = new CliRun();}.
 */
final class CliRun implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final StringWriter stderr = new StringWriter();
    private final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    /** Runs {@code bitscale args...} and returns its exit code. */
    int run(String... args) {
        var commandLine = BitscaleCli.commandLine();
        commandLine.setErr(new PrintWriter(stderr, true));
        return commandLine.execute(args);
    }

    /** Runs {@code bitscale args...} with {@code input} on standard input. */
    int runWithInput(byte[] input, String... args) {
        java.io.InputStream saved = System.in;
        System.setIn(new java.io.ByteArrayInputStream(input));
        try {
            return run(args);
        } finally {
            System.setIn(saved);
        }
    }

    /** Everything written to standard output so far, as bytes. */
    byte[] outBytes() {
        return stdout.toByteArray();
    }

    /** Everything printed to standard output so far. */
    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed to the error stream so far (picocli's writer, then System.err). */
    String err() {
        return stderr.toString() + systemErr.toString(StandardCharsets.UTF_8);
    }

    /** Forgets the standard output captured so far. */
    void clearOut() {
        stdout.reset();
    }
}
