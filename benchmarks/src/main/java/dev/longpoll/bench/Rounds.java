package dev.longpoll.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Interleaved rounds: rows of the same variant measured once per round (a {@code round}
 * key, 1, 2, …; none for a variant run once), their medians, and ratios worked out per
 * round and summed up as a median with its spread.
 */
final class Rounds {

	static final String ROUND = "round";

	private Rounds() {
	}

	/**
	 * A median with the lowest and highest of the values it is the median of.
	 *
	 * @param median the median (NaN without values)
	 * @param min the lowest
	 * @param max the highest
	 * @param values how many values
	 */
	record Spread(double median, double min, double max, int values) {

		static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, 0);

		static Spread of(List<Double> values) {
			List<Double> sorted = values.stream().filter(Double::isFinite).sorted().toList();
			if (sorted.isEmpty()) {
				return NONE;
			}
			return new Spread(Rounds.median(sorted), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
		}

		boolean measured() {
			return this.values > 0;
		}

		/**
		 * The median, with the spread in brackets when there are several values:
		 * {@code 1.12 (0.98–1.31)}.
		 * @param format the format of one value, for example {@code %.2f}
		 * @return the text, or a dash without values
		 */
		String format(String format) {
			if (!measured()) {
				return "—";
			}
			String median = String.format(Locale.ROOT, format, this.median);
			return (this.values == 1) ? median : median + " (" + String.format(Locale.ROOT, format, this.min) + "–"
					+ String.format(Locale.ROOT, format, this.max) + ")";
		}

	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * One row per group (for example per batch and variant), in the order the groups first
	 * appear: the median of each number over the group's rows (a value the same in every
	 * row as it is), other values from its first row, and {@code rounds}, how many rows
	 * there were.
	 * @param rows the rows
	 * @param keys the keys that make a group
	 * @return the median rows
	 */
	static List<Map<String, Object>> medians(List<Map<String, Object>> rows, String... keys) {
		Map<List<String>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
		for (Map<String, Object> row : rows) {
			List<String> group = new ArrayList<>();
			for (String key : keys) {
				group.add(String.valueOf(row.get(key)));
			}
			groups.computeIfAbsent(group, (k) -> new ArrayList<>()).add(row);
		}
		List<Map<String, Object>> medians = new ArrayList<>();
		for (List<Map<String, Object>> group : groups.values()) {
			Map<String, Object> median = new LinkedHashMap<>();
			for (Map<String, Object> row : group) {
				row.forEach((key, value) -> {
					if (!median.containsKey(key)) {
						boolean same = group.stream().allMatch((other) -> Objects.equals(other.get(key), value));
						median.put(key, (value instanceof Number && !same) ? spread(group, key).median() : value);
					}
				});
			}
			median.remove(ROUND);
			median.put("rounds", group.size());
			medians.add(median);
		}
		return medians;
	}

	/**
	 * One number of a variant over its rounds.
	 * @param rows the rows
	 * @param variant the variant
	 * @param key the number
	 * @return its median and spread
	 */
	static Spread of(List<Map<String, Object>> rows, String variant, String key) {
		return spread(rows.stream().filter((row) -> variant.equals(row.get("variant"))).toList(), key);
	}

	private static Spread spread(List<Map<String, Object>> rows, String key) {
		return Spread.of(rows.stream().map((row) -> Report.num(row, key)).toList());
	}

	/**
	 * A ratio of one number of two variants, worked out per round (the numerator of round
	 * i against the denominator of round i; against a variant run once, each round
	 * against that run), then summed up.
	 * @param rows the rows (of one scenario)
	 * @param numerator the numerator's variant
	 * @param denominator the denominator's variant
	 * @param key the number
	 * @return the median and spread of the ratios; none where a side is missing
	 */
	static Spread ratio(List<Map<String, Object>> rows, String numerator, String denominator, String key) {
		return ratio(rows, numerator, denominator, key, (row) -> true);
	}

	/**
	 * {@link #ratio(List, String, String, String)} over the rows that match a filter.
	 */
	static Spread ratio(List<Map<String, Object>> rows, String numerator, String denominator, String key,
			Predicate<Map<String, Object>> filter) {
		List<Map<String, Object>> tops = variant(rows, numerator, filter);
		List<Map<String, Object>> bottoms = variant(rows, denominator, filter);
		List<Double> ratios = new ArrayList<>();
		if (tops.size() == 1 || bottoms.size() == 1) { // a variant run once: against each round of the other
			for (Map<String, Object> top : tops) {
				for (Map<String, Object> bottom : bottoms) {
					ratios.add(divide(top, bottom, key));
				}
			}
		}
		else {
			for (Map<String, Object> top : tops) {
				bottoms.stream()
					.filter((bottom) -> Objects.equals(String.valueOf(bottom.get(ROUND)), String.valueOf(top.get(ROUND))))
					.findFirst()
					.ifPresent((bottom) -> ratios.add(divide(top, bottom, key)));
			}
		}
		return Spread.of(ratios);
	}

	private static List<Map<String, Object>> variant(List<Map<String, Object>> rows, String variant,
			Predicate<Map<String, Object>> filter) {
		return rows.stream().filter((row) -> variant.equals(row.get("variant"))).filter(filter).toList();
	}

	private static double divide(Map<String, Object> top, Map<String, Object> bottom, String key) {
		double denominator = Report.num(bottom, key);
		return (denominator == 0) ? Double.NaN : Report.num(top, key) / denominator;
	}

}
