/**
 * Scaling sweeps: a {@link io.bitscale.scaling.sweep.SweepConfig} (YAML, JSON or flags) expands into
 * {@link io.bitscale.scaling.sweep.Cell}s — model spec × data size × corpus × protocol × seed — that a
 * {@link io.bitscale.scaling.sweep.SweepRunner} measures in parallel with a
 * {@link io.bitscale.scaling.sweep.CellRunner} and appends to a resumable
 * {@link io.bitscale.scaling.sweep.ResultLog}; {@link io.bitscale.scaling.sweep.ResultTable} reads,
 * writes and merges the tidy tables.
 *
 * <p><b>Guarantees.</b> A cell's id depends only on what determines its numbers, so reruns,
 * shards and grown configs share finished cells; a finished cell is on disk before it is
 * reported; the same cell gives the same row (all but its timing columns) on every run, shard and
 * machine, because models, corpora and synthetic sources are deterministic.
 *
 * <p><b>Cost.</b> Each corpus is read once into memory and shared read-only by the cells; a cell
 * costs one pass of its model over its bytes (two with verification), plus, on synthetic sources,
 * one replay of the source for the true code length.
 */
package io.bitscale.scaling.sweep;
