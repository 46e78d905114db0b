package io.bitscale.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bitscale.corpora.CorpusLocator;
import io.bitscale.corpora.CorpusNotFoundException;
import io.bitscale.scaling.sweep.Cell;
import io.bitscale.scaling.sweep.CellRunner;
import io.bitscale.scaling.sweep.PeerCompressor;
import io.bitscale.corpora.CorpusData;
import io.bitscale.scaling.sweep.Provenance;
import io.bitscale.scaling.sweep.ResultRow;
import io.bitscale.scaling.sweep.ResultTable;
import io.bitscale.scaling.sweep.ScaleModels;
import io.bitscale.scaling.sweep.Shard;
import io.bitscale.scaling.sweep.SweepConfig;
import io.bitscale.scaling.sweep.SweepPlan;
import io.bitscale.scaling.sweep.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bitscale scale}: runs a scaling sweep — model grids × data sizes × corpora × protocols —
 * in parallel, resumably, optionally one shard of it.
 */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scaling sweep: every model spec of a grid at every data size D, on every corpus, "
                + "online (prequential bpb of the first D bytes), heldout (train on D bytes, code a fixed split while "
                + "adapting), frozen (train, freeze, code the split) and/or pretrained (a transformer trained in "
                + "minibatches of windows, frozen, the split coded in independent chunks); baselines (deflate, xz, bzip2, peers) "
                + "as online cells.",
                "Each finished cell is appended to OUT/results.jsonl at once; rerunning the same command skips "
                        + "finished cells, so an interrupted sweep resumes. OUT/results.csv is the tidy table.",
                "Give a YAML/JSON config (see docs/scaling.md) or flags, e.g.:",
                "  bitscale scale -o runs/d -m 'order{k}' --knob k=0,1,2 --corpus text-enwiki --sizes 1e4..1e8/2"},
        footer = {"", "Shards: run '--shard i/n' for i = 1..n (same config, separate OUT dirs), then 'bitscale merge'."})
