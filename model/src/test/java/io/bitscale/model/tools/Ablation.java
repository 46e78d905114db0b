package io.bitscale.model.tools;

import io.bitscale.core.model.PredictorFactory;
import io.bitscale.core.stream.BitscaleOutputStream;
import io.bitscale.model.Models;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regenerates the ablation table of {@code docs/ablation.md}: the {@code default} preset with each
 * component removed, linear instead of logistic mixing, one gate instead of two, and SSE off.
 * bpb counts every container byte. Usage: {@code Ablation CORPUS_DIR} (the directory holding
 * {@code calgary/} and {@code canterbury/}).
 */
public final class Ablation {

    public static void main(String[] args) throws Exception {
        Path corpora = Path.of(args.length > 0 ? args[0] : "/work/shared/corpora");
        String order = "order(1..6,bits=24)";
        String word = "word(bits=22)";
        String match = "match(bits=22)";
        String sparse = "sparse(bits=20)";
        Map<String, String> variants = new LinkedHashMap<>();
        variants.put("default (all components, logistic, 2 gates, SSE)", "default");
        variants.put("without order(1..6)", mix(word, match, sparse, "gates=2"));
        variants.put("without word", mix(order, match, sparse, "gates=2"));
        variants.put("without match", mix(order, word, sparse, "gates=2"));
        variants.put("without sparse", mix(order, word, match, "gates=2"));
        variants.put("linear mixing (voting), SSE on", mix(order, word, match, sparse, "mixer=linear"));
        variants.put("linear mixing (voting), SSE off", mix(order, word, match, sparse, "mixer=linear", "sse=off"));
        variants.put("logistic, 1 gate (single layer)", mix(order, word, match, sparse, "gates=1"));
        variants.put("logistic, 2 gates, SSE off", mix(order, word, match, sparse, "gates=2", "sse=off"));
        variants.put("plus ppm(n=5) as an input", mix(order, word, match, sparse, "ppm(n=5)", "gates=2"));
        String[] files = {"calgary/book1", "canterbury/alice29.txt"};
        List<byte[]> data = new ArrayList<>();
        for (String file : files) {
            data.add(Files.readAllBytes(corpora.resolve(file)));
        }
        System.out.println("| variant | spec | book1 bpb | alice29.txt bpb |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, String> variant : variants.entrySet()) {
            PredictorFactory factory = Models.factory(variant.getValue());
            StringBuilder row = new StringBuilder("| " + variant.getKey() + " | `" + variant.getValue() + "` |");
            for (byte[] bytes : data) {
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                try (BitscaleOutputStream out = new BitscaleOutputStream(sink, factory)) {
                    out.write(bytes);
                }
                row.append(String.format(" %.4f |", 8.0 * sink.size() / bytes.length));
            }
            System.out.println(row);
        }
    }

    private static String mix(String... parts) {
        return "mix(" + String.join(",", parts) + ")";
    }
}
