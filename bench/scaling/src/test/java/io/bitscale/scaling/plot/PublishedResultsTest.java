package io.bitscale.scaling.plot;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every published figure is backed by committed rows: each directory under {@code docs/results/}
 * rebuilds its {@code fits.json}, {@code report.md} and the data of every figure from its own
 * {@code results.jsonl} (with the fit settings its {@code fits.json} records), and the rebuild
 * must match what is committed — numbers to 1e-9, figures by their CSV, no figure the rows do not
 * make, no figure or fit without rows. Needs no corpora: only committed files are read.
 *
 * <p>The one kind of figure outside the scaling harness is the JMH Pareto chart
 * ({@code jmh-*-pareto-*.png}), drawn by {@code bitscale-jmh}'s JmhReport from the JMH results
 * file beside it ({@code jmh-*.json}), which this test requires to be there.
 */
class PublishedResultsTest {

    static Path results() {
        String root = System.getProperty("bitscale.projectRoot");
        Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("docs/results"))) {
                return dir.resolve("docs/results");
            }
        }
        throw new AssertionError("no docs/results above " + start);
    }

    @TestFactory
    Stream<DynamicTest> everyPublishedDirectoryRebuildsFromItsRows() throws IOException {
        List<Path> directories = new ArrayList<>();
        directories.add(results());
        try (Stream<Path> children = Files.list(results())) {
            children.filter(Files::isDirectory).sorted().forEach(directories::add);
        }
        return directories.stream().map(dir -> DynamicTest.dynamicTest(results().relativize(dir).toString().isEmpty()
                ? "docs/results" : "docs/results/" + results().relativize(dir), () -> {
                    if (isJmh(dir)) {
                        assertJmhFiguresHaveTheirData(dir);
                    } else {
                        assertThat(Rebuild.check(dir)).as("differences from a rebuild of " + dir).isEmpty();
                    }
                }));
    }

    /** A directory whose only figures are JMH charts (the results root, jmh-quick-idle). */
    private static boolean isJmh(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> images = files.map(p -> p.getFileName().toString()).filter(n -> image(n)).toList();
            return !images.isEmpty() && images.stream().allMatch(n -> n.startsWith("jmh-"));
        }
    }

    private static void assertJmhFiguresHaveTheirData(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (String name : files.map(p -> p.getFileName().toString()).filter(PublishedResultsTest::image).toList()) {
                assertThat(name).as(dir.resolve(name) + " is a JMH Pareto chart").matches("jmh-[a-z-]+-pareto-.+\\.png");
                String run = name.substring(0, name.indexOf("-pareto-"));
                assertThat(dir.resolve(run + ".json")).as("the JMH results behind " + name).isRegularFile();
            }
        }
    }

    private static boolean image(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".svg") || lower.endsWith(".pdf");
    }
}