public final class ScaleCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "CONFIG", description = "Sweep config (.yaml, .yml or .json).")
    Path configFile;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "Output directory: results.jsonl (the resumable log), results.csv, sweep.json.")
    Path out;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Cells run in parallel (default: cores).")
    Integer jobs;

    @Option(names = "--shard", paramLabel = "i/n", description = "Run only shard i of n (round-robin over the plan).")
    String shard;

    @Option(names = "--verify", description = "Decode every payload and compare it with the input (doubles the time).")
    boolean verify;

    @Option(names = "--separate-cells",
            description = "Run every cell on its own. By default the sizes of an online series share one pass "
                    + "(same rows, less work; each row's seconds is then the time to reach its D in that pass).")
    boolean separateCells;

    @Option(names = "--dry-run", description = "List the cells (marking finished ones) and exit.")
    boolean dryRun;

    @Option(names = {"-m", "--model"}, paramLabel = "TEMPLATE",
            description = "A model spec template, e.g. 'order({k},bits={bits})' (repeatable; instead of a config).")
    List<String> models = new ArrayList<>();

    @Option(names = "--knob", paramLabel = "NAME=V1,V2,...", description = "Values of a template knob (repeatable).")
    List<String> knobs = new ArrayList<>();

    @Option(names = "--corpus", paramLabel = "NAME",
            description = "Corpus: manifest file or set, file:PATH, synthetic:SPEC, or shuffled(CORPUS,seed=N) "
                    + "(its wikiextractor documents in a seeded order) (repeatable; overrides the config).")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--protocol", paramLabel = "P", description = "online, heldout, frozen or pretrained (repeatable; overrides the config).")
    List<String> protocols = new ArrayList<>();

    @Option(names = "--sizes", paramLabel = "SIZES",
            description = "Data sizes: a list 1e4,1e5 or a geometric range FROM..TO[/PER_DECADE] (overrides the config).")
    String sizes;

    @Option(names = "--test-bytes", paramLabel = "SIZES",
            description = "Held-out split sizes, a list or range as --sizes (default 1e6; overrides the config).")
    String testBytes;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "A baseline compressor measured online beside the models: deflate-9, xz-9e, bzip2-9, ... or "
                    + "peer:NAME (lpaq1-6, ppmd-o6, kanzi-8, zstd-19, ...; skipped when absent) (repeatable).")
    List<String> baselines = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "S1,S2", split = ",", description = "Seeds for {seed} in templates.")
    List<Long> seeds;

    @Option(names = "--bits-per-parameter", paramLabel = "B", description = "Model description bits per parameter (default 16).")
    Double bitsPerParameter;

    @Option(names = "--corpora", paramLabel = "DIR", description = "Corpus root (default: $BITSCALE_CORPORA, corpora/data, ../shared/corpora).")
    Path corpusRoot;

    @Option(names = {"-q", "--quiet"}, description = "No per-cell lines on stderr.")
    boolean quiet;

    @Option(names = "--allow-slow-models", description = "Run cells whose model states more than 2^20 operations per "
            + "byte (transformers, wide networks); without it such a sweep is refused before any cell runs.")
    boolean allowSlowModels;

    @Override
    public Integer call() throws Exception {
        SweepConfig config = config();
        SweepPlan plan = SweepPlan.of(config);
        Shard slice = shard == null ? Shard.ALL : Shard.parse(shard);
        // Catch a mistyped spec now, not after hours of other cells.
        var registry = ScaleModels.registry(Plugins.registry());
        PrintStream err = System.err;
        int unknown = 0;
        for (String spec : plan.cells().stream().filter(c -> !c.family().equals(SweepConfig.BASELINE_FAMILY))
                .map(Cell::spec).distinct().toList()) {
            try {
                WorkBudget.check(registry.resolve(spec), allowSlowModels || dryRun);
            } catch (UsageException e) {
                throw e;
            } catch (RuntimeException e) {
                if (!dryRun) {
                    throw e;
                }
                unknown++;
                err.println("bitscale: this build cannot run '" + spec + "': " + e.getMessage());
            }
        }
        if (dryRun) {
            Set<String> done = doneCellIds();
            for (Cell cell : plan.cells(slice)) {
                System.out.printf(Locale.ROOT, "%4d %s %s %-9s %-28s D=%-11d test=%-11d %s%n", cell.index(), cell.id(),
                        done.contains(cell.id()) ? "done" : "todo", cell.protocol(), cell.spec(), cell.trainBytes(),
                        cell.testBytes(), cell.corpus());
            }
            return unknown == 0 ? ExitCode.OK : ExitCode.USAGE;
        }
        CorpusData data = new CorpusData(() -> CorpusLocator.fromEnvironment(Optional.ofNullable(corpusRoot)));
        requireCorpora(plan, slice, data);
        Provenance provenance = Provenance.detect(CorpusLocator.fromEnvironment(Optional.empty()).projectRoot());
        ObjectNode provenanceJson = provenanceJson(provenance);
        int threads = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
        boolean console = System.console() != null;
        SweepRunner.Listener listener = new SweepRunner.Listener() {
            private String bar = "";

            @Override
            public void finished(Cell cell, ResultRow row, SweepRunner.Progress progress) {
                if (!quiet) {
                    clear();
                    err.printf(Locale.ROOT, "bitscale: [%d/%d] %-28s %-7s D=%-10d bpb %.4f  top1 %.3f  %.1fs  ETA %s%n",
                            progress.done() + progress.failed(), progress.total(), row.spec(), row.protocol(),
                            row.trainBytes(), row.bpb(), row.top1Accuracy(), row.seconds(), eta(progress));
                }
                draw(progress);
            }

            @Override
            public void failed(Cell cell, Throwable error, SweepRunner.Progress progress) {
                draw(progress);
            }

            @Override
            public void progress(SweepRunner.Progress progress) {
                draw(progress);
            }

            private void draw(SweepRunner.Progress progress) {
                if (!console) {
                    return;
                }
                int width = 24;
                int filled = progress.workTotal() == 0 ? width : (int) (width * progress.workDone() / progress.workTotal());
                bar = String.format(Locale.ROOT, "\r[%s%s] %d/%d cells  %.0f%%  %s elapsed  ETA %s ",
                        "#".repeat(filled), " ".repeat(width - filled), progress.done(), progress.total(),
                        progress.workTotal() == 0 ? 100.0 : 100.0 * progress.workDone() / progress.workTotal(),
                        duration(progress.seconds()), eta(progress));
                err.print(bar);
                err.flush();
            }

            private void clear() {
                if (console && !bar.isEmpty()) {
                    err.print("\r" + " ".repeat(bar.length()) + "\r");
                }
            }
        };
        PeerCompressor peers = PeerCompressor.locate(CorpusLocator.fromEnvironment(Optional.empty()).projectRoot());
        SweepRunner runner = new SweepRunner(new CellRunner(ScaleModels.registry(Plugins.registry()), data, verify,
                provenance, peers), threads,
                listener, message -> err.println("\rbitscale: " + message), !separateCells);
        Thread hook = new Thread(() -> {
            runner.cancel();
            err.println("\nbitscale: interrupted; finished cells are kept in " + out.resolve(ResultTable.JSONL)
                    + " — rerun the same command to resume");
        });
        Runtime.getRuntime().addShutdownHook(hook);
        SweepRunner.Summary summary;
        try {
            err.printf(Locale.ROOT, "bitscale: sweep '%s', shard %s: %d cells on %d threads -> %s%n", config.name(), slice,
                    plan.cells(slice).size(), threads, out);
            summary = runner.run(plan, slice, out, provenanceJson);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
        if (console) {
            err.println();
        }
        err.printf(Locale.ROOT, "bitscale: %d cells computed, %d already done (skipped), %d failed%s; table: %s%n",
                summary.computed(), summary.skipped(), summary.failed(), summary.unavailable() == 0 ? ""
                        : ", " + summary.unavailable() + " baselines not available here (skipped, see above)",
                out.resolve(ResultTable.CSV));
        if (summary.failed() > 0) {
            err.println("bitscale: " + summary.failed() + " cells failed (see above); rerun the command to retry them");
            return ExitCode.INTERNAL;
        }
        return ExitCode.OK;
    }

    private SweepConfig config() throws java.io.IOException {
        SweepConfig base = null;
        if (configFile != null) {
            base = SweepConfig.load(configFile);
            if (!models.isEmpty() || !knobs.isEmpty()) {
                throw new UsageException("give models either in the config or with --model/--knob, not both");
            }
        } else if (models.isEmpty()) {
            throw new UsageException("no sweep: give a CONFIG file or at least one --model template");
        }
        Map<String, List<String>> knobValues = new LinkedHashMap<>();
        for (String knob : knobs) {
            int eq = knob.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--knob must be NAME=V1,V2,..., not '" + knob + "'");
            }
            knobValues.put(knob.substring(0, eq).strip(), List.of(knob.substring(eq + 1).split(",")));
        }
        List<SweepConfig.ModelGrid> grids = new ArrayList<>();
        if (base != null) {
            grids.addAll(base.models());
        }
        for (String template : models) {
            Map<String, List<String>> used = new LinkedHashMap<>();
            knobValues.forEach((name, values) -> {
                if (template.contains("{" + name + "}")) {
                    used.put(name, values);
                }
            });
            grids.add(new SweepConfig.ModelGrid(null, template, used));
        }
        for (String name : knobValues.keySet()) {
            if (models.stream().noneMatch(t -> t.contains("{" + name + "}"))) {
                throw new UsageException("--knob " + name + " is not used by any --model template");
            }
        }
        return new SweepConfig(base != null ? base.name() : "sweep",
                !corpora.isEmpty() ? corpora : base != null ? base.corpora() : List.of("text-enwiki"),
                !protocols.isEmpty() ? protocols : base != null ? base.protocols() : List.of(SweepConfig.ONLINE),
                grids,
                sizes != null ? SweepConfig.parseSizes(sizes) : base != null ? base.sizes() : SweepConfig.parseSizes("1e4..1e6"),
                testBytes != null ? SweepConfig.parseSizes(testBytes) : base != null ? base.testBytes() : List.of(1_000_000L),
                seeds != null ? seeds : base != null ? base.seeds() : List.of(0L),
                bitsPerParameter != null ? bitsPerParameter : base != null ? base.bitsPerParameter() : 16.0,
                base != null ? base.randomSamples() : 0, base != null ? base.randomSeed() : 1,
                !baselines.isEmpty() ? baselines : base != null ? base.baselines() : List.of());
    }

    static String eta(SweepRunner.Progress progress) {
        double eta = progress.etaSeconds();
        return Double.isNaN(eta) ? "?" : duration(eta);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** Provenance for sweep.json: JVM, git revision, OS, cores, start time. */
    private static ObjectNode provenanceJson(Provenance provenance) {
        ObjectNode node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        node.put("jvm", provenance.jvm());
        node.put("gitRevision", provenance.gitRevision());
        node.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        node.put("cores", Runtime.getRuntime().availableProcessors());
        node.put("started", java.time.Instant.now().toString());
        return node;
    }

    /** The ids of the cells the output directory's table already holds (none if it has no table yet). */
    private Set<String> doneCellIds() throws IOException {
        Set<String> done = new HashSet<>();
        Path log = out.resolve(ResultTable.JSONL);
        if (Files.exists(log)) {
            ResultTable.read(log).forEach(r -> done.add(r.cellId()));
        }
        return done;
    }

    /**
     * Finds the corpus of every cell still to run before any runs: a missing corpus is one error
     * naming it and the places searched, not one failure per cell after the others ran.
     */
    private void requireCorpora(SweepPlan plan, Shard slice, CorpusData data) throws IOException, CorpusNotFoundException {
        Set<String> done = doneCellIds();
        for (String corpus : plan.cells(slice).stream().filter(c -> !done.contains(c.id())).map(Cell::corpus)
                .distinct().toList()) {
            try {
                data.require(corpus);
            } catch (IOException e) {
                if (e.getCause() instanceof CorpusNotFoundException missing) {
                    throw missing;
                }
                throw new IOException("corpus '" + corpus + "' of this sweep: " + e.getMessage(), e);
            }
        }
    }
}
