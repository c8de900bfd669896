package dev.longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The charts of a run, drawn from the numbers it measured and written beside the report
 * (in {@code charts/}), which embeds them next to their tables.
 */
final class Charts {

	/** The directory of the charts, beside the report. */
	static final String DIRECTORY = "charts";

	static final String SCALE_HEAP = "scale-heap.svg";

	static final String SCALE_THREADS = "scale-threads.svg";

	static final String LATENCY = "latency.svg";

	static final String THROUGHPUT = "throughput.svg";

	static final String ALLOCATION = "allocation.svg";

	/** Okabe–Ito colours: told apart with every common colour-vision deficiency. */
	private static final Map<String, String> VARIANT_COLORS = Map.of("ours", "#0072B2", "ours-prefetch", "#56B4E9",
			"raw-netty", "#009E73", "raw-netty-offload", "#E69F00", "blocking", "#D55E00", "aiohttp", "#CC79A7",
			"ours-webclient", "#000000");

	private static final Map<String, String> PERCENTILES = orderedMap("p50", "#9ECAE1", "p99", "#4292C6", "p99.9",
			"#08306B");

	private Charts() {
	}

	/**
	 * One chart of a run.
	 *
	 * @param file its file name in {@link #DIRECTORY}
	 * @param alt what it shows, for the report's image
	 * @param svg the SVG document; a "not measured in this run" one when nothing was
	 * @param measured whether the run measured what it shows
	 */
	record Chart(String file, String alt, String svg, boolean measured) {

		/**
		 * The Markdown image of this chart, relative to the report.
		 * @return the image and a blank line
		 */
		String markdown() {
			return "![" + this.alt + "](" + DIRECTORY + "/" + this.file + ")\n\n";
		}

	}

	/**
	 * Draw every chart from the results of a run; a variant run in several rounds is drawn
	 * at its medians.
	 * @param options what the run measured
	 * @param results the numbers it measured
	 * @param subtitle the machine and date line
	 * @return the charts by file name, every one of them (measured or not)
	 */
	static Map<String, Chart> render(BenchmarkOptions options, BenchmarkMain.Results results, String subtitle) {
		Map<String, Chart> charts = new LinkedHashMap<>();
		List<Map<String, Object>> latency = Rounds.medians(results.latency, "variant");
		List<Map<String, Object>> throughput = Rounds.medians(results.throughput, "batch", "variant");
		String title = "Scale: heap per idle listener (after GC), each holding a 30 s poll";
		put(charts, SCALE_HEAP, "Heap per idle listener against listener count, per variant", title, subtitle,
				lines(results.scale, "heapPerListenerKiB", title, subtitle, "heap per listener (KiB)", false));
		title = "Scale: live threads with every listener holding a 30 s poll";
		put(charts, SCALE_THREADS, "Live threads against listener count, per variant", title, subtitle,
				lines(results.scale, "threads", title, subtitle, "live threads (log scale)", true));
		title = String.format(Locale.ROOT, "Latency: publish to handler entry, %,d listeners × 1 event/s each",
				options.latencyListeners());
		put(charts, LATENCY, "Latency percentiles per variant", title, subtitle,
				latency(latency, title, subtitle));
		title = "Throughput: one listener, the server always has events ready";
		put(charts, THROUGHPUT, "Single-feed throughput per variant", title, subtitle,
				perBatch(throughput, "eventsPerSecond", 1, title, subtitle, "events per second", true));
		title = "Allocation per poll (all threads), one listener";
		put(charts, ALLOCATION, "Bytes allocated per poll per variant", title, subtitle,
				perBatch(throughput, "bytesPerPoll", 1000, title, subtitle, "KB allocated per poll", false));
		return charts;
	}

	/**
	 * Write charts to a directory, creating it.
	 * @param directory the directory
	 * @param charts the charts
	 * @throws IOException if one cannot be written
	 */
	static void write(Path directory, Collection<Chart> charts) throws IOException {
		Files.createDirectories(directory);
		for (Chart chart : charts) {
			Files.writeString(directory.resolve(chart.file()), chart.svg());
		}
	}

