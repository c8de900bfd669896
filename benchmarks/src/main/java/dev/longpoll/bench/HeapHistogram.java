package dev.longpoll.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A diagnostic for the developer ({@code --histogram=N}), not part of a full run: where
 * the heap of an idle listener goes. Starts {@code ours} and {@code raw-netty} with N idle
 * listeners each (the scale scenario, one after the other), takes a class histogram of
 * live objects ({@code jcmd <pid> GC.class_histogram}, which collects first) of each
 * client JVM before its listeners start and once every poll is held, and writes what
 * each class grew by per listener, ours minus raw, largest first, to
 * {@code target/heap-histogram.md}.
 */
final class HeapHistogram {

	static final int TOP = 40;

	/** {@code   1:   12345   678900  java.lang.String (java.base@17.0.15)}. */
	private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");

	/** Hidden classes (lambdas, generated accessors) differ in number and address per JVM. */
	private static final Pattern HIDDEN = Pattern.compile("(\\$\\$Lambda)\\$\\d+/0x\\p{XDigit}+|/0x\\p{XDigit}+");

	private final BenchmarkMain main;

	private final BenchmarkOptions options;

	HeapHistogram(BenchmarkMain main, BenchmarkOptions options) {
		this.main = main;
		this.options = options;
	}

	/**
	 * Instances and bytes of one class.
	 *
	 * @param instances live instances
	 * @param bytes their shallow bytes
	 */
	record Count(long instances, long bytes) {

		Count minus(Count other) {
			return new Count(this.instances - other.instances, this.bytes - other.bytes);
		}

	}

	/**
	 * What one variant's listeners added.
	 *
	 * @param variant the variant
	 * @param listeners listeners started
	 * @param held polls held when the second histogram was taken
	 * @param growth per class, what the listeners added (after minus before)
	 * @param result the scale scenario's own figures (heap per listener after GC and more)
	 */
	record Growth(String variant, int listeners, int held, Map<String, Count> growth, Map<String, Object> result) {
	}

	String run() throws IOException {
		int listeners = this.options.scale().get(0);
		Growth ours = measure("ours", listeners);
		Growth raw = measure("raw-netty", listeners);
		String report = render(ours, raw);
		Files.createDirectories(this.options.out().toAbsolutePath().getParent());
		Files.writeString(this.options.out(), report);
		return report;
	}

	private Growth measure(String variant, int listeners) {
		this.main.log("histogram " + variant + " " + listeners);
		try (Processes client = Processes.java(this.main.log, ClientMain.class.getName(),
				BenchmarkMain.CLIENT_JVM, variant, "histogram", this.main.base + "/hold", Integer.toString(listeners),
				"1", "0")) {
			client.awaitLine("INITIALIZED");
			Map<String, Count> before = histogram(client.pid());
			client.send("START");
			int started = Integer.parseInt(client.awaitLine("STARTED "));
			int held = this.main.awaitHolding(started, Duration.ofSeconds(120));
			Map<String, Count> after = histogram(client.pid());
			client.send("MEASURE " + held);
			Map<String, Object> result = client.awaitResult();
			client.close();
			this.main.awaitHolding(0, Duration.ofSeconds(20));
			return new Growth(variant, started, held, difference(after, before), result);
		}
	}

