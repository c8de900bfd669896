package dev.longpoll.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.longpoll.container.LongPollContainer;

/**
 * One bucket's lease as this instance sees it, and the listeners whose ids hash into it.
 */
final class LeaseBucket {

	static final String KEY = "longpoll/bucket/";

	private static final int NAMES_LOGGED = 5;

	final int index;

	final String key;

	final Map<String, LongPollContainer> members = new ConcurrentHashMap<>();

	// how many members start where the lease is held (autoStartup)
	private final AtomicInteger size = new AtomicInteger();

	// the token this instance holds the lease with, 0 when it does not hold it
	volatile long token;

	// being handed over: its listeners stopping, then the lease released
	volatile boolean leaving;

	// System.nanoTime() past which this instance no longer counts on holding the lease
	volatile long fence;

	// only on the coordinator's thread: the rounds in a row that saw the bucket held by no instance
	int freeRounds;

	LeaseBucket(int index) {
		this.index = index;
		this.key = KEY + index;
	}

	void add(LongPollContainer container) {
		LongPollContainer previous = this.members.put(container.id(), container);
		if (previous != null && previous.endpoint().autoStartup()) {
			this.size.decrementAndGet();
		}
		if (container.endpoint().autoStartup()) {
			this.size.incrementAndGet();
		}
	}

	void remove(LongPollContainer container) {
		if (this.members.remove(container.id(), container) && container.endpoint().autoStartup()) {
			this.size.decrementAndGet();
		}
	}

	// the listeners that run where the lease is held
	int size() {
		return this.size.get();
	}

	/**
	 * Buckets for a log line: how many listeners, the first few ids, how many buckets.
	 */
	static String describe(List<LeaseBucket> buckets) {
		List<String> names = new ArrayList<>();
		int count = 0;
		for (LeaseBucket bucket : buckets) {
			count += bucket.members.size();
			for (String id : bucket.members.keySet()) {
				if (names.size() == NAMES_LOGGED) {
					break;
				}
				names.add("'" + id + "'");
			}
		}
		return count + " listener" + ((count == 1) ? "" : "s") + " (" + String.join(", ", names)
				+ ((count > names.size()) ? ", …" : "") + ") in " + buckets.size() + " bucket"
				+ ((buckets.size() == 1) ? "" : "s");
	}

}
