package dev.longpoll.conformance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.longpoll.annotation.LongPollListener;

/**
 * The listener of the conformance tests: records each body it is given and when.
 */
public class Received {

	final List<String> bodies = new CopyOnWriteArrayList<>();

	final List<Long> atNanos = new CopyOnWriteArrayList<>();

	@LongPollListener(id = "feed", url = "${feed.url}")
	void on(String body) {
		this.bodies.add(body);
		this.atNanos.add(System.nanoTime());
	}

	/**
	 * How long after {@code sinceNanos} the body arrived.
	 * @param body the body
	 * @param sinceNanos when it was published
	 * @return the delay
	 */
	Duration latency(String body, long sinceNanos) {
		int index = this.bodies.indexOf(body);
		return Duration.ofNanos(this.atNanos.get(index) - sinceNanos);
	}

}
