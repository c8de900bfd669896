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
		// the quick mode's sizes, measured for 1 s without warm-up: this checks that every scenario runs and reports
		BenchmarkOptions quick = BenchmarkOptions.quick(out);
		String report = BenchmarkMain.run(new BenchmarkOptions(quick.mode(), quick.scale(), quick.latencyListeners(), 1,
				0, out), "--quick");
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
		for (String variant : BenchmarkMain.JAVA_VARIANTS) {
			assertThat(report).containsPattern("\\| 100 \\| " + variant + " \\| [1-9][0-9]* \\| [1-9][0-9]* \\|");
			assertThat(report).containsPattern("\\| " + variant + " \\| [1-9][0-9]* \\| [0-9.]+ \\|");
		}
	}

}
