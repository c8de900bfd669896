package dev.longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
			.append("`ours-prefetch` = the same with `prefetch: 1`; ")
			.append("`raw-netty` = a bare Reactor Netty loop decoding on the event loop (the floor); ")
			.append("`raw-netty-offload` = the same loop handing each response to Reactor's bounded elastic ")
			.append("scheduler, as any design that lets handlers block must; ")
			.append("`blocking` = one platform thread per listener around the JDK HttpClient's blocking send; ")
			.append("`aiohttp` = asyncio + aiohttp. ").append(pythonStatus).append(".\n\n");
		scale(out, results.scale);
		embed(out, charts, Charts.SCALE_HEAP, Charts.SCALE_THREADS);
		latency(out, results.latency, options);
		embed(out, charts, Charts.LATENCY);
		throughput(out, results.throughput);
		embed(out, charts, Charts.THROUGHPUT, Charts.ALLOCATION);
		lifecycle(out, "Startup: `SpringApplication.run` of a worker application", "with `@LongPollListener` beans, "
				+ "listeners started inside it", results.startup);
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
		out.append("Publish (server clock) to handler entry (client clock), same host, epoch microseconds.\n\n");
		out.append("| variant | samples | p50 (ms) | p99 (ms) | p99.9 (ms) | live threads | p99 ours ÷ this ")
			.append("| p99.9 ours ÷ this |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
		Map<String, Object> ours = find(rows, "ours", null, null);
		for (Map<String, Object> row : rows) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %s | %s | %s |%n",
					row.get("variant"), row.get("samples"), num(row, "p50Ms"), num(row, "p99Ms"), num(row, "p999Ms"),
					Objects.toString(row.get("threads"), "-"), ratio(ours, row, "p99Ms"), ratio(ours, row, "p999Ms")));
		}
		out.append('\n');
	}

	private static void throughput(StringBuilder out, List<Map<String, Object>> rows) {
		out.append("## Throughput: one listener, the server always has events ready\n\n");
		out.append("Bytes allocated per poll: all threads' allocation (`ThreadMXBean`) over the measured seconds, ")
			.append("divided by the responses handled.\n\n");
		out.append("| events per response | variant | polls/s | events/s | KB allocated per poll ")
			.append("| events/s ours ÷ this | events/s ours-prefetch ÷ this |\n");
		out.append("|---:|---|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : rows) {
			Map<String, Object> ours = find(rows, "ours", row.get("batch"), "batch");
			Map<String, Object> prefetch = find(rows, "ours-prefetch", row.get("batch"), "batch");
			out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.1f | %s | %s |%n", row.get("batch"),
					row.get("variant"), num(row, "responsesPerSecond"), num(row, "eventsPerSecond"),
					num(row, "bytesPerPoll") / 1000, ratio(ours, row, "eventsPerSecond"),
					"ours-prefetch".equals(row.get("variant")) ? "—" : ratio(prefetch, row, "eventsPerSecond")));
		}
		out.append('\n');
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
			if ("starter".equals(row.get("app"))) {
				double plain = num(findApp(rows, "plain", row.get("listeners")), "millis");
				double starter = num(row, "millis");
				out.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %+.0f |%n", row.get("listeners"), plain,
						starter, starter - plain));
			}
		}
		out.append('\n');
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
		out.append("## Targets\n\n| target | figure | met |\n|---|---|---|\n");
		Map<String, Object> largest = results.scale.stream()
			.filter((row) -> "ours".equals(row.get("variant")))
			.max((a, b) -> Double.compare(num(a, "listeners"), num(b, "listeners")))
			.orElse(null);
		if (largest != null) {
			double threads = num(largest, "threads");
			target(out, largest.get("listeners") + " listeners with ≤ 32 live threads",
					String.format(Locale.ROOT, "%.0f threads", threads), threads <= 32);
			Map<String, Object> raw = find(results.scale, "raw-netty", largest.get("listeners"), "listeners");
			if (raw != null) {
				double r = num(largest, "heapPerListenerKiB") / num(raw, "heapPerListenerKiB");
				target(out, "heap per idle listener ≤ 1.5 × raw Reactor Netty (at " + largest.get("listeners") + ")",
						String.format(Locale.ROOT, "%.1f KiB, %.2f ×", num(largest, "heapPerListenerKiB"), r), r <= 1.5);
			}
		}
		Map<String, Object> latency = find(results.latency, "ours", null, null);
		Map<String, Object> offloadLatency = find(results.latency, "raw-netty-offload", null, null);
		if (latency != null && offloadLatency != null) {
			ratioTarget(out, "p99 latency ≤ 1.2 × the offloading raw loop", latency, offloadLatency, "p99Ms", 1.2,
					false);
			ratioTarget(out, "p99.9 latency ≤ 1.5 × the offloading raw loop", latency, offloadLatency, "p999Ms", 1.5,
					false);
		}
		for (Object batch : List.of(1, 100)) {
			Map<String, Object> ours = find(results.throughput, "ours", batch, "batch");
			Map<String, Object> prefetch = find(results.throughput, "ours-prefetch", batch, "batch");
			Map<String, Object> raw = find(results.throughput, "raw-netty", batch, "batch");
			Map<String, Object> offload = find(results.throughput, "raw-netty-offload", batch, "batch");
			if (prefetch != null && raw != null) {
				ratioTarget(out, "throughput with prefetch ≥ 1.0 × raw Reactor Netty (batch " + batch + ")", prefetch,
						raw, "eventsPerSecond", 1.0, true);
			}
			if (ours != null && offload != null) {
				ratioTarget(out, "throughput without prefetch ≥ 0.9 × the offloading raw loop (batch " + batch + ")",
						ours, offload, "eventsPerSecond", 0.9, true);
			}
		}
		added(out, results.startup, 10, "startup with 10 listeners adds ≤ 150 ms", 150);
		added(out, results.startup, 1_000, "startup with 1,000 listeners adds ≤ 1 s", 1_000);
		added(out, results.shutdown, BenchmarkMain.SHUTDOWN_LISTENERS,
				"shutdown with 1,000 listeners mid-hold adds ≤ 0.5 s to process exit", 500);
		out.append('\n');
	}

	private static void ratioTarget(StringBuilder out, String target, Map<String, Object> ours,
			Map<String, Object> baseline, String key, double limit, boolean atLeast) {
		double r = num(ours, key) / num(baseline, key);
		target(out, target, String.format(Locale.ROOT, "%.2f ×", r), atLeast ? r >= limit : r <= limit);
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
		out.append("| ").append(target).append(" | ").append(figure).append(" | ").append(met ? "met" : "missed")
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
