package io.bitscale.jmh.tools;

import io.bitscale.core.accounting.CodeLengthMeter;
import io.bitscale.core.coding.PredictiveCoder;
import io.bitscale.core.model.PredictorFactory;
import io.bitscale.model.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ideal}: for tuning, the ideal code length and the time per byte of model specs on a file
 * prefix, through the coding loop without a coder (the model sees exactly the calls it sees when
 * compressing). Not a published figure: bpb to publish comes from {@code eval} (every container
 * byte counted), speed from JMH or whole-process runs.
 */
@Command(name = "ideal", mixinStandardHelpOptions = true,
        description = "Ideal bpb and CPU time per byte of each spec on a file prefix (no coder, no container).")
final class IdealCost implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "SPEC", required = true, arity = "1..*",
            description = "Model specs to run, one after another.")
    private List<String> specs;

    @Option(names = "--bytes", paramLabel = "N", description = "Use only the first N bytes of FILE.")
    private Integer bytes;

    @Parameters(paramLabel = "FILE")
    private Path file;

    @Override
    public Integer call() throws Exception {
        byte[] data = Files.readAllBytes(file);
        if (bytes != null && bytes < data.length) {
            data = Arrays.copyOf(data, bytes);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (String spec : specs) {
            PredictorFactory factory = Models.factory(spec);
            CodeLengthMeter meter = new CodeLengthMeter();
            PredictiveCoder loop = PredictiveCoder.of(factory.create()).observedBy(meter);
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            loop.learn(data, 0, data.length);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf(Locale.ROOT, "%-60s %10d bytes %8.4f bpb %8.3f us/byte cpu %8.3f MB/s wall  params %d%n",
                    spec, data.length, meter.idealBitsPerByte(), cpuSeconds * 1e6 / Math.max(1, data.length),
                    data.length / 1e6 / wallSeconds, factory.parameters());
        }
        return 0;
    }
}
