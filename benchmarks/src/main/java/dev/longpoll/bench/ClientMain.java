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
 * Arguments: {@code <variant> <scenario> <url> <listeners> <seconds> <warmup-seconds>}.
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
			if (scenario.equals("scale")) {
				scale(client, url, listeners, recorder, result);
			}
			else {
				int started = client.start(listeners, url, recorder);
				if (scenario.equals("latency-big")) { // and one listener of large bodies beside them
					((OursClient) client).startBig(url.replace("/latency", "/big"));
				}
				result.put("started", started);
				ProcessStats.pause(warmup);
				long allocatedBefore = ProcessStats.allocatedBytes();
				long cpuBefore = processCpuNanos();
				recorder.start();
				ProcessStats.pause(duration);
				recorder.stop();
				long allocated = ProcessStats.allocatedBytes() - allocatedBefore;
				result.put("bytesPerPoll", allocated / (double) Math.max(1, recorder.responses()));
				double seconds = duration.toMillis() / 1000.0;
				result.put("eventsPerSecond", recorder.events() / seconds);
				result.put("responsesPerSecond", recorder.responses() / seconds);
				double[] percentiles = recorder.percentilesMillis(0.5, 0.99, 0.999);
				result.put("samples", recorder.samples());
				result.put("p50Ms", percentiles[0]);
				result.put("p99Ms", percentiles[1]);
				result.put("p999Ms", percentiles[2]);
				result.put("threads", ProcessStats.liveThreads());
				result.put("cpuMsPerPoll", cpuMillis(cpuBefore) / Math.max(1, recorder.responses()));
			}
			result.putAll(client.report());
		}
		System.out.println("RESULT " + JsonMapper.shared().writeValueAsString(result));
		System.out.flush();
		System.exit(0);
	}

	private static void scale(BenchClient client, String url, int listeners, Recorder recorder,
			Map<String, Object> result) throws IOException {
		long heapBefore = ProcessStats.heapAfterGc();
		int socketsBefore = ProcessStats.openSockets();
		int started = client.start(listeners, url, recorder);
		result.put("started", started);
		System.out.println("STARTED " + started);
		System.out.flush();
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in));
		String line = input.readLine(); // the orchestrator says when every poll is held
		result.put("held", (line != null && line.startsWith("MEASURE ")) ? Integer.parseInt(line.substring(8)) : -1);
		long heapAfter = ProcessStats.heapAfterGc();
		result.put("threads", ProcessStats.liveThreads());
		result.put("heapPerListenerKiB", (heapAfter - heapBefore) / 1024.0 / Math.max(1, started));
		result.put("rssMiB", ProcessStats.rssBytes() / 1024.0 / 1024.0);
		result.put("sockets", ProcessStats.openSockets() - socketsBefore); // those the listeners opened
		result.put("idleCpuPercent", ProcessStats.cpuPercent(Duration.ofSeconds(5)));
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static double cpuMillis(long before) {
		return (processCpuNanos() - before) / 1e6;
	}

	private static BenchClient create(String variant) {
		return switch (variant) {
			case "ours" -> new OursClient(0, "http1");
			case "ours-prefetch" -> new OursClient(1, "http1");
			case "ours-h2c" -> new OursClient(0, "h2c");
			case "raw-netty" -> new RawNettyClient(false);
			case "raw-netty-offload" -> new RawNettyClient(true);
			case "blocking" -> new BlockingClient();
			default -> throw new IllegalArgumentException("Unknown variant '" + variant + "'");
		};
	}

}
