package io.bitscale.jmh.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JmhReportTest {

    private static String result(String benchmark, String params, double bytes, double compressedBytes) {
        return """
            {"benchmark": "io.bitscale.jmh.%s", "mode": "thrpt", "params": {%s},
             "primaryMetric": {"score": 1.0, "scoreError": 0.1, "scoreUnit": "ops/s"},
             "secondaryMetrics": {
               "bytes": {"score": %s, "scoreError": 1000.0, "scoreUnit": "ops/s"},
               "compressedBytes": {"score": %s, "scoreError": 10.0, "scoreUnit": "ops/s"},
               "cpu.share": {"score": 0.5, "scoreError": 0.01, "scoreUnit": "cpu/wall"}}}
            """.formatted(benchmark, params, bytes, compressedBytes);
    }

    @Test
    void derivesSpeedBpbAndTheParetoFrontFromOneRun(@TempDir Path dir) throws IOException {
        String corpus = "\"corpus\": \"calgary/book1\"";
        String json = "[" + String.join(",",
                result("ModelBenchmark.compress", corpus + ", \"spec\": \"order2\"", 10e6, 3.75e6),
                result("ModelBenchmark.decompress", corpus + ", \"spec\": \"order2\"", 9e6, 3.375e6),
                result("PeerBenchmark.compress", corpus + ", \"peer\": \"zstd-3\"", 100e6, 40e6),
                result("PeerBenchmark.compress", corpus + ", \"peer\": \"deflate-9\"", 5e6, 2.1e6),
                result("ModelLoopBenchmark.predictUpdate", corpus + ", \"model\": \"order2\"", 20e6, 0))
                + "]";
        Path file = dir.resolve("jmh-test.json");
        Files.writeString(file, json);

        List<JmhReport.Result> results = JmhReport.read(file);
        List<JmhReport.Point> points = JmhReport.points(results, "calgary/book1");
        assertThat(points).extracting(JmhReport.Point::codec).containsExactly("bitscale order2", "zstd-3", "deflate-9");
        JmhReport.Point order2 = points.get(0);
        assertThat(order2.bpb()).isEqualTo(3.0);
        assertThat(order2.compressMBps()).isEqualTo(10.0);
        assertThat(order2.speed()).as("per CPU-second at a CPU share of 0.5").isEqualTo(20.0);
        assertThat(order2.decompressMBps()).isEqualTo(9.0);
        assertThat(JmhReport.paretoOptimal(order2, points)).isTrue();
        assertThat(JmhReport.paretoOptimal(points.get(1), points)).isTrue();
        assertThat(JmhReport.paretoOptimal(points.get(2), points)).as("deflate-9: worse and slower than zstd-3").isFalse();

        String markdown = JmhReport.render(results, "jmh-test", dir);
        assertThat(markdown).contains("| order2 | calgary/book1 | 40.00 | 20.00 | 18.00 | 0.50 |")
                .contains("| **bitscale order2** | 3.0000 | 10.00 |")
                .contains("jmh-test-pareto-book1.png");
        assertThat(dir.resolve("jmh-test-pareto-book1.png")).isNotEmptyFile();
    }
}
