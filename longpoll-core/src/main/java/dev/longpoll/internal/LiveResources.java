package dev.longpoll.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * The long-poll listeners that run and the HTTP clients that hold event loops, in this
 * JVM, with whether something still owns each (an active application context): what a
 * test that forgot to close its context or stop a listener leaves behind is live and owned
 * by nobody. The test kit's leak check reads it; nothing else should.
 */
public final class LiveResources {

	private static final AtomicLong sequence = new AtomicLong();

	private static final Map<Object, Entry> live = new ConcurrentHashMap<>();

	private LiveResources() {
	}

	/**
	 * A resource became live.
	 * @param resource the listener or client (compared by identity)
	 * @param description what to call it in a report, computed only when one is made
	 * @param owned whether something that will close it still owns it
	 */
	public static void opened(Object resource, Supplier<String> description, BooleanSupplier owned) {
		live.put(new Key(resource), new Entry(sequence.incrementAndGet(), description, owned));
	}

	/**
	 * A resource is no longer live.
	 * @param resource the listener or client
	 */
	public static void closed(Object resource) {
		live.remove(new Key(resource));
	}

	/**
	 * A mark to pass to {@link #openedSince(long)}.
	 * @return the mark
	 */
	public static long mark() {
		return sequence.get();
	}

	/**
	 * The resources that became live after a mark, still are, and are owned by nothing
	 * that will close them.
	 * @param mark from {@link #mark()}
	 * @return their descriptions, oldest first
	 */
	public static List<String> leakedSince(long mark) {
		return live.values()
			.stream()
			.filter((entry) -> entry.sequence() > mark && !entry.owned().getAsBoolean())
			.sorted((a, b) -> Long.compare(a.sequence(), b.sequence()))
			.map((entry) -> entry.description().get())
			.toList();
	}

	/**
	 * What a leak check reports about the resources leaked since a mark.
	 * @param owner who left them, e.g. a test class
	 * @param mark from {@link #mark()}
	 * @return the report, or {@code null} when nothing leaked
	 */
	public static @Nullable String leakReport(String owner, long mark) {
		List<String> leaked = leakedSince(mark);
		if (leaked.isEmpty()) {
			return null;
		}
		return owner + " left " + leaked.size() + " long-poll resource" + ((leaked.size() != 1) ? "s" : "")
				+ " running, owned by no open application context: " + String.join(", ", leaked)
				+ ". Stop the listeners (or the registry) and destroy the clients that it creates, or close their"
				+ " context.";
	}

	private record Entry(long sequence, Supplier<String> description, BooleanSupplier owned) {
	}

	/**
	 * Identity, whatever the resource's {@code equals}.
	 */
	private record Key(Object resource) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && key.resource == this.resource;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this.resource);
		}

	}

}
