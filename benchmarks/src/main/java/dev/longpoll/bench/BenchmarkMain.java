package dev.longpoll.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every scenario against a feed server in its own JVM, each variant in its own JVM,
 * and prints (and writes) one table with ratios against the baselines measured in the
 * same run, with charts of the same numbers beside it.
 */
public final class BenchmarkMain {

	static final List<String> JAVA_VARIANTS = List.of("ours", "ours-prefetch", "raw-netty", "raw-netty-offload",
			"blocking");

	/** Listener counts of the startup scenario. */
	static final List<Integer> STARTUP_LISTENERS = List.of(0, 10, 1_000);

	/** Listener count of the shutdown scenario. */
	static final int SHUTDOWN_LISTENERS = 1_000;

	/** Scale has no events, so the offloading loop would measure the same as the raw one. */
	static final List<String> SCALE_VARIANTS = List.of("ours", "raw-netty", "blocking");

	private static final List<String> CLIENT_JVM = List.of("-Xmx4g", "-Xss512k");

	private final BenchmarkOptions options;

	private final Path log;

	private final HttpClient http = HttpClient.newHttpClient();

	private String base;

	private BenchmarkMain(BenchmarkOptions options) {
		this.options = options;
		this.log = Path.of("target", "benchmark.log");
	}

	public static void main(String[] args) throws IOException {
		BenchmarkOptions options = BenchmarkOptions.parse(args);
		String report = run(options, String.join(" ", args));
		System.out.println(report);
		System.out.println("Written to " + options.out().toAbsolutePath() + ", charts in "
				+ options.out().toAbsolutePath().resolveSibling(Charts.DIRECTORY));
	}

	/**
	 * Run the benchmark and write its report, and its charts in {@code charts/} beside it.
	 * @param options what to run
	 * @param arguments the arguments, quoted in the report's command line
	 * @return the report (Markdown)
	 * @throws IOException if the report cannot be written
	 */
	static String run(BenchmarkOptions options, String arguments) throws IOException {
		BenchmarkMain main = new BenchmarkMain(options);
		Files.createDirectories(main.log.toAbsolutePath().getParent());
		Results results = new Results();
		try (Processes server = Processes.java(main.log, FeedServerMain.class.getName(), List.of("-Xmx2g"))) {
			main.base = "http://127.0.0.1:" + server.awaitLine("PORT ");
			String h2c = "http://127.0.0.1:" + server.awaitLine("H2C_PORT ");
			String goAway = "http://127.0.0.1:" + server.awaitLine("GOAWAY_PORT ");
			if (options.mode().startsWith("http2")) {
				return new Http2Benchmark(main, options, Map.of("http1", main.base, "h2c", h2c, "goaway", goAway))
					.run(arguments);
			}
			for (int listeners : options.scale()) {
				for (String variant : SCALE_VARIANTS) {
					results.scale.add(main.scale(variant, main.base + "/hold", listeners));
				}
			}
			boolean full = options.mode().equals("full");
			int repeats = full ? 5 : 1;
			for (int listeners : full ? STARTUP_LISTENERS : List.of(10)) {
				for (String app : List.of("plain", "starter")) {
					results.startup.add(main.startup(app, listeners, repeats));
				}
			}
			for (int listeners : full ? List.of(0, SHUTDOWN_LISTENERS) : List.of(10)) {
				for (String app : List.of("plain", "starter")) {
					results.shutdown.add(main.shutdown(app, listeners, repeats));
				}
			}
			for (String variant : variantsWithPython()) {
				results.latency.add(main.timed(variant, "latency", "/latency", options.latencyListeners()));
			}
			for (int batch : List.of(1, 100)) {
				for (String variant : variantsWithPython()) {
					Map<String, Object> row = main.timed(variant, "throughput", "/throughput/" + batch, 1);
					row.put("batch", batch);
					results.throughput.add(row);
				}
			}
		}
		Map<String, Charts.Chart> charts = Charts.render(options, results,
				Report.machine() + " · " + LocalDate.now() + " · " + options.mode() + " run");
		String report = Report.render(options, arguments, results, PythonBaseline.status(), charts);
		Path directory = options.out().toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Charts.write(directory.resolve(Charts.DIRECTORY), charts.values());
		Files.writeString(options.out(), report + Report.blocks(options.out())); // the HTTP/2 rows stay
		return report;
	}

