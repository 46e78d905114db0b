package io.bitscale.scaling.fit;

/**
 * A law fitted on one text forecasting another: the same series (model spec or growth policy)
 * measured on two corpora. Two forecasts per target size of the second text:
 * <ul>
 *   <li>{@code direct}: the first text's law, fitted up to the cutoff, as it stands;</li>
 *   <li>{@code shaped}: the first text's exponent β, with E and B refitted (weighted linear least
 *       squares) to the second text's own sizes up to the cutoff: does the shape transfer when
 *       the level does not?</li>
 * </ul>
 *
 * @param series        the curve's series
 * @param protocol      its protocol
 * @param family        its family
 * @param from          the corpus (family of seeds) the law was fitted on
 * @param to            the corpus forecast
 * @param cutoff        the largest D of either fit
 * @param d             the forecast D on {@code to}
 * @param measured      the measured mean on {@code to}
 * @param direct        the {@code from} law's value
 * @param directError   its relative error
 * @param beta          the {@code from} law's exponent
 * @param shaped        the value with {@code from}'s exponent and {@code to}'s level
 * @param shapedError   its relative error
 */
public record Transfer(String series, String protocol, String family, String from, String to, double cutoff, double d,
                       double measured, double direct, double directError, double beta, double shaped,
                       double shapedError) {
}
