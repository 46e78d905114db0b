/**
 * JMH benchmarks of the hot loops, with the peers in the same run. Built into the shaded
 * {@code bench/jmh/target/benchmarks.jar} only; no library jar contains them.
 *
 * <ul>
 *   <li>{@link io.bitscale.jmh.BinaryCoderBenchmark}: the binary coder alone, replaying the
 *       {@code (p1, bit)} stream {@code order2} produced on book1;</li>
 *   <li>{@link io.bitscale.jmh.SymbolCoderBenchmark}: the multi-symbol coder alone with a
 *       static 256-way table, general and {@code StaticCdf} paths;</li>
 *   <li>{@link io.bitscale.jmh.ModelLoopBenchmark}: each model's predict+update loop;</li>
 *   <li>{@link io.bitscale.jmh.ModelBenchmark} and {@link io.bitscale.jmh.PeerBenchmark}:
 *       whole compress and decompress, model spec or peer × corpus file, bytes and compressed
 *       bytes counted with {@code @AuxCounters} so speed and bpb come from the same result.</li>
 * </ul>
 *
 * <p>{@code bench/jmh/run-benchmarks.sh [smoke|quick|full|profile]} runs them;
 * {@link io.bitscale.jmh.tools.JmhReport} turns the JSON into the tables and Pareto plots of
 * {@code docs/benchmarks.md}; {@link io.bitscale.jmh.CpuShareProfiler} and
 * {@link io.bitscale.jmh.tools.JfrTopFrames} help read results from a busy machine and a profile.
 */
package io.bitscale.jmh;
