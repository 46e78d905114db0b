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
 * then size (fastest). The order only decides sharding and display; results are keyed by
 * {@link Cell#id()}.
 */
public final class SweepPlan {

    private final SweepConfig config;
    private final List<Cell> cells;

    private SweepPlan(SweepConfig config, List<Cell> cells) {
        this.config = config;
        this.cells = List.copyOf(cells);
    }

    /** Expands a config into its cells; a random search draws its knob combinations here. */
    public static SweepPlan of(SweepConfig config) {
        List<Cell> cells = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String corpusTemplate : config.corpora()) {
            for (String protocol : config.protocols()) {
                for (SweepConfig.ModelGrid grid : config.models()) {
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
                    for (Map<String, String> knobs : combinations) {
                        for (long seed : config.seeds()) {
                            Map<String, String> values = new LinkedHashMap<>(knobs);
                            values.put("seed", Long.toString(seed));
                            String spec = SweepConfig.substitute(grid.spec(), values);
                            String corpus = SweepConfig.substitute(corpusTemplate, values);
                            for (long size : config.sizes()) {
                                long test = protocol.equals(SweepConfig.ONLINE) ? size : config.testBytes();
                                Cell cell = new Cell(cells.size(), corpus, protocol, grid.family(), spec, knobs, size,
                                        test, seed, config.bitsPerParameter());
                                if (!ids.add(cell.id())) {
                                    throw new IllegalArgumentException("the sweep measures " + cell.label()
                                            + " twice; remove the duplicate model or knob value");
                                }
                                cells.add(cell);
                            }
                        }
                    }
                }
            }
        }
        return new SweepPlan(config, cells);
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
