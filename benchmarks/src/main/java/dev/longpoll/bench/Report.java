package dev.longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Renders the results as Markdown: the machine, the command, one table per scenario with
 * ratios against the baselines of the same run and its charts, and the targets met or
 * missed.
 */
final class Report {

	private Report() {
	}

	/**
	 * Write a block of a results file between its markers, replacing the block's earlier
	 * content or, the first time, appending it; the rest of the file stays.
	 * @param file the results file
	 * @param name the block's name
	 * @param content the block
	 * @throws IOException if the file cannot be read or written
	 */
	static void writeBlock(Path file, String name, String content) throws IOException {
		String start = "<!-- " + name + ":start -->\n";
		String end = "<!-- " + name + ":end -->\n";
		String existing = Files.exists(file) ? Files.readString(file) : "";
		String block = start + content + end;
		int from = existing.indexOf(start);
		int to = existing.indexOf(end);
		String updated = (from >= 0 && to > from) ? existing.substring(0, from) + block + existing.substring(to + end.length())
				: existing + (existing.isEmpty() || existing.endsWith("\n\n") ? "" : "\n") + block;
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, updated);
	}

	/**
	 * The blocks of a results file that other modes wrote ({@link #writeBlock}), to carry
	 * into a rewrite of it.
	 * @param file the results file
	 * @return the blocks with their markers, or an empty string
	 * @throws IOException if the file cannot be read
	 */
	static String blocks(Path file) throws IOException {
		if (!Files.exists(file)) {
			return "";
		}
		String existing = Files.readString(file);
		java.util.regex.Matcher matcher = java.util.regex.Pattern
			.compile("(?s)<!-- (\\w+):start -->\n.*?<!-- \\1:end -->\n")
			.matcher(existing);
		StringBuilder blocks = new StringBuilder();
		while (matcher.find()) {
			blocks.append('\n').append(matcher.group());
		}
		return blocks.toString();
	}

	static String render(BenchmarkOptions options, String arguments, BenchmarkMain.Results results,
			String pythonStatus, Map<String, Charts.Chart> charts) {
		StringBuilder out = new StringBuilder("# Benchmark results\n\n");
		out.append("- Date: ").append(LocalDate.now()).append('\n');
		out.append("- Machine: ").append(machine()).append('\n');
		out.append("- Command: `mvn -pl benchmarks -am -Pbenchmark -DskipTests verify")
			.append(arguments.isBlank() || arguments.equals("--full") ? "" : " -Dbench.args=\"" + arguments + "\"")
			.append("` (mode: ").append(options.mode()).append(")\n");
		out.append("- Setup: the feed server (Reactor Netty) runs in its own JVM on 127.0.0.1; each variant runs in ")
			.append("its own JVM (-Xmx4g -Xss512k), one after the other, on the same machine. ")
			.append("`ours` = this starter (registry API, a `void on(Event)` handler decoded from JSON); ")
			.append("`ours-webclient` = the same sending its polls through Spring's `WebClient` ")
			.append("(`longpoll.http.client: webclient`) rather than Reactor Netty directly, which `ours` does ")
			.append("(`auto`, the default, as this application's `WebClient.Builder` adds nothing); ")
			.append("`ours-prefetch` = the same as `ours` with `prefetch: 1`; ")
			.append("`raw-netty` = a bare Reactor Netty loop decoding on the event loop (the floor); ")
			.append("`raw-netty-offload` = the same loop handing each response to Reactor's bounded elastic ")
			.append("scheduler, as any design that lets handlers block must; ")
			.append("`blocking` = one platform thread per listener around the JDK HttpClient's blocking send; ")
			.append("`aiohttp` = asyncio + aiohttp. ").append(pythonStatus).append(".\n");
		out.append("- Rounds: in the latency and throughput scenarios `ours`, `ours-webclient`, `ours-prefetch`, `raw-netty` and ")
			.append("`raw-netty-offload` run in ").append(options.rounds())
			.append(" interleaved round(s) (one JVM each, in that order, round after round), `blocking` and `aiohttp` ")
			.append("once after them; ").append(options.warmupSeconds()).append(" s warm-up, then ")
			.append(options.seconds()).append(" s measured. Figures are medians over the rounds; a ratio is worked ")
			.append("out per round (ours of round i against the baseline of round i; against a variant run once, ")
			.append("each round against that run) and given as the median with the lowest and highest in brackets, ")
			.append("`median (min–max)`. CPU time per poll: the client JVM's process CPU time (all its threads, GC and ")
			.append("JIT included; for aiohttp the Python process's) over exactly the measured window, divided by the ")
			.append("responses handled in it; the OS counts it in 10 ms ticks, fine over seconds of polls, coarse over ")
			.append("a quick run's few.\n\n");
		scale(out, results.scale);
		embed(out, charts, Charts.SCALE_HEAP, Charts.SCALE_THREADS);
		latency(out, results.latency, options);
		embed(out, charts, Charts.LATENCY);
		throughput(out, results.throughput);
		embed(out, charts, Charts.THROUGHPUT, Charts.ALLOCATION);
		lifecycle(out, "Startup: `SpringApplication.run` of a worker application", "with `@LongPollListener` beans, "
				+ "listeners started inside it", results.startup);
		sections(out, results.sections);
		lifecycle(out, "Shutdown: SIGTERM to process exit", "with every poll held (a 30 s hold in progress)",
				results.shutdown);
		targets(out, results);
		return out.toString();
	}

	private static void scale(StringBuilder out, List<Map<String, Object>> rows) {
		out.append("## Scale: idle listeners, each holding a 30 s poll\n\n");
		out.append("| listeners | variant | started | polls held | live threads | heap per listener (KiB) | RSS (MiB) ")
			.append("| idle CPU (% of a core) | threads ours ÷ this | heap ours ÷ this | RSS ours ÷ this |\n");
		out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : rows) {
			Map<String, Object> ours = find(rows, "ours", row.get("listeners"), "listeners");
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.1f | %.0f | %.1f | %s | %s | %s |%n",
					row.get("listeners"), row.get("variant"), row.get("started"), row.get("held"), row.get("threads"),
					num(row, "heapPerListenerKiB"), num(row, "rssMiB"), num(row, "idleCpuPercent"),
					ratio(ours, row, "threads"), ratio(ours, row, "heapPerListenerKiB"), ratio(ours, row, "rssMiB")));
		}
		out.append('\n');
	}

	private static void latency(StringBuilder out, List<Map<String, Object>> rows, BenchmarkOptions options) {
		out.append("## Latency: ").append(options.latencyListeners())
			.append(" listeners, the server publishes 1 event per listener per second\n\n");
		out.append("Publish (server clock) to handler entry (client clock), same host, epoch microseconds. ")
			.append("Medians over the rounds; ratios `median (min–max)` of the per-round ratios.\n\n");
		out.append("| variant | rounds | samples | p50 (ms) | p99 (ms) | p99.9 (ms) | CPU per poll (µs) | live threads ")
			.append("| p99 ours ÷ this | p99.9 ours ÷ this | CPU per poll ours ÷ this |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : Rounds.medians(rows, "variant")) {
			Object variant = row.get("variant");
			out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s |%n",
					variant, row.get("rounds"), num(row, "samples"), num(row, "p50Ms"), num(row, "p99Ms"),
					num(row, "p999Ms"), micros(num(row, "cpuMsPerPoll")), Objects.toString(row.get("threads"), "-"),
					oursOver(rows, variant, "p99Ms", null), oursOver(rows, variant, "p999Ms", null),
					oursOver(rows, variant, "cpuMsPerPoll", null)));
		}
		out.append('\n');
		perRound(out, rows, false);
	}

	private static void throughput(StringBuilder out, List<Map<String, Object>> rows) {
		out.append("## Throughput: one listener, the server always has events ready\n\n");
		out.append("Bytes allocated per poll: all live threads' allocation (`ThreadMXBean`) over the measured window, ")
			.append("divided by the responses handled in it; CPU per poll likewise from the process CPU time. ")
			.append("Medians over the rounds; ratios `median (min–max)` of the per-round ratios.\n\n");
		out.append("| events per response | variant | rounds | polls/s | events/s | KB allocated per poll ")
			.append("| CPU per poll (µs) | events/s ours ÷ this | events/s ours-prefetch ÷ this ")
			.append("| KB per poll ours ÷ this | CPU per poll ours ÷ this |\n");
		out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : Rounds.medians(rows, "batch", "variant")) {
			Object variant = row.get("variant");
			Predicate<Map<String, Object>> batch = sameBatch(row.get("batch"));
			String prefetch = "ours-prefetch".equals(variant) ? "—"
					: Rounds.ratio(rows, "ours-prefetch", String.valueOf(variant), "eventsPerSecond", batch)
						.format("%.2f");
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.1f | %s | %s | %s | %s | %s |%n",
					row.get("batch"), variant, row.get("rounds"), num(row, "responsesPerSecond"),
					num(row, "eventsPerSecond"), num(row, "bytesPerPoll") / 1000, micros(num(row, "cpuMsPerPoll")),
					oursOver(rows, variant, "eventsPerSecond", batch), prefetch,
					oursOver(rows, variant, "bytesPerPoll", batch), oursOver(rows, variant, "cpuMsPerPoll", batch)));
		}
		out.append('\n');
		perRound(out, rows, true);
	}

	/** Every run of a scenario, folded away under the table. */
	private static void perRound(StringBuilder out, List<Map<String, Object>> rows, boolean throughput) {
		if (rows.isEmpty()) {
			return;
		}
		out.append("<details><summary>Every run, in the order they ran</summary>\n\n");
		out.append(throughput ? "| events per response | round | variant | polls/s | KB allocated per poll "
				+ "| CPU per poll (µs) | CPU (% of a core) |\n|---:|---:|---|---:|---:|---:|---:|\n"
				: "| round | variant | samples | p50 (ms) | p99 (ms) | p99.9 (ms) | CPU per poll (µs) "
						+ "| CPU (% of a core) |\n|---:|---|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : rows) {
			String round = Objects.toString(row.get(Rounds.ROUND), "once");
			if (throughput) {
				out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.1f | %s | %.0f |%n", row.get("batch"),
						round, row.get("variant"), num(row, "responsesPerSecond"), num(row, "bytesPerPoll") / 1000,
						micros(num(row, "cpuMsPerPoll")), num(row, "cpuPercent")));
			}
			else {
				out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.2f | %.2f | %.2f | %s | %.0f |%n", round,
						row.get("variant"), num(row, "samples"), num(row, "p50Ms"), num(row, "p99Ms"),
						num(row, "p999Ms"), micros(num(row, "cpuMsPerPoll")), num(row, "cpuPercent")));
			}
		}
		out.append("\n</details>\n\n");
	}

	/** ours ÷ a variant, per round, as {@code median (min–max)}; a dash on ours' own row. */
	private static String oursOver(List<Map<String, Object>> rows, Object variant, String key,
			@Nullable Predicate<Map<String, Object>> filter) {
		if ("ours".equals(variant)) {
			return "—";
		}
		return Rounds.ratio(rows, "ours", String.valueOf(variant), key, (filter != null) ? filter : (row) -> true)
			.format("%.2f");
	}

	private static Predicate<Map<String, Object>> sameBatch(Object batch) {
		return (row) -> Objects.equals(String.valueOf(row.get("batch")), String.valueOf(batch));
	}

	private static String micros(double millis) {
		return Double.isFinite(millis) ? String.format(Locale.ROOT, "%.0f", millis * 1000) : "—";
	}

	private static void lifecycle(StringBuilder out, String title, String detail, List<Map<String, Object>> rows) {
		if (rows.isEmpty()) {
			return;
		}
		out.append("## ").append(title).append("\n\n");
		out.append("The same application ").append(detail).append(", in its own JVM, median of the runs; ")
			.append("`plain` excludes the starter's auto-configuration.\n\n");
		out.append("| listeners | plain (ms) | with the starter (ms) | added by the starter (ms) |\n");
		out.append("|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : rows) {
			if ("starter".equals(row.get("app")) && !findApp(rows, "plain", row.get("listeners")).isEmpty()) {
				double plain = num(findApp(rows, "plain", row.get("listeners")), "millis");
				double starter = num(row, "millis");
				out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %+.0f |%n", row.get("listeners"), plain,
						starter, starter - plain));
			}
		}
		out.append('\n');
	}

	private static void sections(StringBuilder out, List<Map<String, Object>> rows) {
		Map<String, Object> without = section(rows, false);
		Map<String, Object> with = section(rows, true);
		if (without == null || with == null) {
			return;
		}
		out.append("### Listener sections: the same application with a configuration section per listener\n\n");
		out.append("With the starter, ").append(with.get("listeners"))
			.append(" listeners; the sections (`longpoll.listeners.listener-<i>.timeout=40s` and ")
			.append("`longpoll.listeners.listener-<i>.headers.x-n=<i>`, two properties a listener) in a generated ")
			.append("`application.properties` that Boot reads through `--spring.config.additional-location` on the ")
			.append("application's command line. The two forms run alternately, median of the runs.\n\n");
		out.append("| listeners | sections | without sections (ms) | with sections (ms) | sections add (ms) |\n");
		out.append("|---:|---:|---:|---:|---:|\n");
		out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %+.0f |%n%n", with.get("listeners"),
				with.get("sections"), num(without, "millis"), num(with, "millis"),
				num(with, "millis") - num(without, "millis")));
	}

	private static @Nullable Map<String, Object> section(List<Map<String, Object>> rows, boolean with) {
		return rows.stream().filter((row) -> (num(row, "sections") > 0) == with).findFirst().orElse(null);
	}

	private static void embed(StringBuilder out, Map<String, Charts.Chart> charts, String... files) {
		for (String file : files) {
			Charts.Chart chart = charts.get(file);
			if (chart != null && chart.measured()) {
				out.append(chart.markdown());
			}
		}
	}

	private static Map<String, Object> findApp(List<Map<String, Object>> rows, String app, Object listeners) {
		return rows.stream()
			.filter((row) -> app.equals(row.get("app")) && Objects.equals(row.get("listeners"), listeners))
			.findFirst()
			.orElse(Map.of());
	}

	private static void targets(StringBuilder out, BenchmarkMain.Results results) {
		out.append("## Targets\n\n");
		out.append("A target measured in rounds is met when the median of its per-round ratios meets it; the spread ")
			.append("(min–max) is shown beside it.\n\n| target | figure | met |\n|---|---|---|\n");
		String offload = "raw-netty-offload";
		for (int batch : BenchmarkMain.BATCHES) {
			ratioTarget(out, "bytes allocated per poll ≤ 1.3× raw-netty-offload (batch " + batch + ")",
					results.throughput, sameBatch(batch), offload, "bytesPerPoll", 1.3, false, 1 / 1000.0, "%.1f KB");
		}
		for (int batch : BenchmarkMain.BATCHES) {
			ratioTarget(out, "CPU time per poll ≤ 1.3× raw-netty-offload (batch " + batch + ")", results.throughput,
					sameBatch(batch), offload, "cpuMsPerPoll", 1.3, false, 1000, "%.0f µs");
		}
		ratioTarget(out, "CPU time per poll ≤ 1.3× raw-netty-offload (latency)", results.latency, (row) -> true,
				offload, "cpuMsPerPoll", 1.3, false, 1000, "%.0f µs");
		for (int batch : BenchmarkMain.BATCHES) {
			ratioTarget(out, "throughput without prefetch (ours) ≥ 0.9× raw-netty-offload (batch " + batch + ")",
					results.throughput, sameBatch(batch), offload, "eventsPerSecond", 0.9, true, 1, "%.0f events/s");
		}
		ratioTarget(out, "latency p99 ≤ 1.5× raw-netty-offload", results.latency, (row) -> true, offload, "p99Ms", 1.5,
				false, 1, "%.2f ms");
		ratioTarget(out, "latency p99.9 ≤ 1.5× raw-netty-offload", results.latency, (row) -> true, offload, "p999Ms",
				1.5, false, 1, "%.2f ms");
		Map<String, Object> heap = scaleRow(results.scale, 10_000);
		if (heap != null) {
			Map<String, Object> raw = find(results.scale, "raw-netty", heap.get("listeners"), "listeners");
			if (raw != null) {
				double r = num(heap, "heapPerListenerKiB") / num(raw, "heapPerListenerKiB");
				target(out, String.format(Locale.ROOT, "heap per idle listener ≤ 1.5× raw-netty (at %,d listeners)",
						(int) num(heap, "listeners")),
						String.format(Locale.ROOT, "%.1f KiB against %.1f KiB, %.2f×", num(heap, "heapPerListenerKiB"),
								num(raw, "heapPerListenerKiB"), r),
						r <= 1.5);
			}
		}
		Map<String, Object> without = section(results.sections, false);
		Map<String, Object> with = section(results.sections, true);
		if (without != null && with != null) {
			double added = num(with, "millis") - num(without, "millis");
			target(out, String.format(Locale.ROOT, "%,d listener sections add ≤ 3 s to startup", (int) num(with, "sections")),
					String.format(Locale.ROOT, "%+.0f ms", added), added <= 3_000);
		}
		added(out, results.startup, 10, "startup with 10 listeners adds ≤ 150 ms", 150);
		added(out, results.startup, 1_000, "startup with 1,000 listeners adds ≤ 500 ms", 500);
		Map<String, Object> largest = scaleRow(results.scale, Integer.MAX_VALUE);
		if (largest != null) {
			double threads = num(largest, "threads");
			target(out, String.format(Locale.ROOT, "%,d listeners with ≤ 32 live threads", (int) num(largest, "listeners")),
					String.format(Locale.ROOT, "%.0f threads", threads), threads <= 32);
		}
		added(out, results.shutdown, BenchmarkMain.SHUTDOWN_LISTENERS,
				"shutdown with 1,000 listeners mid-hold adds ≤ 0.5 s to process exit", 500);
		out.append('\n');
	}

	/** Ours' scale row at a listener count, or else at the largest count below it measured. */
	private static @Nullable Map<String, Object> scaleRow(List<Map<String, Object>> rows, int listeners) {
		return rows.stream()
			.filter((row) -> "ours".equals(row.get("variant")) && num(row, "listeners") <= listeners)
			.max((a, b) -> Double.compare(num(a, "listeners"), num(b, "listeners")))
			.orElse(null);
	}

	/**
	 * A target on ours ÷ a baseline, worked out per round: met when the median meets it.
	 * The figure: both medians (scaled and formatted), the ratio's median and spread.
	 */
	private static void ratioTarget(StringBuilder out, String target, List<Map<String, Object>> rows,
			Predicate<Map<String, Object>> filter, String baseline, String key, double limit, boolean atLeast,
			double scale, String format) {
		List<Map<String, Object>> matching = rows.stream().filter(filter).toList();
		if (find(matching, "ours", null, null) == null || find(matching, baseline, null, null) == null) {
			return;
		}
		Rounds.Spread ratio = Rounds.ratio(rows, "ours", baseline, key, filter);
		if (!ratio.measured()) {
			out.append("| ").append(target).append(" | not measured (no poll ended in the window) | — |\n");
			return;
		}
		double ours = Rounds.of(matching, "ours", key).median() * scale;
		double theirs = Rounds.of(matching, baseline, key).median() * scale;
		String figure = String.format(Locale.ROOT, format + " against " + format + ", %s× over %d round(s)", ours,
				theirs, ratio.format("%.2f"), ratio.values());
		target(out, target, figure, atLeast ? ratio.median() >= limit : ratio.median() <= limit);
	}

	private static void added(StringBuilder out, List<Map<String, Object>> rows, int listeners, String target,
			double limitMillis) {
		Map<String, Object> starter = findApp(rows, "starter", listeners);
		Map<String, Object> plain = findApp(rows, "plain", listeners);
		if (!starter.isEmpty() && !plain.isEmpty()) {
			double added = num(starter, "millis") - num(plain, "millis");
			target(out, target, String.format(Locale.ROOT, "%+.0f ms", added), added <= limitMillis);
		}
	}

	private static void target(StringBuilder out, String target, String figure, boolean met) {
		out.append("| ").append(target).append(" | ").append(figure).append(" | ").append(met ? "met" : "**missed**")
			.append(" |\n");
	}

	private static Map<String, Object> find(List<Map<String, Object>> rows, String variant, Object key,
			String keyName) {
		return rows.stream()
			.filter((row) -> variant.equals(row.get("variant")))
			.filter((row) -> keyName == null || Objects.equals(String.valueOf(row.get(keyName)), String.valueOf(key)))
			.findFirst()
			.orElse(null);
	}

	private static String ratio(Map<String, Object> ours, Map<String, Object> row, String key) {
		if (ours == null || "ours".equals(row.get("variant"))) {
			return "—";
		}
		double theirs = num(row, key);
		return (theirs == 0 || Double.isNaN(theirs)) ? "—"
				: String.format(Locale.ROOT, "%.2f", num(ours, key) / theirs);
	}

	static double num(Map<String, Object> row, String key) {
		Object value = row.get(key);
		return (value instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

	static String machine() {
		String cpu = "unknown CPU";
		String memory = "";
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.orElse(cpu);
			memory = Files.readAllLines(Path.of("/proc/meminfo"))
				.stream()
				.filter((line) -> line.startsWith("MemTotal"))
				.findFirst()
				.map((line) -> String.format(Locale.ROOT, ", %.0f GiB",
						Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
				.orElse("");
		}
		catch (IOException ex) {
			// not Linux
		}
		return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores" + memory + ", "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java "
				+ System.getProperty("java.version");
	}

}
