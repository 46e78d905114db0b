package io.bitscale.cli;

import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** scale, merge, fit and plot as a user runs them. */
class ScaleCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final StringWriter picocliErr = new StringWriter();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int run(String... args) {
        var commandLine = BitscaleCli.commandLine();
        commandLine.setErr(new PrintWriter(picocliErr, true));
        return commandLine.execute(args);
    }

    private String[] sweep(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("scale", "-o", out.toString(), "-m", "order{k}",
                "--knob", "k=0,1", "-m", "kt0", "--corpus", "synthetic:text-like", "--sizes", "2e3..2e4/3", "-j", "2"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<ResultRow> untimed(Path path) throws IOException {
        return ResultTable.read(path).stream().map(ResultRow::withoutTiming).sorted(ResultRow.ORDER).toList();
    }

    @Test
    void sweepResumeShardMergeFitAndPlot() throws IOException {
        Path whole = dir.resolve("whole");
        assertThat(run(sweep(whole))).isZero();
        assertThat(untimed(whole)).hasSize(12);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("12 cells computed");

        assertThat(run(sweep(whole))).isZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("0 cells computed, 12 already done");
        assertThat(run(sweep(whole, "--dry-run"))).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains(" done ").doesNotContain(" todo ");

        assertThat(run(sweep(dir.resolve("a"), "--shard", "1/2"))).isZero();
        assertThat(run(sweep(dir.resolve("b"), "--shard", "2/2"))).isZero();
        Path merged = dir.resolve("merged");
        assertThat(run("merge", "-o", merged.toString(), dir.resolve("a").toString(), dir.resolve("b").toString())).isZero();
        assertThat(untimed(merged)).isEqualTo(untimed(whole));
        assertThat(run("merge", "-o", merged.toString(), dir.resolve("a").toString())).isEqualTo(ExitCode.USAGE);

        assertThat(run("fit", whole.toString(), "--bootstrap", "50", "-o", dir.resolve("fits.json").toString())).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("L(D) = E + B·D^-β", "order1");
        assertThat(dir.resolve("fits.json")).isNotEmptyFile();

        Path plots = dir.resolve("plots");
        assertThat(run("plot", whole.toString(), "-o", plots.toString(), "--report", "--bootstrap", "50")).isZero();
        assertThat(plots.resolve("report.md")).isNotEmptyFile();
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).contains("fits.json")
                    .anyMatch(n -> n.endsWith(".png")).anyMatch(n -> n.endsWith(".svg"));
        }
        assertThat(run("plot", whole.toString(), "-o", plots.toString(), "--report")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aFrozenCellRunsWithTheFastPreset() throws IOException {
        Path out = dir.resolve("frozen");
        assertThat(run("scale", "-o", out.toString(), "-m", "fast(16)", "--corpus", "synthetic:text-like",
                "--protocol", "frozen", "--sizes", "2e4", "--test-bytes", "5e3", "--verify", "-q")).isZero();
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("1 cells computed", "0 failed");
        assertThat(ResultTable.read(out)).singleElement().satisfies(row -> {
            assertThat(row.protocol()).isEqualTo("frozen");
            assertThat(row.spec()).isEqualTo("fast(16)");
            assertThat(row.trainBytes()).isEqualTo(20_000);
            assertThat(row.testBytes()).isEqualTo(5_000);
            assertThat(row.verified()).isTrue();
            assertThat(row.bpb()).isBetween(1.0, 6.0);
        });
    }

    @Test
    void mistakesExitWithUsageBeforeAnyWork() {
        assertThat(run("scale", "-o", dir.resolve("x").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(run("scale", "-o", dir.resolve("x").toString(), "-m", "order{k}")).isEqualTo(ExitCode.USAGE);
        assertThat(run("scale", "-o", dir.resolve("x").toString(), "-m", "ordr2", "--corpus", "synthetic:text-like"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(picocliErr.toString()).contains("unknown model 'ordr2'");
        assertThat(run("scale", "-o", dir.resolve("x").toString(), "-m", "order2", "--shard", "3/2")).isEqualTo(ExitCode.USAGE);
        assertThat(Files.exists(dir.resolve("x").resolve(ResultTable.JSONL))).isFalse();
    }

    /**
     * A corpus that is not on this machine stops the sweep before any cell runs, with one line
     * naming it, the places searched and the fix (it used to fail every cell, one block each);
     * cells already done do not need their corpus.
     */
    @Test
    void aMissingCorpusIsOneErrorBeforeAnyCellRuns() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("no-corpora"));
        Path out = dir.resolve("missing");
        int code = run("scale", "-o", out.toString(), "-m", "order1", "--corpus", "calgary/paper1", "--corpus",
                "synthetic:text-like", "--sizes", "1e3..1e4/1", "--corpora", empty.toString(), "-q");
        assertThat(code).isEqualTo(ExitCode.IO);
        assertThat(picocliErr.toString().lines().toList()).singleElement().asString()
                .contains("corpus 'calgary/paper1': file not present", empty.toString(), "corpora/fetch.sh");
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("failed", "Exception");
        assertThat(Files.exists(out.resolve(ResultTable.JSONL))).isFalse();
    }

    @Test
    void everyHelpTextRendersWithoutFormatWarnings() {
        var names = BitscaleCli.commandLine().getSubcommands().keySet();
        assertThat(names).contains("scale", "merge", "fit", "plot");
        for (String name : names) {
            assertThat(run(name, "--help")).as(name).isZero();
        }
        // picocli formats descriptions with String.format: a bare '%' (e.g. "95% intervals") logs a WARN
        // on stderr and prints the text with '%n' unexpanded
        assertThat(stderr.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("(commons-math3), 95%").doesNotContain("%n");
    }
}
