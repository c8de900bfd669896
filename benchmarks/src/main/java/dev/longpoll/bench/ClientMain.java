package dev.longpoll.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One variant in one scenario, in its own JVM, so that threads and memory are its own.
 * Arguments: {@code <variant> <scenario> <url> <listeners> <seconds> <warmup-seconds>}; in the
 * scale scenario, {@code <seconds>} is the window of the idle CPU reading (5 s when 0).
 * Prints {@code RESULT <json>}.
 */
public final class ClientMain {

	private ClientMain() {
	}

	public static void main(String[] args) throws Exception {
		String variant = args[0];
		String scenario = args[1];
		String url = args[2];
		int listeners = Integer.parseInt(args[3]);
		Duration duration = Duration.ofSeconds(Long.parseLong(args[4]));
		Duration warmup = Duration.ofSeconds(Long.parseLong(args[5]));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("variant", variant);
		result.put("scenario", scenario);
		result.put("listeners", listeners);
		Recorder recorder = new Recorder();
		try (BenchClient client = create(variant)) {
			client.init();
			if (scenario.equals("scale") || scenario.equals("histogram")) {
				scale(client, url, listeners, recorder, result, scenario.equals("histogram"), duration);
			}
			else {
				int started = client.start(listeners, url, recorder);
				if (scenario.equals("latency-big")) { // and one listener of large bodies beside them
					((OursClient) client).startBig(url.replace("/latency", "/big"));
				}
				result.put("started", started);
				ProcessStats.pause(warmup);
				measure(recorder, duration, result);
			}
			result.putAll(client.report());
		}
		System.out.println("RESULT " + JsonMapper.shared().writeValueAsString(result));
		System.out.flush();
		System.exit(0);
	}

	/**
	 * The measured window: allocation, CPU time and the recorder's counts are read right
	 * at its two ends (CPU time innermost, the counters the only thing between it and the
	 * recorder), then the figures are worked out after it, outside it.
	 */
	private static void measure(Recorder recorder, Duration duration, Map<String, Object> result) {
		long allocatedBefore = ProcessStats.allocatedBytes();
		long cpuBefore = processCpuNanos();
		long start = System.nanoTime();
		recorder.start();
		ProcessStats.pause(duration);
		recorder.stop();
		long responses = recorder.responses();
		long events = recorder.events();
		long elapsed = System.nanoTime() - start;
		long cpu = processCpuNanos() - cpuBefore;
		long allocated = ProcessStats.allocatedBytes() - allocatedBefore;
		double seconds = elapsed / 1e9;
		result.put("measuredSeconds", seconds);
		result.put("responses", responses);
		// per poll: not measured when no poll ended in the window (a start-up without warm-up)
		result.put("bytesPerPoll", (responses > 0) ? allocated / (double) responses : Double.NaN);
		result.put("cpuMsPerPoll", (responses > 0) ? cpu / 1e6 / responses : Double.NaN);
		result.put("cpuPercent", 100.0 * cpu / elapsed);
		result.put("eventsPerSecond", events / seconds);
		result.put("responsesPerSecond", responses / seconds);
		double[] percentiles = recorder.percentilesMillis(0.5, 0.99, 0.999);
		result.put("samples", recorder.samples());
		result.put("p50Ms", percentiles[0]);
		result.put("p99Ms", percentiles[1]);
		result.put("p999Ms", percentiles[2]);
		result.put("threads", ProcessStats.liveThreads());
	}

	/**
	 * Idle listeners: heap after GC before and after they start, threads, RSS, sockets and
	 * idle CPU once the orchestrator says every poll is held. For a class histogram
	 * ({@code histogram}), the process says {@code INITIALIZED} before any listener starts
	 * and waits for {@code START}, so that the orchestrator can take the first histogram.
	 */
	private static void scale(BenchClient client, String url, int listeners, Recorder recorder,
			Map<String, Object> result, boolean histogram, Duration idleWindow) throws IOException {
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in));
		long heapBefore = ProcessStats.heapAfterGc();
		if (histogram) {
			System.out.println("INITIALIZED");
			System.out.flush();
			String go = input.readLine();
			if (go == null || !go.equals("START")) {
				throw new IllegalStateException("Expected START, got " + go);
			}
		}
		int socketsBefore = ProcessStats.openSockets();
		int started = client.start(listeners, url, recorder);
		result.put("started", started);
		System.out.println("STARTED " + started);
		System.out.flush();
		String line = input.readLine(); // the orchestrator says when every poll is held
		result.put("held", (line != null && line.startsWith("MEASURE ")) ? Integer.parseInt(line.substring(8)) : -1);
		long heapAfter = ProcessStats.heapAfterGc();
		result.put("threads", ProcessStats.liveThreads());
		result.put("heapPerListenerKiB", (heapAfter - heapBefore) / 1024.0 / Math.max(1, started));
		result.put("rssMiB", ProcessStats.rssBytes() / 1024.0 / 1024.0);
		result.put("sockets", ProcessStats.openSockets() - socketsBefore); // those the listeners opened
		result.put("idleCpuPercent",
				ProcessStats.cpuPercent(idleWindow.isZero() ? Duration.ofSeconds(5) : idleWindow));
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static BenchClient create(String variant) {
		return switch (variant) {
			case "ours" -> new OursClient(0, "http1", "auto");
			case "ours-webclient" -> new OursClient(0, "http1", "webclient");
			case "ours-prefetch" -> new OursClient(1, "http1", "auto");
			case "ours-h2c" -> new OursClient(0, "h2c", "auto");
			case "raw-netty" -> new RawNettyClient(false);
			case "raw-netty-offload" -> new RawNettyClient(true);
			case "blocking" -> new BlockingClient();
			default -> throw new IllegalArgumentException("Unknown variant '" + variant + "'");
		};
	}

}