	private static List<String> variantsWithPython() {
		List<String> variants = new ArrayList<>(JAVA_VARIANTS);
		if (PythonBaseline.python() != null) {
			variants.add("aiohttp");
		}
		return variants;
	}

	Map<String, Object> scale(String variant, String url, int listeners) {
		log("scale " + variant + " " + listeners + " " + url);
		try (Processes client = Processes.java(this.log, ClientMain.class.getName(), CLIENT_JVM, variant, "scale",
				url, Integer.toString(listeners), "0", "0")) {
			int started = Integer.parseInt(client.awaitLine("STARTED "));
			int held = awaitHolding(started, Duration.ofSeconds(60));
			client.send("MEASURE " + held);
			Map<String, Object> result = client.awaitResult();
			client.close();
			awaitHolding(0, Duration.ofSeconds(20));
			return result;
		}
	}

	/**
	 * Startup: {@code SpringApplication.run} of the same worker application with and
	 * without the starter, median of several JVMs.
	 */
	private Map<String, Object> startup(String app, int listeners, int repeats) {
		log("startup " + app + " " + listeners);
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < repeats; i++) {
			try (Processes process = lifecycleApp(app, listeners)) {
				millis.add(Double.parseDouble(process.awaitLine("STARTED ")));
			}
		}
		return Map.of("app", app, "listeners", listeners, "millis", median(millis));
	}

	/**
	 * Shutdown: SIGTERM to process exit, once every poll is held, with and without the
	 * starter, median of several JVMs.
	 */
	private Map<String, Object> shutdown(String app, int listeners, int repeats) {
		log("shutdown " + app + " " + listeners);
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < repeats; i++) {
			try (Processes process = lifecycleApp(app, listeners)) {
				process.awaitLine("STARTED ");
				int expected = app.equals("starter") ? listeners : 0;
				if (awaitHolding(expected, Duration.ofSeconds(60)) != expected) {
					throw new IllegalStateException(expected + " polls were never held at once");
				}
				millis.add(process.terminate().toNanos() / 1_000_000.0);
			}
			awaitHolding(0, Duration.ofSeconds(20));
		}
		return Map.of("app", app, "listeners", listeners, "millis", median(millis));
	}

	private Processes lifecycleApp(String app, int listeners) {
		return Processes.java(this.log, LifecycleApp.class.getName(), CLIENT_JVM, app, this.base + "/hold",
				Integer.toString(listeners));
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private Map<String, Object> timed(String variant, String scenario, String path, int listeners) {
		return timedAt(variant, scenario, this.base + path, listeners);
	}

	Map<String, Object> timedAt(String variant, String scenario, String url, int listeners) {
		log(scenario + " " + variant + " " + url);
		String[] args = { scenario, url, Integer.toString(listeners),
				Integer.toString(this.options.seconds()), Integer.toString(this.options.warmupSeconds()) };
		Processes process;
		if (variant.equals("aiohttp")) {
			List<String> command = new ArrayList<>(List.of(PythonBaseline.python(), PythonBaseline.script().toString()));
			command.addAll(List.of(args));
			process = Processes.start(command, this.log);
		}
		else {
			String[] withVariant = new String[args.length + 1];
			withVariant[0] = variant;
			System.arraycopy(args, 0, withVariant, 1, args.length);
			process = Processes.java(this.log, ClientMain.class.getName(), CLIENT_JVM, withVariant);
		}
		try (process) {
			return process.awaitResult();
		}
	}

	private int awaitHolding(int target, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int holding = holding();
		while (holding != target && System.nanoTime() < deadline) {
			ProcessStats.pause(Duration.ofMillis(250));
			holding = holding();
		}
		return holding;
	}

	private int holding() {
		try {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/stats")).build(),
					HttpResponse.BodyHandlers.ofString());
			return JsonMapper.shared().readTree(response.body()).get("holding").asInt();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	private void log(String message) {
		System.out.println("[" + LocalDate.now() + " " + java.time.LocalTime.now().withNano(0) + "] " + message);
	}

	/**
	 * The rows of each scenario.
	 */
	static final class Results {

		final List<Map<String, Object>> scale = new ArrayList<>();

		final List<Map<String, Object>> latency = new ArrayList<>();

		final List<Map<String, Object>> startup = new ArrayList<>();

		final List<Map<String, Object>> shutdown = new ArrayList<>();

		final List<Map<String, Object>> throughput = new ArrayList<>();

	}

}
