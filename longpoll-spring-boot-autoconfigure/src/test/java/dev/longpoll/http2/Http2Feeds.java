package dev.longpoll.http2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.test.LongPollFeedServer;

/**
 * Many listeners, each on a feed of its own of one {@link LongPollFeedServer}, that record
 * every event they are handed, to tell lost and repeated events apart.
 */
final class Http2Feeds {

	private final LongPollFeedServer server;

	private final int listeners;

	private final Map<String, List<Integer>> received = new ConcurrentHashMap<>();

	Http2Feeds(LongPollFeedServer server, int listeners) {
		this.server = server;
		this.listeners = listeners;
	}

	/**
	 * The settings every listener shares: the server's cursor style under
	 * {@code longpoll.defaults}.
	 */
	static List<String> defaults(LongPollFeedServer server) {
		List<String> properties = new ArrayList<>();
		server.listenerProperties("x").forEach((key, value) -> {
			if (!key.endsWith(".url")) {
				properties.add(key.replace("longpoll.listeners.x.", "longpoll.defaults.") + "=" + value);
			}
		});
		return properties;
	}

	static String id(int listener) {
		return "feed-" + listener;
	}

	void register(LongPollListenerRegistry registry) {
		for (int i = 0; i < this.listeners; i++) {
			String id = id(i);
			this.received.put(id, new java.util.concurrent.CopyOnWriteArrayList<>());
			registry.register(id, this.server.url(id), LongPollHandler.blocking((response, cursor) -> {
				JsonNode events = JsonMapper.shared().readTree(response.body()).get("events");
				events.forEach((event) -> this.received.get(id).add(event.get("n").asInt()));
			}));
			registry.start(id);
		}
	}

	/** Publish event {@code n} to every feed. */
	void publishToAll(int n) {
		IntStream.range(0, this.listeners).forEach((i) -> this.server.publish(id(i), "{\"n\":" + n + "}"));
	}

	/** Whether every listener has received events 1 to {@code n}, each once, in order. */
	boolean allReceivedExactly(int n) {
		return notExactly(n).isEmpty();
	}

	/** The listeners whose events are not 1 to {@code n}, with what they got. */
	Map<String, List<Integer>> notExactly(int n) {
		return Http2TestSupport.notExactly(this.received, n);
	}

}
