package io.bitscale.cli;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import io.bitscale.model.neural.Snapshot;
import io.bitscale.scaling.explain.ByteRecord;
import io.bitscale.scaling.explain.ByteRecordListener;
import io.bitscale.scaling.explain.ByteRecords;
import io.bitscale.scaling.explain.ExplainTsv;
import io.bitscale.scaling.explain.Explainer;
import io.bitscale.scaling.explain.Explanation;
import io.bitscale.scaling.explain.SurpriseMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bitscale explain}: where a model spends its bits on a file, as a self-contained HTML page
 * (a surprise map) and/or a per-byte table; with two models, where B saves or loses against A.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"See where the bits go: shade every byte of FILE by what the model paid for it (or, with two "
                + "models, by what B saved or lost against A), with a running bpb curve, the most surprising spans, "
                + "the model's alternatives and a mixture's attribution on hover. The page is one HTML file with no "
                + "network access. --tsv writes the per-byte table (offset, byte, bits, per-component bits) for pandas.",
                "Costs are the ideal code lengths the coder is given (-log2 p), byte by byte exactly those of "
                        + "'bitscale compress' with the same --block-bytes."},
        footer = {"", "Examples:", "  bitscale explain -m order2 book1                       (writes book1.explain.html)",
                "  bitscale explain -m order2 -m default book1 -o diff.html", "  bitscale explain -m default --tsv book1.tsv book1",
                "  bitscale explain -m order2 --model-file m.bsm notes.txt -o notes.html"})
final class ExplainCommand implements Callable<Integer> {

    /** One model: a spec or a snapshot. */
    static final class ModelChoice {
        @Option(names = {"-m", "--model"}, paramLabel = "SPEC", required = true,
                description = "A model spec; give two (or a spec and a --model-file) to compare: A first, then B. "
                        + "Default: " + Models.DEFAULT_SPEC + ".")
        String spec;

        @Option(names = "--model-file", paramLabel = "BSM", required = true,
                description = "A pretrained snapshot (from 'bitscale train') as a model, in the same place as -m.")
        Path file;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..2")
    List<ModelChoice> models = new ArrayList<>();

    @Option(names = "--adapt", description = "With --model-file: keep learning while coding (default: frozen).")
    boolean adapt;

    @Parameters(paramLabel = "FILE", arity = "1", description = "The file to explain (read into memory, at most 1 GiB).")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.html",
            description = "The page ('-' for standard output). Default: FILE's name + .explain.html in the current "
                    + "directory, unless only --tsv is given.")
    Path output;

    @Option(names = "--tsv", paramLabel = "OUT.tsv",
            description = "Also (or, without -o, only) write the per-byte table ('-' for standard output).")
    Path tsv;

    @Option(names = {"-f", "--force"}, description = "Replace outputs that exist.")
    boolean force;

    @Option(names = "--page-bytes", paramLabel = "N", defaultValue = "16384",
            description = "Bytes drawn per page of the view (default: ${DEFAULT-VALUE}); only the page shown is drawn.")
    int pageBytes;

    @Option(names = "--detail-bytes", paramLabel = "N", defaultValue = "65536",
            description = "Bytes whose alternatives and attributions the page embeds (default: ${DEFAULT-VALUE}); "
                    + "every byte's cost is always embedded.")
    int detailBytes;

    @Option(names = "--detail-from", paramLabel = "OFFSET", defaultValue = "0",
            description = "First byte of the detail window (default: ${DEFAULT-VALUE}).")
    long detailFrom;

    @Option(names = "--spans", paramLabel = "N", defaultValue = "12",
            description = "Surprising spans to list (default: ${DEFAULT-VALUE}).")
    int spans;

    @Option(names = "--span-bytes", paramLabel = "N", defaultValue = "32",
            description = "Length of a span (default: ${DEFAULT-VALUE}).")
    int spanBytes;

    @Option(names = "--view", paramLabel = "KIND", defaultValue = "auto",
            description = "text, hex, or auto: text unless more than 1%% of the bytes are control characters or "
                    + "invalid UTF-8 (default: ${DEFAULT-VALUE}).")
    String view;

    @Option(names = "--block-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "The model starts afresh every N bytes, as in 'compress --block-bytes' (0 = never; "
                    + "default: ${DEFAULT-VALUE}).")
    long blockBytes;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "auto, always or never (default: ${DEFAULT-VALUE}).")
    String progress;

    private static final long MAX_BYTES = 1L << 30;

