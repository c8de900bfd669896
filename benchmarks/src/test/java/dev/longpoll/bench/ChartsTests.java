package dev.longpoll.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTests {

	private static final String SUBTITLE = "Test CPU, 2 cores · 2026-01-01 · full run";

	private static final List<String> SCALE_VARIANTS = List.of("ours", "raw-netty", "blocking");

	private static final List<String> VARIANTS = List.of("ours", "raw-netty-offload", "aiohttp");

	@Test
	void everyChartIsWellFormedXmlOnAWhiteBackgroundWithItsTitleAndTheMachineLine() throws Exception {
		Map<String, Charts.Chart> charts = render(results());

		assertThat(charts).containsOnlyKeys("scale-heap.svg", "scale-threads.svg", "latency.svg", "throughput.svg",
				"allocation.svg");
		for (Charts.Chart chart : charts.values()) {
			assertThat(chart.measured()).as(chart.file()).isTrue();
			Document svg = parse(chart.svg());
			Element root = svg.getDocumentElement();
			assertThat(root.getTagName()).isEqualTo("svg");
			assertThat(root.getAttribute("width")).isEqualTo("720");
			assertThat(root.getAttribute("height")).isEqualTo("400");
			Element background = elements(svg, "rect", "background").get(0);
			assertThat(background.getAttribute("fill")).isEqualTo("#ffffff");
			assertThat(background.getAttribute("width")).isEqualTo("720");
			assertThat(texts(svg, "title")).singleElement().asString().isNotBlank();
			assertThat(texts(svg, "subtitle")).containsExactly(SUBTITLE);
		}
	}

	@Test
	void scaleChartsDrawOneLinePerVariantWithItsLegend() throws Exception {
		Map<String, Charts.Chart> charts = render(results());

		for (String file : List.of("scale-heap.svg", "scale-threads.svg")) {
			Document svg = parse(charts.get(file).svg());
			List<Element> lines = elements(svg, "polyline", "series");
			assertThat(lines).extracting((line) -> line.getAttribute("data-series"))
				.containsExactlyElementsOf(SCALE_VARIANTS);
			assertThat(lines).allSatisfy((line) -> assertThat(line.getAttribute("points").split(" ")).hasSize(2));
			assertThat(texts(svg, "legend")).containsExactlyElementsOf(SCALE_VARIANTS);
			assertThat(elements(svg, "circle", "point")).hasSize(6);
		}
		assertThat(texts(parse(charts.get("scale-threads.svg").svg()), "y-label")).singleElement()
			.asString()
			.contains("log scale");
		assertThat(texts(parse(charts.get("scale-threads.svg").svg()), "end-label")).contains("19.1k", "14");
	}

	@Test
	void theYAxisCoversEveryPointAndEveryBar() throws Exception {
		Map<String, Charts.Chart> charts = render(results());

		for (Charts.Chart chart : charts.values()) {
			Document svg = parse(chart.svg());
			List<double[]> plots = elements(svg, "rect", "plot").stream().map(ChartsTests::box).toList();
			assertThat(plots).as(chart.file()).isNotEmpty();
			for (Element point : elements(svg, "circle", "point")) {
				double y = Double.parseDouble(point.getAttribute("cy"));
				double[] plot = plots.get(0);
				assertThat(y).as(chart.file()).isBetween(plot[1] - 0.11, plot[1] + plot[3] + 0.11);
			}
			for (Element bar : elements(svg, "rect", "bar")) {
				double[] box = box(bar);
				assertThat(plots).as(chart.file()).anySatisfy((plot) -> {
					assertThat(box[0]).isBetween(plot[0], plot[0] + plot[2]);
					assertThat(box[1]).isBetween(plot[1] - 0.11, plot[1] + plot[3]);
					assertThat(box[1] + box[3]).isBetween(plot[1], plot[1] + plot[3] + 0.11);
				});
			}
		}
		List<String> ticks = texts(parse(charts.get("scale-threads.svg").svg()), "y-tick");
		assertThat(ticks).startsWith("1").endsWith("100k");
	}

	@Test
	void latencyGroupsThreePercentileBarsPerVariant() throws Exception {
		Document svg = parse(render(results()).get("latency.svg").svg());

		assertThat(elements(svg, "rect", "bar")).hasSize(9)
			.extracting((bar) -> bar.getAttribute("data-series"))
			.containsExactly("p50", "p99", "p99.9", "p50", "p99", "p99.9", "p50", "p99", "p99.9");
		assertThat(texts(svg, "legend")).containsExactly("p50", "p99", "p99.9");
		assertThat(texts(svg, "group-label")).containsExactlyElementsOf(VARIANTS);
		assertThat(texts(svg, "value")).contains("1.45", "36.1");
		assertThat(texts(svg, "title").get(0)).contains("1,000 listeners");
	}

	@Test
	void throughputHasAPanelPerScenarioAndAllocationLeavesOutWhatWasNotMeasured() throws Exception {
		Map<String, Charts.Chart> charts = render(results());

		Document throughput = parse(charts.get("throughput.svg").svg());
		assertThat(elements(throughput, "rect", "plot")).hasSize(2);
		assertThat(elements(throughput, "rect", "bar")).hasSize(6);
		assertThat(texts(throughput, "group-label")).containsExactly("1 event per response",
				"100 events per response");
		assertThat(texts(throughput, "legend")).containsExactlyElementsOf(VARIANTS);
		assertThat(texts(throughput, "value")).contains("7.18k", "542k");
		Document allocation = parse(charts.get("allocation.svg").svg());
		assertThat(elements(allocation, "rect", "plot")).hasSize(1);
		assertThat(elements(allocation, "rect", "bar")).hasSize(4)
			.noneMatch((bar) -> bar.getAttribute("data-series").equals("aiohttp"));
		assertThat(texts(allocation, "legend")).containsExactly("ours", "raw-netty-offload");
		assertThat(texts(allocation, "note")).containsExactly("not measured: aiohttp");
		assertThat(texts(allocation, "value")).contains("21.1", "129");
	}

	@Test
	void aVariantRunInRoundsIsDrawnAtItsMedians() throws Exception {
		BenchmarkMain.Results results = results();
		results.throughput.removeIf((row) -> "ours".equals(row.get("variant")) && row.get("batch").equals(1));
		for (double events : new double[] { 9_000, 7_177, 5_000 }) {
			Map<String, Object> row = new java.util.HashMap<>(throughput("ours", 1, events, 21_100));
			row.put(Rounds.ROUND, results.throughput.size());
			results.throughput.add(0, row);
		}

		Document throughput = parse(render(results).get("throughput.svg").svg());

		assertThat(elements(throughput, "rect", "bar")).hasSize(6);
		assertThat(texts(throughput, "value")).contains("7.18k").doesNotContain("9k", "5k");
		assertThat(texts(throughput, "legend")).containsExactlyInAnyOrderElementsOf(VARIANTS);
	}

	@Test
	void aChartWithoutNumbersSaysNotMeasuredAndTheReportLeavesItOut() throws Exception {
		BenchmarkMain.Results results = results();
		results.throughput.clear();
		Map<String, Charts.Chart> charts = render(results);

		for (String file : List.of("throughput.svg", "allocation.svg")) {
			assertThat(charts.get(file).measured()).isFalse();
			assertThat(texts(parse(charts.get(file).svg()), "note")).containsExactly("not measured in this run");
		}
		String report = Report.render(BenchmarkOptions.full(), "--full", results, "status", charts);
		assertThat(report).contains("](charts/latency.svg)").doesNotContain("charts/throughput.svg",
				"charts/allocation.svg");
	}

	@Test
	void theReportEmbedsEachChartAfterItsTable() {
		BenchmarkMain.Results results = results();
		String report = Report.render(BenchmarkOptions.full(), "--full", results, "status", render(results));

		int scale = report.indexOf("## Scale");
		int latency = report.indexOf("## Latency");
		int throughput = report.indexOf("## Throughput");
		int targets = report.indexOf("## Targets");
		assertThat(report.indexOf("](charts/scale-heap.svg)")).isBetween(scale, latency);
		assertThat(report.indexOf("](charts/scale-threads.svg)")).isBetween(scale, latency);
		assertThat(report.indexOf("](charts/latency.svg)")).isBetween(latency, throughput);
		assertThat(report.indexOf("](charts/throughput.svg)")).isBetween(throughput, targets);
		assertThat(report.indexOf("](charts/allocation.svg)")).isBetween(throughput, targets);
	}

	@Test
	void writesEveryChartToTheDirectory(@TempDir Path dir) throws Exception {
		Map<String, Charts.Chart> charts = render(results());

		Charts.write(dir.resolve("charts"), charts.values());

		assertThat(dir.resolve("charts")).isDirectoryContaining("glob:**/latency.svg")
			.isDirectoryContaining("glob:**/scale-heap.svg")
			.isDirectoryContaining("glob:**/allocation.svg");
		assertThat(dir.resolve("charts/latency.svg")).hasContent(charts.get("latency.svg").svg());
	}

	@Test
	void textIsEscaped() throws Exception {
		String svg = Plots.lines("a < b & \"c\"", "it's", "x", "y",
				List.of(new Plots.Series("<variant>", "#000000", List.of(new double[] { 1, 2 }))), false);

		Document document = parse(svg);
		assertThat(document.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("a < b & \"c\"");
		assertThat(texts(document, "title")).containsExactly("a < b & \"c\"");
		assertThat(texts(document, "subtitle")).containsExactly("it's");
		assertThat(texts(document, "legend")).containsExactly("<variant>");
	}

	private static Map<String, Charts.Chart> render(BenchmarkMain.Results results) {
		return Charts.render(BenchmarkOptions.full(), results, SUBTITLE);
	}

	private static BenchmarkMain.Results results() {
		BenchmarkMain.Results results = new BenchmarkMain.Results();
		results.scale.addAll(List.of(scale("ours", 1_000, 14, 14.4), scale("raw-netty", 1_000, 10, 9.3),
				scale("blocking", 1_000, 1_051, 8.9), scale("ours", 19_000, 14, 11.5),
				scale("raw-netty", 19_000, 10, 6.0), scale("blocking", 19_000, 19_068, 7.3)));
		results.latency.addAll(List.of(latency("ours", 0.21, 1.45, 8.83),
				latency("raw-netty-offload", 0.17, 0.41, 2.68), latency("aiohttp", 0.27, 18.72, 36.11)));
		results.throughput.addAll(List.of(throughput("ours", 1, 7_177, 21_100),
				throughput("raw-netty-offload", 1, 10_960, 11_000), throughput("aiohttp", 1, 2_746, Double.NaN),
				throughput("ours", 100, 315_085, 129_100), throughput("raw-netty-offload", 100, 541_745, 107_000),
				throughput("aiohttp", 100, 231_345, Double.NaN)));
		return results;
	}

	private static Map<String, Object> scale(String variant, int listeners, int threads, double heap) {
		return Map.of("variant", variant, "listeners", listeners, "started", listeners, "held", listeners, "threads",
				threads, "heapPerListenerKiB", heap, "rssMiB", 100.0, "idleCpuPercent", 0.4);
	}

	private static Map<String, Object> latency(String variant, double p50, double p99, double p999) {
		return Map.of("variant", variant, "samples", 20_000, "p50Ms", p50, "p99Ms", p99, "p999Ms", p999);
	}

	private static Map<String, Object> throughput(String variant, int batch, double events, double bytesPerPoll) {
		return Map.of("variant", variant, "batch", batch, "eventsPerSecond", events, "responsesPerSecond",
				events / batch, "bytesPerPoll", bytesPerPoll);
	}

	private static Document parse(String svg) throws Exception {
		return DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
	}

	private static List<Element> elements(Document svg, String tag, String className) {
		NodeList nodes = svg.getElementsByTagName(tag);
		List<Element> elements = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			Element element = (Element) nodes.item(i);
			if (element.getAttribute("class").equals(className)) {
				elements.add(element);
			}
		}
		return elements;
	}

	private static List<String> texts(Document svg, String className) {
		return elements(svg, "text", className).stream().map(Element::getTextContent).toList();
	}

	private static double[] box(Element rect) {
		return new double[] { Double.parseDouble(rect.getAttribute("x")), Double.parseDouble(rect.getAttribute("y")),
				Double.parseDouble(rect.getAttribute("width")), Double.parseDouble(rect.getAttribute("height")) };
	}

}
