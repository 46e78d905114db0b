package io.bitscale.jmh;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of each iteration's wall time the benchmark threads actually ran on a CPU:
 * {@code cpu.share = CPU time of the jmh-worker threads / wall time} (1.0 on a quiet machine for
 * one thread). On a shared machine the scheduler hands the benchmark only part of a core, and a
 * throughput divided by this share ({@code bytes / cpu.share}) estimates the speed per CPU-second,
 * which moves much less with the load than the wall-clock score does. It cannot undo the other
 * effects of sharing (caches, hyper-threads, frequency), so quiet-machine numbers still rule.
 *
 * <p>Use: {@code java -jar bench/jmh/target/benchmarks.jar -prof io.bitscale.jmh.CpuShareProfiler}.
 */
public final class CpuShareProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startCpuNanos = new HashMap<>();
    private long startWallNanos;

    @Override
    public String getDescription() {
        return "CPU time of the benchmark threads as a share of wall time (load on a shared machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpuNanos.clear();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isWorker(t)) {
                startCpuNanos.put(t.getId(), Math.max(0, threads.getThreadCpuTime(t.getId())));
            }
        }
        startWallNanos = System.nanoTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long wall = System.nanoTime() - startWallNanos;
        long cpu = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isWorker(t)) {
                long now = threads.getThreadCpuTime(t.getId());
                if (now > 0) {
                    cpu += now - startCpuNanos.getOrDefault(t.getId(), 0L);
                }
            }
        }
        double share = wall > 0 ? (double) cpu / wall / Math.max(1, benchmarkParams.getThreads()) : Double.NaN;
        return List.of(new ScalarResult("cpu.share", share, "cpu/wall", AggregationPolicy.AVG));
    }

    private static boolean isWorker(Thread t) {
        return t.getName().contains("jmh-worker");
    }
}
