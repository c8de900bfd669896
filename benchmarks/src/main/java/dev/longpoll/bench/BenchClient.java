package dev.longpoll.bench;

/**
 * One way of consuming the feed: the starter, a raw Reactor Netty loop, or a blocking
 * thread-per-listener loop. Each instance runs in its own JVM.
 */
interface BenchClient extends AutoCloseable {

	/**
	 * Set up what every listener shares (a Spring context, an HTTP client), before any
	 * listener exists, so that the heap measured per listener excludes it.
	 */
	default void init() {
	}

	/**
	 * Start listeners, each polling {@code url + "?id=" + i}, carrying the cursor in
	 * {@code after} and handing each event to the recorder.
	 * @param count how many listeners
	 * @param url the feed URL
	 * @param recorder receives the events
	 * @return how many started (fewer when the variant ran out of resources)
	 */
	int start(int count, String url, Recorder recorder);

	/**
	 * What the variant reports beside the measurements: for the starter, failures counted
	 * and WARN lines logged.
	 * @return name to value
	 */
	default java.util.Map<String, Object> report() {
		return java.util.Map.of();
	}

}
