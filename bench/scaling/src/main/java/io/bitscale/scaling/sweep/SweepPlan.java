package io.bitscale.scaling.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The cells of a sweep, in a fixed order: corpus, protocol, model grid, knob combination, seed,
 * test size (held-out protocols), then data size (fastest); then the baselines (online only). The order only decides sharding and display; results are keyed by
 * {@link Cell#id()}.
 */
public final class SweepPlan {

    private final SweepConfig config;
    private final List<Cell> cells;

    private SweepPlan(SweepConfig config, List<Cell> cells) {
        this.config = config;
        this.cells = List.copyOf(cells);
    }

    /**
     * Expands a config into its cells; a random search draws its knob combinations here, growth
     * policies resolve each cell's spec from its D, and the baselines follow the model grids as
     * online cells.
     */
    public static SweepPlan of(SweepConfig config) {
        List<Cell> cells = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String corpusTemplate : config.corpora()) {
            for (String protocol : config.protocols()) {
                List<Long> tests = protocol.equals(SweepConfig.ONLINE) ? List.of(0L) : config.testBytes();
                for (SweepConfig.ModelGrid grid : config.models()) {
                    for (Map<String, String> knobs : combinations(config, grid)) {
                        for (long seed : config.seeds()) {
                            Map<String, String> values = new LinkedHashMap<>(knobs);
                            values.put("seed", Long.toString(seed));
                            String series = SweepConfig.substitute(grid.spec(), values);
                            String corpus = SweepConfig.substitute(corpusTemplate, values);
                            for (long test : tests) {
                                for (long size : config.sizes()) {
                                    if (size > grid.maxBytes()) {
                                        continue;
                                    }
                                    add(cells, ids, new Cell(cells.size(), corpus, protocol, grid.family(),
                                            grid.resolve(series, size), knobs, size, test == 0 ? size : test, seed,
                                            config.bitsPerParameter(), series, grid.capacityText(),
                                            protocol.equals(SweepConfig.PRETRAINED) ? config.pretrainingOptions() : null));
                                }
                            }
                        }
                    }
                }
                if (!protocol.equals(SweepConfig.ONLINE)) {
                    continue;
                }
                for (String baseline : config.baselines()) {
                    for (long seed : config.seeds()) {
                        String corpus = SweepConfig.substitute(corpusTemplate, Map.of("seed", Long.toString(seed)));
                        for (long size : config.sizes()) {
                            add(cells, ids, new Cell(cells.size(), corpus, protocol, SweepConfig.BASELINE_FAMILY,
                                    baseline, Map.of(), size, size, seed, config.bitsPerParameter()));
                        }
                    }
                }
            }
        }
        return new SweepPlan(config, cells);
    }

    private static void add(List<Cell> cells, Set<String> ids, Cell cell) {
        if (!ids.add(cell.id())) {
            throw new IllegalArgumentException("the sweep measures " + cell.label()
                    + " twice; remove the duplicate model, knob value or seed");
        }
        cells.add(cell);
    }

    /** The knob combinations of a grid: all of them, or the random search's draw in grid order. */
    private static List<Map<String, String>> combinations(SweepConfig config, SweepConfig.ModelGrid grid) {
        List<Map<String, String>> combinations = grid.combinations();
        if (config.randomSamples() > 0 && combinations.size() > config.randomSamples()) {
            List<Map<String, String>> shuffled = new ArrayList<>(combinations);
            Collections.shuffle(shuffled, new Random(config.randomSeed() ^ grid.spec().hashCode()));
            List<Map<String, String>> drawn = shuffled.subList(0, config.randomSamples());
            combinations = new ArrayList<>();
            for (Map<String, String> c : grid.combinations()) {
                if (drawn.contains(c)) {
                    combinations.add(c);
                }
            }
        }
        return combinations;
    }

    /** The config this plan expands. */
    public SweepConfig config() {
        return config;
    }

    /** All cells in plan order. */
    public List<Cell> cells() {
        return cells;
    }

    /** The cells of one shard, in plan order. */
    public List<Cell> cells(Shard shard) {
        List<Cell> result = new ArrayList<>();
        for (Cell cell : cells) {
            if (shard.contains(cell.index())) {
                result.add(cell);
            }
        }
        return result;
    }
}
