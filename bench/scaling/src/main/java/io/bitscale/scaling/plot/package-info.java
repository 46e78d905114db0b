/**
 * Plots and reports: {@link io.bitscale.scaling.plot.Charts} draws the standard scaling plots with
 * XChart (headless, PNG and SVG), {@link io.bitscale.scaling.plot.Report} decides which plots a
 * result table supports and writes the Markdown report around them.
 */
package io.bitscale.scaling.plot;
