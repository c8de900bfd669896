package dev.longpoll.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a benchmark run measures and where it writes the table.
 *
 * @param mode "full", "quick", "http2", "http2-quick" or "histogram"
 * @param scale listener counts for the scale scenario (for "histogram", the one count)
 * @param latencyListeners listeners in the latency scenario
 * @param seconds measured seconds of the latency and throughput scenarios
 * @param warmupSeconds seconds run before measuring
 * @param rounds interleaved rounds of the Java variants that are compared by ratio
 * ({@link BenchmarkMain#ROUND_VARIANTS}) in the latency and throughput scenarios
 * @param sectionListeners listeners of the startup row with a configuration section per
 * listener
 * @param idleSeconds the window of the idle CPU reading in the scale scenario
 * @param out the results file
 */
record BenchmarkOptions(String mode, List<Integer> scale, int latencyListeners, int seconds, int warmupSeconds,
		int rounds, int sectionListeners, int idleSeconds, Path out) {

	static BenchmarkOptions full() {
		return new BenchmarkOptions("full", List.of(1_000, 10_000, 19_000), 1_000, 12, 8, 3, 3_000, 5,
				Path.of("RESULTS.md"));
	}

	static BenchmarkOptions quick(Path out) {
		return new BenchmarkOptions("quick", List.of(50), 20, 2, 1, 1, 50, 1, out);
	}

	boolean isFull() {
		return this.mode.equals("full");
	}

	BenchmarkOptions withMode(String mode, Path out) {
		return new BenchmarkOptions(mode, this.scale, this.latencyListeners, this.seconds, this.warmupSeconds,
				this.rounds, this.sectionListeners, this.idleSeconds, out);
	}

	BenchmarkOptions withScale(List<Integer> scale) {
		return new BenchmarkOptions(this.mode, List.copyOf(scale), this.latencyListeners, this.seconds,
				this.warmupSeconds, this.rounds, this.sectionListeners, this.idleSeconds, this.out);
	}

	BenchmarkOptions withTiming(int seconds, int warmupSeconds) {
		return new BenchmarkOptions(this.mode, this.scale, this.latencyListeners, seconds, warmupSeconds, this.rounds,
				this.sectionListeners, this.idleSeconds, this.out);
	}

	BenchmarkOptions withRounds(int rounds) {
		return new BenchmarkOptions(this.mode, this.scale, this.latencyListeners, this.seconds, this.warmupSeconds,
				rounds, this.sectionListeners, this.idleSeconds, this.out);
	}

	/**
	 * Parse {@code --full} (default), {@code --quick}, {@code --http2} (the HTTP/2 rows
	 * alone, into {@code RESULTS.md}'s block), {@code --http2-quick},
	 * {@code --histogram=N} (a class histogram of N idle listeners, ours against the raw
	 * loop, into {@code target/heap-histogram.md}), {@code --scale=1000,5000},
	 * {@code --seconds=N}, {@code --warmup=N}, {@code --rounds=N}, {@code --out=FILE}.
	 * @param args the arguments
	 * @return the options
	 */
	static BenchmarkOptions parse(String... args) {
		BenchmarkOptions options = full();
		for (String arg : args) {
			if (arg.equals("--http2")) {
				// the HTTP/2 rows keep the timing they were measured with
				options = options.withMode("http2", Path.of("RESULTS.md")).withTiming(20, 15);
			}
			else if (arg.equals("--http2-quick")) {
				options = new BenchmarkOptions("http2-quick", List.of(200), 20, 2, 1, 1, 50, 1,
						Path.of("target/benchmark-http2-quick.md"));
			}
			else if (arg.equals("--quick")) {
				options = quick(Path.of("target/benchmark-quick.md"));
			}
			else if (arg.startsWith("--histogram=")) {
				options = options.withMode("histogram", Path.of("target/heap-histogram.md"))
					.withScale(List.of(Integer.valueOf(arg.substring(12))));
			}
			else if (arg.startsWith("--scale=")) {
				options = options.withScale(Arrays.stream(arg.substring(8).split(",")).map(Integer::valueOf).toList());
			}
			else if (arg.startsWith("--seconds=")) {
				options = options.withTiming(Integer.parseInt(arg.substring(10)), options.warmupSeconds());
			}
			else if (arg.startsWith("--warmup=")) {
				options = options.withTiming(options.seconds(), Integer.parseInt(arg.substring(9)));
			}
			else if (arg.startsWith("--rounds=")) {
				options = options.withRounds(Integer.parseInt(arg.substring(9)));
			}
			else if (arg.startsWith("--out=")) {
				options = options.withMode(options.mode(), Path.of(arg.substring(6)));
			}
			else if (!arg.equals("--full")) {
				throw new IllegalArgumentException("Unknown argument '" + arg
						+ "'; use --full, --quick, --http2, --http2-quick, --histogram=N, --scale=1000,5000, "
						+ "--seconds=N, --warmup=N, --rounds=N or --out=FILE");
			}
		}
		return options;
	}

}
