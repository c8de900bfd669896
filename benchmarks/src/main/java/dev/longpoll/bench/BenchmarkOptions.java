package dev.longpoll.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a benchmark run measures and where it writes the table.
 *
 * @param mode "full" or "quick"
 * @param scale listener counts for the scale scenario
 * @param latencyListeners listeners in the latency scenario
 * @param seconds measured seconds of the latency and throughput scenarios
 * @param warmupSeconds seconds run before measuring
 * @param out the results file
 */
record BenchmarkOptions(String mode, List<Integer> scale, int latencyListeners, int seconds, int warmupSeconds,
		Path out) {

	static BenchmarkOptions full() {
		return new BenchmarkOptions("full", List.of(1_000, 5_000, 10_000, 19_000), 1_000, 20, 15, Path.of("RESULTS.md"));
	}

	static BenchmarkOptions quick(Path out) {
		return new BenchmarkOptions("quick", List.of(50), 20, 2, 1, out);
	}

	/**
	 * Parse {@code --full} (default), {@code --quick}, {@code --http2} (the HTTP/2 rows
	 * alone, into {@code RESULTS-http2.md}), {@code --http2-quick}, {@code --scale=1000,5000},
	 * {@code --seconds=N}, {@code --out=FILE}.
	 * @param args the arguments
	 * @return the options
	 */
	static BenchmarkOptions parse(String... args) {
		BenchmarkOptions options = full();
		for (String arg : args) {
			if (arg.equals("--http2")) {
				options = new BenchmarkOptions("http2", options.scale(), options.latencyListeners(), options.seconds(),
						options.warmupSeconds(), Path.of("RESULTS.md"));
			}
			else if (arg.equals("--http2-quick")) {
				options = new BenchmarkOptions("http2-quick", List.of(200), 20, 2, 1,
						Path.of("target/benchmark-http2-quick.md"));
			}
			else if (arg.equals("--quick")) {
				options = quick(Path.of("target/benchmark-quick.md"));
			}
			else if (arg.startsWith("--scale=")) {
				options = new BenchmarkOptions(options.mode(),
						Arrays.stream(arg.substring(8).split(",")).map(Integer::valueOf).toList(),
						options.latencyListeners(), options.seconds(), options.warmupSeconds(), options.out());
			}
			else if (arg.startsWith("--seconds=")) {
				options = new BenchmarkOptions(options.mode(), options.scale(), options.latencyListeners(),
						Integer.parseInt(arg.substring(10)), options.warmupSeconds(), options.out());
			}
			else if (arg.startsWith("--out=")) {
				options = new BenchmarkOptions(options.mode(), options.scale(), options.latencyListeners(),
						options.seconds(), options.warmupSeconds(), Path.of(arg.substring(6)));
			}
			else if (!arg.equals("--full")) {
				throw new IllegalArgumentException("Unknown argument '" + arg
						+ "'; use --full, --quick, --http2, --http2-quick, --scale=1000,5000, --seconds=N or --out=FILE");
			}
		}
		return options;
	}

}