    @Override
    public Integer call() throws Exception {
        SurpriseMap.Options options = options();
        if (!Files.isRegularFile(input)) {
            throw new java.nio.file.NoSuchFileException(input.toString());
        }
        long size = Files.size(input);
        if (size > MAX_BYTES) {
            throw new UsageException("explain reads " + input + " into memory and shows at most 1 GiB; it has " + size
                    + " bytes (cut a part out with head -c or dd)");
        }
        boolean stdoutUsed = "-".equals(String.valueOf(output)) || "-".equals(String.valueOf(tsv));
        if ("-".equals(String.valueOf(output)) && "-".equals(String.valueOf(tsv))) {
            throw new UsageException("only one of -o and --tsv can be standard output");
        }
        boolean page = output != null || tsv == null;
        Path pagePath = output != null ? output : Path.of(input.getFileName() + ".explain.html");

        List<Explainer> explainers = new ArrayList<>();
        if (models.isEmpty()) {
            explainers.add(new Explainer(Plugins.registry().factory(Models.DEFAULT_SPEC)));
        }
        for (ModelChoice choice : models) {
            explainers.add(new Explainer(factory(choice)));
        }
        for (int j = 0; j < explainers.size(); j++) {
            explainers.set(j, explainers.get(j).withBlockBytes(blockBytes)
                    .withAlternatives(page ? Explainer.DEFAULT_ALTERNATIVES : 0));
        }

        try (Endpoints.Output pageOut = page ? open(pagePath) : null;
             Endpoints.Output tsvOut = tsv != null ? open(tsv) : null) {
            byte[] data = Files.readAllBytes(input);
            List<ByteRecords> runs = new ArrayList<>();
            List<SurpriseMap.Trace> traces = new ArrayList<>();
            for (Explainer explainer : explainers) {
                ByteRecords run = explainer.records(data);
                runs.add(run);
                if (page) {
                    SurpriseMap.Trace trace = new SurpriseMap.Trace(data.length, options);
                    trace.started(run.spec(), run.contributors());
                    traces.add(trace);
                }
            }
            Writer table = tsvOut == null ? null
                    : new BufferedWriter(new OutputStreamWriter(tsvOut.stream(), StandardCharsets.UTF_8), 1 << 16);
            ByteRecordListener single = null;
            ExplainTsv.PairWriter pair = null;
            if (table != null && runs.size() == 1) {
                single = ExplainTsv.writer(table);
                single.started(runs.get(0).spec(), runs.get(0).contributors());
            } else if (table != null) {
                pair = ExplainTsv.pairWriter(table, runs.get(0).contributors(), runs.get(1).contributors());
            }

            Progress bar = Progress.of(input.getFileName().toString(), progressMode(), quiet);
            try {
                ByteRecord[] records = new ByteRecord[runs.size()];
                for (int i = 0; i < data.length; i++) {
                    for (int j = 0; j < runs.size(); j++) {
                        records[j] = runs.get(j).next();
                        if (page) {
                            traces.get(j).byteExplained(records[j]);
                        }
                    }
                    if (single != null) {
                        single.byteExplained(records[0]);
                    } else if (pair != null) {
                        pair.write(records[0], records[1]);
                    }
                    if ((i & 4095) == 4095) {
                        bar.update("explain", i + 1L, data.length);
                    }
                }
            } finally {
                bar.finish();
            }
            List<Explanation> totals = new ArrayList<>();
            for (int j = 0; j < runs.size(); j++) {
                totals.add(runs.get(j).explanation());
                if (page) {
                    traces.get(j).finish(totals.get(j));
                }
            }
            if (table != null) {
                table.flush();
                tsvOut.commit();
            }
            if (page) {
                Writer html = new BufferedWriter(new OutputStreamWriter(pageOut.stream(), StandardCharsets.UTF_8), 1 << 16);
                SurpriseMap.write(html, input.getFileName().toString(), data, traces, options);
                html.flush();
                pageOut.commit();
            }
            if (!quiet) {
                report(stdoutUsed ? System.err : System.out, data.length, totals,
                        page ? pageOut.label() : null, tsvOut != null ? tsvOut.label() : null);
            }
        }
        return ExitCode.OK;
    }

    private PredictorFactory factory(ModelChoice choice) throws IOException {
        if (choice.file == null) {
            return Plugins.registry().factory(choice.spec);
        }
        Snapshot snapshot = ModelFiles.read(choice.file);
        return ModelFiles.factory(null, snapshot, adapt);
    }

    private SurpriseMap.Options options() {
        SurpriseMap.View kind = switch (view) {
            case "auto" -> SurpriseMap.View.AUTO;
            case "text" -> SurpriseMap.View.TEXT;
            case "hex" -> SurpriseMap.View.HEX;
            default -> throw new UsageException("--view must be auto, text or hex, not '" + view + "'");
        };
        if (blockBytes < 0) {
            throw new UsageException("--block-bytes must be >= 0");
        }
        try {
            return new SurpriseMap.Options(pageBytes, detailBytes, detailFrom, spanBytes, spans, kind);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Endpoints.Output open(Path target) throws IOException {
        return "-".equals(target.toString()) ? Endpoints.Output.standardOutput() : Endpoints.Output.file(target, force);
    }

    private Progress.Mode progressMode() {
        return switch (progress) {
            case "auto" -> Progress.Mode.AUTO;
            case "always" -> Progress.Mode.ALWAYS;
            case "never" -> Progress.Mode.NEVER;
            default -> throw new UsageException("--progress must be auto, always or never, not '" + progress + "'");
        };
    }

    private static void report(PrintStream out, long bytes, List<Explanation> totals, String page, String table) {
        String[] labels = {"A", "B"};
        for (int j = 0; j < totals.size(); j++) {
            Explanation e = totals.get(j);
            out.printf(Locale.ROOT, "%s %-40s %12.1f bits %8.4f bpb%n", totals.size() > 1 ? labels[j] : "-", e.spec(),
                    e.idealBits(), e.idealBitsPerByte());
        }
        if (totals.size() == 2) {
            double d = totals.get(1).idealBits() - totals.get(0).idealBits();
            out.printf(Locale.ROOT, "  %-40s %+12.1f bits %+8.4f bpb%n", "B - A", d, bytes == 0 ? 0 : d / bytes);
        }
        if (page != null) {
            out.println("page:  " + page);
        }
        if (table != null) {
            out.println("table: " + table);
        }
    }
}
