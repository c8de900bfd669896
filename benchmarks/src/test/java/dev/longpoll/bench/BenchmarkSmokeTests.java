package dev.longpoll.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the benchmark in quick mode (a few seconds per scenario, separate JVMs and all) so
 * that it never rots. It checks that every scenario produced numbers and charts, not what
 * they are.
 */
class BenchmarkSmokeTests {

	@Test
	void quickModeMeasuresEveryScenarioAndWritesTheTable(@TempDir Path dir) throws Exception {
		Path out = dir.resolve("quick.md");
		// the quick mode's sizes (one round, 50 listener sections, a 1 s idle CPU window), measured for 1 s
		// without warm-up: this checks that every scenario runs and reports
		BenchmarkOptions quick = BenchmarkOptions.quick(out).withTiming(1, 0);
		assertThat(quick.rounds()).isEqualTo(1);
		String report = BenchmarkMain.run(quick, "--quick");
		assertThat(out).exists();
		assertThat(Files.readString(out)).isEqualTo(report);
		assertThat(report).contains("## Scale", "## Latency", "## Throughput", "## Targets");
		for (String chart : new String[] { Charts.SCALE_HEAP, Charts.SCALE_THREADS, Charts.LATENCY, Charts.THROUGHPUT,
				Charts.ALLOCATION }) {
			assertThat(dir.resolve("charts").resolve(chart)).isNotEmptyFile();
			assertThat(report).contains("](charts/" + chart + ")");
		}
		for (String variant : BenchmarkMain.SCALE_VARIANTS) {
			assertThat(report).contains("| 50 | " + variant + " | 50 | 50 |");
		}
		// what a variant measures in 1 s without warm-up depends on the machine's load (a JVM still starting may
		// not end a poll in it): a number, or NaN or a dash for what was not measured
		String number = "([0-9]+(\\.[0-9]+)?|NaN|—)";
		for (String variant : BenchmarkMain.JAVA_VARIANTS) {
			// throughput: batch, variant, rounds, polls/s, events/s, KB per poll, CPU per poll (µs), four ratios
			assertThat(report).containsPattern("\\| 100 \\| " + variant + " \\| 1 \\|( " + number + " \\|){8}\n");
			assertThat(report).containsPattern("\\| 1 \\| " + variant + " \\| 1 \\|( " + number + " \\|){8}\n");
			// latency: variant, rounds, samples, p50, p99, p99.9, CPU per poll (µs), threads, three ratios
			assertThat(report).containsPattern("\\| " + variant + " \\| 1 \\|( " + number + " \\|){5} [1-9][0-9]* \\|( "
					+ number + " \\|){3}\n");
		}
		// every Java variant polled in some scenario
		assertThat(report).containsPattern("\\| 100 \\| raw-netty \\| 1 \\| [1-9][0-9]* \\|");
		// ratios come from the one round, without a spread
		assertThat(report).doesNotContainPattern("\\| [0-9.]+ \\([0-9.]+–[0-9.]+\\) \\|");
		// the startup row with a section per listener, read from a generated application.properties
		assertThat(report).contains("### Listener sections")
			.containsPattern("\\| 50 \\| 50 \\| [1-9][0-9]* \\| [1-9][0-9]* \\| [+-][0-9]+ \\|")
			.containsPattern("\\| 50 listener sections add ≤ 3 s to startup \\| [+-][0-9]+ ms \\| (met|\\*\\*missed\\*\\*) \\|");
		for (String target : new String[] { "bytes allocated per poll ≤ 1.3× raw-netty-offload (batch 1)",
				"bytes allocated per poll ≤ 1.3× raw-netty-offload (batch 100)",
				"CPU time per poll ≤ 1.3× raw-netty-offload (batch 1)",
				"CPU time per poll ≤ 1.3× raw-netty-offload (batch 100)",
				"CPU time per poll ≤ 1.3× raw-netty-offload (latency)",
				"throughput without prefetch (ours) ≥ 0.9× raw-netty-offload (batch 1)",
				"throughput without prefetch (ours) ≥ 0.9× raw-netty-offload (batch 100)",
				"latency p99 ≤ 1.5× raw-netty-offload", "latency p99.9 ≤ 1.5× raw-netty-offload",
				"heap per idle listener ≤ 1.5× raw-netty (at 50 listeners)", "startup with 10 listeners adds ≤ 150 ms",
				"50 listeners with ≤ 32 live threads" }) {
			assertThat(report).containsPattern("\\| " + java.util.regex.Pattern.quote(target)
					+ " \\| [^|]+ \\| (met|\\*\\*missed\\*\\*|—) \\|");
		}
	}

}
