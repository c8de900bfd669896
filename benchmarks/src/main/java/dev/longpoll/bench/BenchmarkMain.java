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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every scenario against a feed server in its own JVM, each variant in its own JVM,
 * and prints (and writes) one table with ratios against the baselines measured in the
 * same run, with charts of the same numbers beside it. The latency and throughput
 * scenarios run the variants compared by ratio in interleaved rounds, so that a slow
 * stretch of a shared machine falls on all of them; figures are medians over the rounds,
 * ratios are worked out per round and given as a median with its spread.
 */
public final class BenchmarkMain {

	/**
	 * The Java variants compared by ratio, run in interleaved rounds in the latency and
	 * throughput scenarios (ours, ours-webclient, ours-prefetch, raw-netty, raw-netty-offload, ours, …).
	 */
	static final List<String> ROUND_VARIANTS = List.of("ours", "ours-webclient", "ours-prefetch", "raw-netty",
			"raw-netty-offload");

	/** Run once per scenario, after the rounds (with aiohttp when Python has it). */
	static final List<String> ONCE_VARIANTS = List.of("blocking");

	static final List<String> JAVA_VARIANTS = List.of("ours", "ours-prefetch", "raw-netty", "raw-netty-offload",
			"blocking");

	/** Listener counts of the startup scenario (full mode; quick mode runs 10). */
	static final List<Integer> STARTUP_LISTENERS = List.of(0, 10, 1_000);

	/** Listener count of the shutdown scenario. */
	static final int SHUTDOWN_LISTENERS = 1_000;

	/** Scale has no events, so the offloading loop would measure the same as the raw one. */
	static final List<String> SCALE_VARIANTS = List.of("ours", "raw-netty", "blocking");

	/** Events per response in the throughput scenario. */
	static final List<Integer> BATCHES = List.of(1, 100);

	static final List<String> CLIENT_JVM = List.of("-Xmx4g", "-Xss512k");

	private final BenchmarkOptions options;

	final Path log;

	private final HttpClient http = HttpClient.newHttpClient();

	String base;

	private BenchmarkMain(BenchmarkOptions options) {
		this.options = options;
		this.log = Path.of("target", "benchmark.log");
	}

