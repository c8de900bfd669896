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
 * ratios against the baselines of the same run, and the targets met or missed.
 */
final class Report {

	private Report() {
	}

	static String render(BenchmarkOptions options, String arguments, BenchmarkMain.Results results,
			String pythonStatus) {
		StringBuilder out = new StringBuilder("# Benchmark results\n\n");
		out.append("- Date: ").append(LocalDate.now()).append('\n');
		out.append("- Machine: ").append(machine()).append('\n');
		out.append("- Command: `mvn -pl benchmarks -am -Pbenchmark -DskipTests verify")
			.append(arguments.isBlank() || arguments.equals("--full") ? "" : " -Dbench.args=\"" + arguments + "\"")
			.append("` (mode: ").append(options.mode()).append(")\n");
		out.append("- Setup: the feed server (Reactor Netty) runs in its own JVM on 127.0.0.1; each variant runs in ")
			.append("its own JVM (-Xmx4g -Xss512k), one after the other, on the same machine. ")
			.append("`ours` = this starter (registry API, a `void on(Event)` handler decoded from JSON); ")
			.append("`raw-netty` = a bare Reactor Netty loop decoding on the event loop (the floor); ")
			.append("`raw-netty-offload` = the same loop handing each response to Reactor's bounded elastic ")
			.append("scheduler, as any design that lets handlers block must; ")
			.append("`blocking` = one platform thread per listener around the JDK HttpClient's blocking send; ")
			.append("`aiohttp` = asyncio + aiohttp. ").append(pythonStatus).append(".\n\n");
		scale(out, results.scale);
		latency(out, results.latency, options);
		throughput(out, results.throughput);
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
		out.append("| variant | samples | p50 (ms) | p99 (ms) | p99.9 (ms) | live threads | p99 ours ÷ this |\n");
		out.append("|---|---:|---:|---:|---:|---:|---:|\n");
		Map<String, Object> ours = find(rows, "ours", null, null);
		for (Map<String, Object> row : rows) {
			out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %s | %s |%n", row.get("variant"),
					row.get("samples"), num(row, "p50Ms"), num(row, "p99Ms"), num(row, "p999Ms"),
					Objects.toString(row.get("threads"), "-"), ratio(ours, row, "p99Ms")));
		}
		out.append('\n');
	}

	private static void throughput(StringBuilder out, List<Map<String, Object>> rows) {
		out.append("## Throughput: one listener, the server always has events ready\n\n");
		out.append("| events per response | variant | polls/s | events/s | events/s ours ÷ this |\n");
		out.append("|---:|---|---:|---:|---:|\n");
		for (Map<String, Object> row : rows) {
			Map<String, Object> ours = find(rows, "ours", row.get("batch"), "batch");
			out.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %.0f | %s |%n", row.get("batch"),
					row.get("variant"), num(row, "responsesPerSecond"), num(row, "eventsPerSecond"),
					ratio(ours, row, "eventsPerSecond")));
		}
		out.append('\n');
	}

	private static void targets(StringBuilder out, BenchmarkMain.Results results) {
		out.append("## Targets\n\n| target | figure | met |\n|---|---|---|\n");
		Map<String, Object> largest = results.scale.stream()
			.filter((row) -> "ours".equals(row.get("variant")))
			.max((a, b) -> Double.compare(num(a, "listeners"), num(b, "listeners")))
			.orElse(null);
		if (largest != null) {
			double threads = num(largest, "threads");
			double heap = num(largest, "heapPerListenerKiB");
			target(out, largest.get("listeners") + " listeners with ≤ 32 live threads", String.format(Locale.ROOT,
					"%.0f threads", threads), threads <= 32);
			target(out, "≤ 25 KiB heap per idle listener (at " + largest.get("listeners") + ")",
					String.format(Locale.ROOT, "%.1f KiB", heap), heap <= 25);
		}
		Map<String, Object> latency = find(results.latency, "ours", null, null);
		if (latency != null) {
			double p99 = num(latency, "p99Ms");
			target(out, "p99 latency ≤ 5 ms", String.format(Locale.ROOT, "%.2f ms", p99), p99 <= 5);
		}
		for (Object batch : List.of(1, 100)) {
			Map<String, Object> ours = find(results.throughput, "ours", batch, "batch");
			Map<String, Object> raw = find(results.throughput, "raw-netty", batch, "batch");
			Map<String, Object> aiohttp = find(results.throughput, "aiohttp", batch, "batch");
			if (ours != null && raw != null) {
				double r = num(ours, "eventsPerSecond") / num(raw, "eventsPerSecond");
				target(out, "throughput ≥ 0.8 × raw Reactor Netty (batch " + batch + ")",
						String.format(Locale.ROOT, "%.2f ×", r), r >= 0.8);
			}
			if (ours != null && aiohttp != null) {
				double r = num(ours, "eventsPerSecond") / num(aiohttp, "eventsPerSecond");
				target(out, "throughput ≥ 2 × aiohttp (batch " + batch + ")", String.format(Locale.ROOT, "%.2f ×", r),
						r >= 2);
			}
		}
		out.append('\n');
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

	private static String machine() {
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
