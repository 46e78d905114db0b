package io.bitscale.scaling.fit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code bitscale fit} and {@code plot --report} compute from a result table, written
 * as {@code fits.json}: the settings that produced it (so the file can be rebuilt exactly), the
 * fitted laws with their quality flags, the forecast checks, the cross-corpus transfers and the
 * compute-optimal allocations.
 *
 * <pre>{@code
 * FitReport report = new ScalingFits(new PowerLawFitter(1000, 5, 1), "bpb").report(rows, null, System.err::println);
 * report.write(Path.of("fits.json"));
 * }</pre>
 *
 * @param settings    how the fits were made
 * @param fits        every fitted law
 * @param forecasts   forecast checks of every L(D) curve with sizes beyond its cutoff
 * @param transfers   laws of one corpus forecasting another
 * @param allocations compute-optimal allocations per family (fitted or with the reason why not)
 */
public record FitReport(Settings settings, List<FitResult> fits, List<Forecast> forecasts, List<Transfer> transfers,
                        List<Allocation> allocations) {

    /**
     * The options of a fit run.
     *
     * @param metric    the fitted y
     * @param bootstrap bootstrap replicates
     * @param folds     cross-validation folds
     * @param seed      seed of the draws
     * @param cutoff    the forecast cutoff for every curve, or null for each curve's default
     *                  ({@link Forecaster#defaultCutoff})
     */
    public record Settings(String metric, int bootstrap, int folds, long seed, Double cutoff) {
    }

    /** Immutable lists. */
    public FitReport {
        fits = List.copyOf(fits);
        forecasts = List.copyOf(forecasts);
        transfers = List.copyOf(transfers);
        allocations = List.copyOf(allocations);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The report as indented JSON (NaN written as the string "NaN"). */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("a fit report always serializes", e);
        }
    }

    /** Writes {@link #toJson()} atomically. */
    public void write(Path file) throws IOException {
        io.bitscale.core.io.AtomicFile.writeString(file, toJson());
    }

    /** The settings recorded in a {@code fits.json}, or null if it has none (written before settings were kept). */
    public static Settings settingsOf(Path file) throws IOException {
        var root = MAPPER.readTree(file.toFile());
        return root.has("settings") ? MAPPER.treeToValue(root.get("settings"), Settings.class) : null;
    }
}