	public static void main(String[] args) throws IOException {
		BenchmarkOptions options = BenchmarkOptions.parse(args);
		String report = run(options, String.join(" ", args));
		System.out.println(report);
		boolean charts = options.mode().equals("full") || options.mode().equals("quick");
		System.out.println("Written to " + options.out().toAbsolutePath() + (charts
				? ", charts in " + options.out().toAbsolutePath().resolveSibling(Charts.DIRECTORY) : ""));
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
			if (options.mode().equals("histogram")) {
				return new HeapHistogram(main, options).run();
			}
			main.log(plan(options));
			for (int listeners : options.scale()) {
				for (String variant : SCALE_VARIANTS) {
					results.scale.add(main.scale(variant, main.base + "/hold", listeners));
				}
			}
			int repeats = options.isFull() ? 5 : 1;
			for (int listeners : options.isFull() ? STARTUP_LISTENERS : List.of(10)) {
				results.startup.addAll(main.startup(listeners, repeats, List.of("plain", "starter"), null));
			}
			Path sections = main.sectionsFile(options.sectionListeners());
			results.sections.addAll(main.startup(options.sectionListeners(), repeats, List.of("starter", "starter"),
					sections));
			for (int listeners : options.isFull() ? List.of(0, SHUTDOWN_LISTENERS) : List.of(10)) {
				for (String app : List.of("plain", "starter")) {
					results.shutdown.add(main.shutdown(app, listeners, repeats));
				}
			}
			results.latency.addAll(main.rounds("latency", "/latency", options.latencyListeners(), Map.of()));
			for (int batch : BATCHES) {
				results.throughput.addAll(main.rounds("throughput", "/throughput/" + batch, 1, Map.of("batch", batch)));
			}
		}
		Map<String, Charts.Chart> charts = Charts.render(options, results, Report.machine() + " · " + LocalDate.now()
				+ " · " + options.mode() + " run" + ((options.rounds() > 1) ? ", medians of " + options.rounds()
						+ " rounds" : ""));
		String report = Report.render(options, arguments, results, PythonBaseline.status(), charts);
		Path directory = options.out().toAbsolutePath().getParent();
		Files.createDirectories(directory);
		Charts.write(directory.resolve(Charts.DIRECTORY), charts.values());
		Files.writeString(options.out(), report + Report.blocks(options.out())); // the HTTP/2 rows stay
		return report;
	}

	/**
	 * The variants run in rounds: a quick run (the test suite's) leaves out {@code ours-webclient},
	 * the same loop as {@code ours} with one property changed, to keep the suite short.
	 */
	static List<String> roundVariants(BenchmarkOptions options) {
		return options.isFull() ? ROUND_VARIANTS
				: ROUND_VARIANTS.stream().filter((variant) -> !variant.equals("ours-webclient")).toList();
	}

	private static List<String> onceVariants() {
		List<String> variants = new ArrayList<>(ONCE_VARIANTS);
		if (PythonBaseline.python() != null) {
			variants.add("aiohttp");
		}
		return variants;
	}

	/**
	 * What a run will do and about how long it takes: each timed JVM costs its warm-up and
	 * measured seconds and about 3 s to start and stop; the other scenarios are estimated
	 * from earlier runs on a 2-core machine.
	 * @param options the run
	 * @return one line for the log
	 */
	static String plan(BenchmarkOptions options) {
		int timed = (1 + BATCHES.size()) * (options.rounds() * roundVariants(options).size() + onceVariants().size());
		double timedSeconds = timed * (options.seconds() + options.warmupSeconds() + 3.0);
		int scaleRuns = options.scale().size() * SCALE_VARIANTS.size();
		double scaleSeconds = 0;
		for (int listeners : options.scale()) { // start, hold, GC and idle CPU; blocking's threads cost most
			scaleSeconds += SCALE_VARIANTS.size() * (options.idleSeconds() + 6 + listeners / 1_500.0);
		}
		int repeats = options.isFull() ? 5 : 1;
		int startupCounts = options.isFull() ? STARTUP_LISTENERS.size() : 1;
		int lifecycleRuns = repeats * (2 * startupCounts + 2 + 2 * (options.isFull() ? 2 : 1));
		double lifecycleSeconds = lifecycleRuns * 3.0 + repeats * 2 * options.sectionListeners() / 1_000.0;
		double total = timedSeconds + scaleSeconds + lifecycleSeconds;
		return String.format(Locale.ROOT,
				"plan: %d timed JVM runs (%d rounds of %s, then %s once, in %d scenarios; %d s warm-up + %d s "
						+ "measured each), %d scale runs, %d startup and shutdown JVMs: about %.0f min",
				timed, options.rounds(), roundVariants(options), onceVariants(), 1 + BATCHES.size(),
				options.warmupSeconds(), options.seconds(), scaleRuns, lifecycleRuns, total / 60);
	}

	/**
	 * The latency or throughput scenario: the variants compared by ratio in interleaved
	 * rounds, then the others once.
	 * @param scenario the scenario
	 * @param path the feed's path
	 * @param listeners listeners per client
	 * @param extra values added to each row
	 * @return the rows, those of the rounds with their round
	 */
	private List<Map<String, Object>> rounds(String scenario, String path, int listeners, Map<String, Object> extra) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int round = 1; round <= this.options.rounds(); round++) {
			log(scenario + " " + path + ": round " + round + " of " + this.options.rounds());
			for (String variant : roundVariants(this.options)) {
				Map<String, Object> row = timed(variant, scenario, path, listeners);
				row.put(Rounds.ROUND, round);
				row.putAll(extra);
				rows.add(row);
			}
		}
		for (String variant : onceVariants()) {
			Map<String, Object> row = timed(variant, scenario, path, listeners);
			row.putAll(extra);
			rows.add(row);
		}
		return rows;
	}

	Map<String, Object> scale(String variant, String url, int listeners) {
		log("scale " + variant + " " + listeners + " " + url);
		try (Processes client = Processes.java(this.log, ClientMain.class.getName(), CLIENT_JVM, variant, "scale",
				url, Integer.toString(listeners), Integer.toString(this.options.idleSeconds()), "0")) {
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
	 * Startup: {@code SpringApplication.run} of the same worker application in several
	 * forms (with and without the starter, or with the starter and without and with a
	 * configuration section per listener), interleaved run by run, median of the runs of
	 * each form.
	 * @param listeners listeners of the application
	 * @param repeats JVMs per form
	 * @param apps the forms: {@code plain} or {@code starter}
	 * @param sections with two forms, a configuration file the second one reads, else null
	 * @return a row per form
	 */
	private List<Map<String, Object>> startup(int listeners, int repeats, List<String> apps, @Nullable Path sections) {
		List<List<Double>> millis = new ArrayList<>();
		apps.forEach((app) -> millis.add(new ArrayList<>()));
		for (int i = 0; i < repeats; i++) {
			for (int a = 0; a < apps.size(); a++) {
				Path config = (sections != null && a == 1) ? sections : null;
				log("startup " + apps.get(a) + " " + listeners + ((config != null) ? " with " + config : ""));
				try (Processes process = lifecycleApp(apps.get(a), listeners, config)) {
					millis.get(a).add(Double.parseDouble(process.awaitLine("STARTED ")));
				}
				if (listeners >= 1_000) { // the next run starts without the held polls of this one
					awaitHolding(0, Duration.ofSeconds(10));
				}
			}
		}
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int a = 0; a < apps.size(); a++) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("app", apps.get(a));
			row.put("listeners", listeners);
			row.put("sections", (sections != null && a == 1) ? listeners : 0);
			row.put("millis", Rounds.median(millis.get(a)));
			row.put("runs", millis.get(a));
			rows.add(row);
		}
		return rows;
	}

	/**
	 * A configuration file as an application with a section per listener has: for each of
	 * {@code listener-0} to {@code listener-<n-1>}, a timeout and a header.
	 * @param listeners how many sections
	 * @return the file, {@code target/sections-<n>/application.properties}
	 * @throws IOException if it cannot be written
	 */
	Path sectionsFile(int listeners) throws IOException {
		StringBuilder properties = new StringBuilder(
				"# Generated by the benchmark: a section per listener, as an application with " + listeners
						+ " configured listeners has\n");
		for (int i = 0; i < listeners; i++) {
			properties.append("longpoll.listeners.listener-").append(i).append(".timeout=40s\n");
			properties.append("longpoll.listeners.listener-").append(i).append(".headers.x-n=").append(i).append('\n');
		}
		Path file = this.log.toAbsolutePath().resolveSibling("sections-" + listeners).resolve("application.properties");
		Files.createDirectories(file.getParent());
		Files.writeString(file, properties);
		return file;
	}

	/**
	 * Shutdown: SIGTERM to process exit, once every poll is held, with and without the
	 * starter, median of several JVMs.
	 */
	private Map<String, Object> shutdown(String app, int listeners, int repeats) {
		log("shutdown " + app + " " + listeners);
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < repeats; i++) {
			try (Processes process = lifecycleApp(app, listeners, null)) {
				process.awaitLine("STARTED ");
				int expected = app.equals("starter") ? listeners : 0;
				if (awaitHolding(expected, Duration.ofSeconds(60)) != expected) {
					throw new IllegalStateException(expected + " polls were never held at once");
				}
				millis.add(process.terminate().toNanos() / 1_000_000.0);
			}
			awaitHolding(0, Duration.ofSeconds(20));
		}
		return Map.of("app", app, "listeners", listeners, "millis", Rounds.median(millis));
	}

	private Processes lifecycleApp(String app, int listeners, @Nullable Path config) {
		List<String> args = new ArrayList<>(List.of(app, this.base + "/hold", Integer.toString(listeners)));
		if (config != null) {
			args.add(config.toString());
		}
		return Processes.java(this.log, LifecycleApp.class.getName(), CLIENT_JVM, args.toArray(String[]::new));
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

	int awaitHolding(int target, Duration timeout) {
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

	void log(String message) {
		System.out.println("[" + LocalDate.now() + " " + java.time.LocalTime.now().withNano(0) + "] " + message);
	}

	/**
	 * The rows of each scenario.
	 */
	static final class Results {

		final List<Map<String, Object>> scale = new ArrayList<>();

		/** The rows of each round ({@code round}), then of the variants run once. */
		final List<Map<String, Object>> latency = new ArrayList<>();

		final List<Map<String, Object>> startup = new ArrayList<>();

		/** Startup of the application with the starter, without and with a section per listener. */
		final List<Map<String, Object>> sections = new ArrayList<>();

		final List<Map<String, Object>> shutdown = new ArrayList<>();

		final List<Map<String, Object>> throughput = new ArrayList<>();

	}

}