	/**
	 * A variant's colour, the same in every chart.
	 * @param variant the variant
	 * @return its colour
	 */
	static String color(String variant) {
		return VARIANT_COLORS.getOrDefault(variant, Svg.MUTED);
	}

	private static void put(Map<String, Chart> charts, String file, String alt, String title, String subtitle,
			@Nullable String svg) {
		charts.put(file, new Chart(file, alt, (svg != null) ? svg : Plots.notMeasured(title, subtitle), svg != null));
	}

	/** One line per variant of a scale figure against listener count; null without data. */
	private static @Nullable String lines(List<Map<String, Object>> rows, String key, String title, String subtitle,
			String yLabel, boolean log) {
		List<Plots.Series> series = new ArrayList<>();
		for (String variant : variants(rows)) {
			List<double[]> points = rows.stream()
				.filter((row) -> variant.equals(row.get("variant")))
				.map((row) -> new double[] { Report.num(row, "listeners"), Report.num(row, key) })
				.filter((point) -> plottable(point[1], log) && Double.isFinite(point[0]))
				.toList();
			if (!points.isEmpty()) {
				series.add(new Plots.Series(variant, color(variant), points));
			}
		}
		return series.isEmpty() ? null : Plots.lines(title, subtitle, "idle listeners", yLabel, series, log);
	}

	/** p50, p99 and p99.9 of each variant; null without data. */
	private static @Nullable String latency(List<Map<String, Object>> rows, String title, String subtitle) {
		List<Plots.Group> groups = new ArrayList<>();
		boolean any = false;
		for (Map<String, Object> row : rows) {
			List<Plots.Bar> bars = List.of(new Plots.Bar("p50", Report.num(row, "p50Ms")),
					new Plots.Bar("p99", Report.num(row, "p99Ms")), new Plots.Bar("p99.9", Report.num(row, "p999Ms")));
			any |= bars.stream().anyMatch((bar) -> plottable(bar.value(), true));
			groups.add(new Plots.Group(String.valueOf(row.get("variant")), bars));
		}
		return any ? Plots.bars(title, subtitle, "latency (ms, log scale)", List.of(new Plots.Panel(groups)),
				PERCENTILES, true) : null;
	}

	/**
	 * A figure of the throughput scenario per variant: side by side panels per batch size
	 * when {@code panels}, else one group per batch size on a shared axis; null without
	 * data.
	 */
	private static @Nullable String perBatch(List<Map<String, Object>> rows, String key, double divisor, String title,
			String subtitle, String yLabel, boolean panels) {
		Set<Object> batches = new LinkedHashSet<>();
		rows.forEach((row) -> batches.add(row.get("batch")));
		List<Plots.Group> groups = new ArrayList<>();
		boolean any = false;
		for (Object batch : batches) {
			List<Plots.Bar> bars = new ArrayList<>();
			for (Map<String, Object> row : rows) {
				if (Objects.equals(row.get("batch"), batch)) {
					double value = Report.num(row, key) / divisor;
					any |= plottable(value, false);
					bars.add(new Plots.Bar(String.valueOf(row.get("variant")), value));
				}
			}
			groups.add(new Plots.Group(batch + (Objects.equals(String.valueOf(batch), "1") ? " event" : " events")
					+ " per response", bars));
		}
		if (!any) {
			return null;
		}
		List<Plots.Panel> layout = panels ? groups.stream().map((group) -> new Plots.Panel(List.of(group))).toList()
				: List.of(new Plots.Panel(groups));
		Map<String, String> colors = new LinkedHashMap<>();
		variants(rows).forEach((variant) -> colors.put(variant, color(variant)));
		return Plots.bars(title, subtitle, yLabel, layout, colors, false);
	}

	private static List<String> variants(List<Map<String, Object>> rows) {
		Set<String> variants = new LinkedHashSet<>();
		rows.forEach((row) -> variants.add(String.valueOf(row.get("variant"))));
		return List.copyOf(variants);
	}

	private static boolean plottable(double value, boolean log) {
		return Double.isFinite(value) && (!log || value > 0);
	}

	private static Map<String, String> orderedMap(String... keysAndValues) {
		Map<String, String> map = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
