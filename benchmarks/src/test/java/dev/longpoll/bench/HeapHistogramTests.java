package dev.longpoll.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapHistogramTests {

	private static final String BEFORE = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         13375         813176  [B (java.base@17.0.15)
			   2:          3051         367056  java.lang.Class (java.base@17.0.15)
			   3:            10            160  dev.longpoll.Foo$$Lambda$123/0x0000000800c0b000
			Total         16436        1180392
			""";

	private static final String AFTER = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         23375        1813176  [B (java.base@17.0.15)
			   2:          3051         367056  java.lang.Class (java.base@17.0.15)
			   3:          1000          16000  dev.longpoll.Foo$$Lambda$123/0x0000000800c0b000
			   4:          1000          16000  dev.longpoll.Foo$$Lambda$124/0x0000000800c0c000
			   5:          2000          64000  reactor.netty.Conn
			Total         30426        2276232
			""";

	@Test
	void parsesAClassHistogramAddingUpHiddenClassesThatDifferOnlyInTheirNumber() {
		Map<String, HeapHistogram.Count> counts = HeapHistogram.parse(AFTER);

		assertThat(counts).containsEntry("[B", new HeapHistogram.Count(23_375, 1_813_176))
			.containsEntry("dev.longpoll.Foo$$Lambda", new HeapHistogram.Count(2_000, 32_000))
			.containsEntry("reactor.netty.Conn", new HeapHistogram.Count(2_000, 64_000))
			.hasSize(4);
	}

	@Test
	void theGrowthOfAClassIsAfterMinusBefore() {
		Map<String, HeapHistogram.Count> growth = HeapHistogram.difference(HeapHistogram.parse(AFTER),
				HeapHistogram.parse(BEFORE));

		assertThat(growth).containsEntry("[B", new HeapHistogram.Count(10_000, 1_000_000))
			.containsEntry("java.lang.Class", new HeapHistogram.Count(0, 0))
			.containsEntry("dev.longpoll.Foo$$Lambda", new HeapHistogram.Count(1_990, 31_840))
			.containsEntry("reactor.netty.Conn", new HeapHistogram.Count(2_000, 64_000));
	}

	@Test
	void theReportListsWhatOursAddsBeyondTheRawLoopPerListenerLargestFirst() {
		HeapHistogram.Growth ours = new HeapHistogram.Growth("ours", 1_000, 1_000,
				HeapHistogram.difference(HeapHistogram.parse(AFTER), HeapHistogram.parse(BEFORE)),
				Map.of("heapPerListenerKiB", 1.2));
		HeapHistogram.Growth raw = new HeapHistogram.Growth("raw-netty", 1_000, 1_000,
				Map.of("[B", new HeapHistogram.Count(10_000, 900_000)), Map.of("heapPerListenerKiB", 0.9));

		String report = new HeapHistogram(null, BenchmarkOptions.quick(java.nio.file.Path.of("x.md")))
			.render(ours, raw);

		assertThat(report).contains("| ours | 1000 | 1000 | 1096 | 1.2 |", "| raw-netty | 1000 | 1000 | 900 | 0.9 |",
				"| 1 | `[B` | 100 | 0 | 1000 | 900 |", "| 2 | `reactor.netty.Conn` | 64 | 2.000 | 64 | 0 |",
				"| 3 | `dev.longpoll.Foo$$Lambda` | 32 | 1.990 | 32 | 0 |", "| | all classes | 196 | | 1096 | 900 |");
	}

}