	/**
	 * A class histogram of the live objects of a JVM.
	 * @param pid the JVM
	 * @return instances and bytes by class
	 */
	static Map<String, Count> histogram(long pid) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed: " + output);
			}
			return parse(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Parse the output of {@code GC.class_histogram} (or {@code jmap -histo}); classes
	 * that differ only in a hidden class's number are added up under one name.
	 * @param output the output
	 * @return instances and bytes by class
	 */
	static Map<String, Count> parse(String output) {
		Map<String, Count> counts = new HashMap<>();
		for (String line : output.split("\n")) {
			Matcher matcher = LINE.matcher(line);
			if (matcher.matches()) {
				String name = HIDDEN.matcher(matcher.group(3)).replaceAll("$1");
				Count count = new Count(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
				counts.merge(name, count, (a, b) -> new Count(a.instances() + b.instances(), a.bytes() + b.bytes()));
			}
		}
		return counts;
	}

	static Map<String, Count> difference(Map<String, Count> after, Map<String, Count> before) {
		Set<String> names = new LinkedHashSet<>(after.keySet());
		names.addAll(before.keySet());
		Map<String, Count> difference = new LinkedHashMap<>();
		Count none = new Count(0, 0);
		for (String name : names) {
			difference.put(name, after.getOrDefault(name, none).minus(before.getOrDefault(name, none)));
		}
		return difference;
	}

	/**
	 * The report: per class, bytes and instances per listener that ours adds beyond the
	 * raw loop, largest first.
	 */
	String render(Growth ours, Growth raw) {
		int listeners = ours.listeners();
		StringBuilder out = new StringBuilder("# Heap of idle listeners by class: ours against raw-netty\n\n");
		out.append("- Date: ").append(LocalDate.now()).append('\n');
		out.append("- Machine: ").append(Report.machine()).append('\n');
		out.append("- Command: `mvn -pl benchmarks -Pbenchmark -DskipTests verify -Dbench.args=--histogram=")
			.append(listeners)
			.append("`\n");
		out.append("- Each variant in its own JVM (").append(String.join(" ", BenchmarkMain.CLIENT_JVM))
			.append(") with ")
			.append(listeners)
			.append(" listeners, each holding a 30 s poll. `jcmd <pid> GC.class_histogram` (live objects, after a ")
			.append("full GC) once the client is set up and before any listener starts, and again once every poll is ")
			.append("held; a class's growth is the second minus the first, per listener. What is set up once with the ")
			.append("first listener (a client, an event loop) is spread over all of them.\n\n");
		out.append("| variant | listeners | polls held | histogram growth per listener (B) ")
			.append("| heap after GC per listener (KiB, scale scenario) |\n|---|---:|---:|---:|---:|\n");
		for (Growth growth : List.of(ours, raw)) {
			out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.1f |%n", growth.variant(),
					growth.listeners(), growth.held(), total(growth) / (double) growth.listeners(),
					Report.num(growth.result(), "heapPerListenerKiB")));
		}
		out.append('\n');
		Map<String, Count> extra = difference(perListener(ours), perListener(raw));
		List<Map.Entry<String, Count>> sorted = new ArrayList<>(extra.entrySet());
		sorted.sort(Comparator.comparingLong((Map.Entry<String, Count> entry) -> entry.getValue().bytes()).reversed());
		out.append(String.format(Locale.ROOT, "## The %d classes ours grows by most beyond raw-netty%n%n", TOP));
		out.append("Per listener; bytes are shallow (the object itself, not what it refers to); ")
			.append("figures below 10 with three decimals.\n\n");
		out.append("| # | class | ours − raw (B) | ours − raw (instances) | ours (B) | raw (B) |\n")
			.append("|---:|---|---:|---:|---:|---:|\n");
		Map<String, Count> oursEach = perListener(ours);
		Map<String, Count> rawEach = perListener(raw);
		for (int i = 0; i < Math.min(TOP, sorted.size()); i++) {
			String name = sorted.get(i).getKey();
			out.append(String.format(Locale.ROOT, "| %d | `%s` | %s | %s | %s | %s |%n", i + 1, name,
					perListener(sorted.get(i).getValue().bytes()), perListener(sorted.get(i).getValue().instances()),
					perListener(oursEach.getOrDefault(name, new Count(0, 0)).bytes()),
					perListener(rawEach.getOrDefault(name, new Count(0, 0)).bytes())));
		}
		double oursAll = total(ours) * 1000.0 / ours.listeners();
		double rawAll = total(raw) * 1000.0 / raw.listeners();
		out.append(String.format(Locale.ROOT, "| | all classes | %s | | %s | %s |%n%n", perListener(oursAll - rawAll),
				perListener(oursAll), perListener(rawAll)));
		return out.toString();
	}

	/** Growth per listener, kept in thousandths of a byte (or instance) to stay in longs. */
	private static Map<String, Count> perListener(Growth growth) {
		Map<String, Count> each = new LinkedHashMap<>();
		growth.growth().forEach((name, count) -> each.put(name, new Count(count.instances() * 1000 / growth.listeners(),
				count.bytes() * 1000 / growth.listeners())));
		return each;
	}

	private static String perListener(double thousandths) {
		double value = thousandths / 1000.0;
		return (Math.abs(value) >= 10 || value == 0) ? String.format(Locale.ROOT, "%.0f", value)
				: String.format(Locale.ROOT, "%.3f", value);
	}

	private static long total(Growth growth) {
		return growth.growth().values().stream().mapToLong(Count::bytes).sum();
	}

}
