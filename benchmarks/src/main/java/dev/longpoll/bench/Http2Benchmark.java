package dev.longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTTP/2 rows ({@code --http2}): the starter over HTTP/1.1 ({@code ours}) against the
 * same over cleartext HTTP/2 ({@code ours-h2c}), on the same feed server, in one run.
 * Scale at 10,000 and 50,000 idle listeners under the machine's file limit; latency in
 * interleaved rounds (each ratio a median with its spread); latency beside a listener of
 * large bodies (head-of-line blocking); latency while the server sends a GOAWAY every 100
 * requests.
 */
final class Http2Benchmark {

	static final List<Integer> SCALE = List.of(10_000, 50_000);

	static final int ROUNDS = 3;

	/** Listeners over HTTP/1.1 that one process can hold under a 20,000-file limit. */
	static final int HTTP1_LIMIT = 19_000;

	/** The part of {@code RESULTS.md} these rows fill; a full run keeps it. */
	static final String BLOCK = "http2";

	private final BenchmarkMain main;

	private final BenchmarkOptions options;

	private final Map<String, String> bases;

	Http2Benchmark(BenchmarkMain main, BenchmarkOptions options, Map<String, String> bases) {
		this.main = main;
		this.options = options;
		this.bases = bases;
	}

	String run(String arguments) throws IOException {
		String only = System.getProperty("bench.http2.only", "");
		if (only.equals("storm")) { // a look at the GOAWAY storm alone, printed, not written
			Map<String, Object> storm = this.main.timedAt("ours-h2c", "latency", this.bases.get("goaway") + "/latency",
					this.options.latencyListeners());
			return storm.toString();
		}
		List<Map<String, Object>> scale = new ArrayList<>();
		for (int listeners : this.options.mode().equals("http2-quick") ? List.of(200) : SCALE) {
			if (listeners < HTTP1_LIMIT) { // past it each held poll would need a socket the process may not open
				scale.add(this.main.scale("ours", this.bases.get("http1") + "/hold", listeners));
			}
			scale.add(this.main.scale("ours-h2c", this.bases.get("h2c") + "/hold", listeners));
		}
		int rounds = this.options.mode().equals("http2-quick") ? 1 : ROUNDS;
		List<Map<String, Object>> latency = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			latency.add(this.main.timedAt("ours", "latency", this.bases.get("http1") + "/latency",
					this.options.latencyListeners()));
			latency.add(this.main.timedAt("ours-h2c", "latency", this.bases.get("h2c") + "/latency",
					this.options.latencyListeners()));
		}
		List<Map<String, Object>> big = new ArrayList<>();
		big.add(this.main.timedAt("ours-h2c", "latency-big", this.bases.get("h2c") + "/latency",
				this.options.latencyListeners()));
		big.add(this.main.timedAt("ours", "latency-big", this.bases.get("http1") + "/latency",
				this.options.latencyListeners()));
		Map<String, Object> storm = this.main.timedAt("ours-h2c", "latency", this.bases.get("goaway") + "/latency",
				this.options.latencyListeners());
		String report = render(arguments, scale, latency, big, storm);
		Report.writeBlock(this.options.out(), BLOCK, report);
		return report;
	}

	private String render(String arguments, List<Map<String, Object>> scale, List<Map<String, Object>> latency,
			List<Map<String, Object>> big, Map<String, Object> storm) {
		StringBuilder out = new StringBuilder("## HTTP/2: the starter over HTTP/1.1 and over h2c\n\n");
		out.append("- Date: ").append(LocalDate.now()).append('\n');
		out.append("- Machine: ").append(Report.machine()).append(", open-file limit ").append(fileLimit())
			.append('\n');
		out.append("- Command: `mvn -pl benchmarks -am -Pbenchmark -DskipTests verify -Dbench.args=")
			.append(arguments)
			.append("` (these rows only; a full run keeps them)\n");
		out.append("- Setup: one feed server JVM (Reactor Netty) serving the same routes over HTTP/1.1, over h2c "
				+ "(100 streams a connection, as Netty servers allow) and over h2c with a GOAWAY every 100 requests "
				+ "on a connection; each variant in its own JVM (-Xmx4g -Xss512k). `ours` = the starter over "
				+ "HTTP/1.1, `ours-h2c` = the same with `longpoll.http.protocol=h2c`.\n\n");

		out.append("### Scale: idle listeners, each holding a 30 s poll\n\n");
		out.append("Sockets: those the client JVM opened for its listeners (`/proc/self/fd`). HTTP/1.1 is not run past "
				+ HTTP1_LIMIT + " listeners: each held poll needs a socket and a process here may open " + fileLimit()
				+ " files, so 50,000 cannot be held that way.\n\n");
		out.append("| listeners | variant | started | polls held | sockets | live threads | heap per listener (KiB) "
				+ "| RSS (MiB) | idle CPU (% of a core) |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : scale) {
			out.append(String.format(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %.1f | %.0f | %.1f |%n",
					number(row, "listeners").intValue(), row.get("variant"), number(row, "started").intValue(),
					number(row, "held").intValue(), number(row, "sockets").intValue(),
					number(row, "threads").intValue(), number(row, "heapPerListenerKiB").doubleValue(),
					number(row, "rssMiB").doubleValue(), number(row, "idleCpuPercent").doubleValue()));
		}
		out.append('\n');

		out.append("### Latency: ").append(this.options.latencyListeners())
			.append(" listeners, 1 event per listener per second, interleaved rounds\n\n");
		out.append("| round | variant | samples | p50 (ms) | p99 (ms) | p99.9 (ms) | CPU ms per poll | failures |\n"
				+ "|---:|---|---:|---:|---:|---:|---:|---:|\n");
		for (int i = 0; i < latency.size(); i++) {
			Map<String, Object> row = latency.get(i);
			out.append(String.format(Locale.ROOT, "| %d | %s | %d | %.2f | %.2f | %.2f | %.3f | %d |%n", i / 2 + 1,
					row.get("variant"), number(row, "samples").intValue(), number(row, "p50Ms").doubleValue(),
					number(row, "p99Ms").doubleValue(), number(row, "p999Ms").doubleValue(),
					number(row, "cpuMsPerPoll").doubleValue(), number(row, "failures").intValue()));
		}
		out.append('\n');
		out.append("Ratios h2c ÷ http1, per round, then the median [lowest, highest]:\n\n");
		out.append("- p99: ").append(ratios(latency, "p99Ms")).append('\n');
		out.append("- p99.9: ").append(ratios(latency, "p999Ms")).append('\n');
		out.append("- CPU time per poll: ").append(ratios(latency, "cpuMsPerPoll")).append("\n\n");

		out.append("### Head-of-line blocking: the same latency run beside one listener of ~1 MB bodies\n\n");
		out.append("The large listener polls a feed that always has 40,000 events ready and its handler only takes "
				+ "them; over h2c it shares connections with the small listeners, over HTTP/1.1 it has its own.\n\n");
		out.append("| variant | samples | p50 (ms) | p99 (ms) | p99.9 (ms) |\n|---|---:|---:|---:|---:|\n");
		for (Map<String, Object> row : big) {
			out.append(String.format(Locale.ROOT, "| %s + large | %d | %.2f | %.2f | %.2f |%n", row.get("variant"),
					number(row, "samples").intValue(), number(row, "p50Ms").doubleValue(),
					number(row, "p99Ms").doubleValue(), number(row, "p999Ms").doubleValue()));
		}
		out.append('\n');

		out.append("### GOAWAY storm: the h2c latency run while the server sends a GOAWAY every 100 requests\n\n");
		out.append(String.format(Locale.ROOT,
				"| samples | p50 (ms) | p99 (ms) | p99.9 (ms) | failures counted | WARN lines |%n"
						+ "|---:|---:|---:|---:|---:|---:|%n| %d | %.2f | %.2f | %.2f | %d | %d |%n%n",
				number(storm, "samples").intValue(), number(storm, "p50Ms").doubleValue(),
				number(storm, "p99Ms").doubleValue(), number(storm, "p999Ms").doubleValue(),
				number(storm, "failures").intValue(), number(storm, "warnings").intValue()));
		if (storm.get("failureKinds") instanceof Map<?, ?> kinds && !kinds.isEmpty()) {
			out.append("Failures by kind: ").append(kinds).append("\n\n");
		}
		targets(out, scale, latency, big, storm);
		return out.toString();
	}

	private static void targets(StringBuilder out, List<Map<String, Object>> scale, List<Map<String, Object>> latency,
			List<Map<String, Object>> big, Map<String, Object> storm) {
		out.append("### Targets\n\n| target | measured | |\n|---|---|---|\n");
		Map<String, Object> h2c10k = row(scale, "ours-h2c", 10_000);
		Map<String, Object> http10k = row(scale, "ours", 10_000);
		Map<String, Object> h2c50k = row(scale, "ours-h2c", 50_000);
		if (h2c10k != null) {
			int sockets = number(h2c10k, "sockets").intValue();
			target(out, "10,000 listeners to one host over ≤ 100 connections",
					sockets + " connections, " + number(h2c10k, "held").intValue() + " polls held", sockets <= 100);
		}
		if (h2c50k != null) {
			int held = number(h2c50k, "held").intValue();
			target(out, "50,000 listeners in one JVM under the file limit, each holding a poll",
					held + " polls held on " + number(h2c50k, "sockets").intValue() + " sockets", held == 50_000);
		}
		if (h2c10k != null && http10k != null) {
			double h2 = number(h2c10k, "heapPerListenerKiB").doubleValue();
			double h1 = number(http10k, "heapPerListenerKiB").doubleValue();
			target(out, "heap per idle listener over h2c ≤ over HTTP/1.1 (10,000 listeners)",
					String.format(Locale.ROOT, "%.1f KiB against %.1f KiB", h2, h1), h2 <= h1);
		}
		List<Double> p99 = roundRatios(latency, "p99Ms");
		double median = p99.stream().sorted().toList().get(p99.size() / 2);
		target(out, "latency p99 over h2c ≤ 1.2× HTTP/1.1 (median of the rounds)",
				String.format(Locale.ROOT, "%.2f× (rounds: %s)", median, ratios(latency, "p99Ms")), median <= 1.2);
		double bigH2 = number(big.get(0), "p99Ms").doubleValue();
		double bigHttp1 = number(big.get(1), "p99Ms").doubleValue();
		target(out, "beside a listener of large bodies, the small listeners' p99 over h2c ≤ over HTTP/1.1",
				String.format(Locale.ROOT, "%.2f ms against %.2f ms", bigH2, bigHttp1), bigH2 <= bigHttp1);
		int failures = number(storm, "failures").intValue();
		int warnings = number(storm, "warnings").intValue();
		target(out, "GOAWAY storm: 0 failures counted, 0 WARN", failures + " failures, " + warnings + " WARN lines",
				failures == 0 && warnings == 0);
		out.append('\n');
	}

	private static void target(StringBuilder out, String target, String measured, boolean met) {
		out.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "met" : "**missed**")
			.append(" |\n");
	}

	private static Map<String, Object> row(List<Map<String, Object>> rows, String variant, int listeners) {
		return rows.stream()
			.filter((row) -> variant.equals(row.get("variant")) && number(row, "listeners").intValue() == listeners)
			.findFirst()
			.orElse(null);
	}

	private static List<Double> roundRatios(List<Map<String, Object>> latency, String key) {
		List<Double> ratios = new ArrayList<>();
		for (int i = 0; i + 1 < latency.size(); i += 2) {
			ratios.add(number(latency.get(i + 1), key).doubleValue() / number(latency.get(i), key).doubleValue());
		}
		return ratios;
	}

	/** h2c ÷ http1 of each round, then their median and range. */
	private static String ratios(List<Map<String, Object>> latency, String key) {
		List<Double> ratios = roundRatios(latency, key);
		List<Double> sorted = ratios.stream().sorted().toList();
		Function<Double, String> format = (value) -> String.format(Locale.ROOT, "%.2f", value);
		return String.join(", ", ratios.stream().map(format).toList()) + " → median "
				+ format.apply(sorted.get(sorted.size() / 2)) + " [" + format.apply(sorted.get(0)) + ", "
				+ format.apply(sorted.get(sorted.size() - 1)) + "]";
	}

	private static Number number(Map<String, Object> row, String key) {
		Object value = row.get(key);
		return (value instanceof Number number) ? number : Double.NaN;
	}

	private static String fileLimit() {
		try {
			return Files.readAllLines(Path.of("/proc/self/limits"))
				.stream()
				.filter((line) -> line.startsWith("Max open files"))
				.map((line) -> line.replaceAll("\\s+", " ").split(" ")[3])
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

}
