package dev.longpoll.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The range of a chart axis and its ticks: linear from round numbers, or logarithmic by
 * decades.
 *
 * @param min the lowest value on the axis
 * @param max the highest value on the axis
 * @param log whether the scale is logarithmic
 * @param ticks the values that get a tick and a label
 */
record Axis(double min, double max, boolean log, List<Double> ticks) {

	/**
	 * A linear axis that includes zero and every value, ending on round numbers.
	 * @param values the values to cover (NaN ignored)
	 * @return the axis
	 */
	static Axis linear(List<Double> values) {
		double low = Math.min(0, values.stream().filter(Double::isFinite).reduce(0.0, Math::min));
		double high = Math.max(0, values.stream().filter(Double::isFinite).reduce(0.0, Math::max));
		if (high == low) {
			high = low + 1;
		}
		double step = niceStep((high - low) / 5);
		double min = Math.floor(low / step) * step;
		double max = Math.ceil(high / step) * step;
		List<Double> ticks = new ArrayList<>();
		for (long i = 0; min + i * step <= max + step / 1000; i++) {
			ticks.add(round(min + i * step));
		}
		return new Axis(min, max, false, List.copyOf(ticks));
	}

	/**
	 * A logarithmic axis from the decade below the smallest positive value to the decade
	 * at or above the largest.
	 * @param values the values to cover (zero, negative and NaN ignored)
	 * @return the axis
	 */
	static Axis log(List<Double> values) {
		List<Double> positive = values.stream().filter((value) -> Double.isFinite(value) && value > 0).toList();
		double smallest = positive.stream().reduce(Double.MAX_VALUE, Math::min);
		double largest = positive.stream().reduce(0.0, Math::max);
		if (positive.isEmpty()) {
			smallest = 1;
			largest = 10;
		}
		int low = (int) Math.floor(Math.log10(smallest) - 1e-9);
		int high = Math.max(low + 1, (int) Math.ceil(Math.log10(largest) - 1e-9));
		List<Double> ticks = new ArrayList<>();
		for (int decade = low; decade <= high; decade++) {
			ticks.add(round(Math.pow(10, decade)));
		}
		return new Axis(Math.pow(10, low), Math.pow(10, high), true, List.copyOf(ticks));
	}

	/**
	 * Where a value falls along the axis.
	 * @param value the value
	 * @return 0 at {@link #min()}, 1 at {@link #max()}
	 */
	double fraction(double value) {
		if (this.log) {
			return (Math.log10(value) - Math.log10(this.min)) / (Math.log10(this.max) - Math.log10(this.min));
		}
		return (value - this.min) / (this.max - this.min);
	}

	/**
	 * Whether a value can be drawn on this axis.
	 * @param value the value
	 * @return false for NaN, infinities and, on a logarithmic axis, values not above zero
	 */
	boolean plots(double value) {
		return Double.isFinite(value) && (!this.log || value > 0);
	}

	/**
	 * A short label: three significant digits, thousands as {@code k} and millions as
	 * {@code M} ({@code 19.1k}, {@code 542k}, {@code 0.21}).
	 * @param value the value
	 * @return the label
	 */
	static String label(double value) {
		if (!Double.isFinite(value)) {
			return "n/a";
		}
		double magnitude = Math.abs(value);
		String suffix = "";
		if (magnitude >= 999_500) {
			value /= 1_000_000;
			suffix = "M";
		}
		else if (magnitude >= 999.5) {
			value /= 1_000;
			suffix = "k";
		}
		BigDecimal rounded = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros();
		return ((rounded.signum() == 0) ? "0" : rounded.toPlainString()) + suffix;
	}

	private static double niceStep(double rough) {
		double decade = Math.pow(10, Math.floor(Math.log10(rough)));
		for (double multiple : new double[] { 1, 2, 2.5, 5 }) {
			if (multiple * decade >= rough) {
				return multiple * decade;
			}
		}
		return 10 * decade;
	}

	private static double round(double value) {
		return new BigDecimal(value).round(new MathContext(12)).doubleValue();
	}

}
