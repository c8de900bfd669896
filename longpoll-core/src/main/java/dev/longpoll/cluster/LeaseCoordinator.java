package dev.longpoll.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;

import dev.longpoll.container.ListenerCoordinator;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;

/**
 * Runs each listener on exactly one instance: the one holding the listener's lease in a
 * shared {@link LeaseStore}. One thread of its own does every store call, in rounds:
 * renew this instance's leases, read who holds what, take free listeners while this
 * instance has fewer than its fair share (listeners ÷ live instances, rounded up), and
 * hand a few over while it has more. A listener whose lease cannot be renewed in time is
 * cancelled before the lease can expire and be taken elsewhere; until then the cursor
 * store refuses its commits once its lease is past its {@link #holds(String) fence}.
 */
public class LeaseCoordinator implements ListenerCoordinator, DisposableBean {

	private static final Log logger = LogFactory.getLog(LeaseCoordinator.class);

	private static final String LISTENER_KEY = "longpoll/listener/";


	private static final Duration GRACE = Duration.ofMillis(250);

	private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

	private final LeaseStore store;

	private final ClusterOptions options;

	private final Map<String, Lease> leases = new ConcurrentHashMap<>();

	/** The coordinator's one thread, made anew at each start so that a context can stop and start again. */
	private volatile ScheduledExecutorService thread;

	private volatile Map<String, String> owners = Map.of();

	private volatile @Nullable LongPollObserver observer;

	private volatile boolean running;

	/** A stop has claimed the current thread (it shuts it down once the leases are released). */
	private volatile boolean stopped;

	private volatile long lastRoundNanos;

	// Only on the coordinator's thread: rounds failed in a row, when that was last logged
	private int failedRounds;

	private long failureLoggedAt;

	/**
	 * Create a coordinator, not started.
	 * @param store the shared lease store
	 * @param options the lease timings
	 */
	public LeaseCoordinator(LeaseStore store, ClusterOptions options) {
		this.store = store;
		this.options = options;
		this.thread = newThread();
	}

	private static ScheduledExecutorService newThread() {
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "longpoll-cluster");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	public synchronized void start(List<LongPollContainer> containers, LongPollObserver observer) {
		this.observer = observer;
		containers.forEach((container) -> this.leases.putIfAbsent(container.id(), new Lease(container)));
		if (this.stopped || this.thread.isShutdown()) { // stopped before: the context starts again
			this.thread = newThread();
			this.stopped = false;
		}
		this.running = true;
		this.thread.scheduleWithFixedDelay(this::round, 0, this.options.renewInterval().toMillis(),
				TimeUnit.MILLISECONDS);
		logger.info("Long-poll listeners shared with other instances through leases as '" + instanceId() + "' (lease "
				+ this.options.leaseTtl().toMillis() + " ms, renewed every " + this.options.renewInterval().toMillis()
				+ " ms)");
	}

	@Override
	public void added(LongPollContainer container) {
		this.leases.putIfAbsent(container.id(), new Lease(container));
	}

	@Override
	public void removed(LongPollContainer container) {
		Lease lease = this.leases.remove(container.id());
		if (lease != null && lease.owned) {
			lease.owned = false;
			try {
				this.thread.execute(() -> quietly(() -> this.store.release(lease.key), "release " + lease.key));
			}
			catch (RejectedExecutionException ex) {
				// stopped: every lease was released already, or expires
			}
		}
	}

	/**
	 * Start no listener from now on: rounds stop, and the one in progress, which may be
	 * starting a listener, finishes first (rounds run on one thread, so a task queued
	 * behind it runs after it).
	 */
	@Override
	public Mono<Void> stopStarting() {
		this.running = false;
		return Mono.create((sink) -> {
			try {
				this.thread.execute(sink::success);
			}
			catch (RejectedExecutionException ex) { // already shut down: no round runs
				sink.success();
			}
		});
	}

	@Override
	public Mono<Void> stop() {
		this.running = false;
		this.stopped = true;
		Sinks.Empty<Void> released = Sinks.empty();
		try {
			this.thread.schedule(() -> {
				try {
					for (Lease lease : this.leases.values()) {
						if (lease.owned) {
							lease.owned = false;
							if (lease.container.state().isActive()) { // started after the registry stopped its own
								lease.container.cancel();
							}
							quietly(() -> this.store.release(lease.key), "release " + lease.key);
						}
					}
					quietly(() -> this.store.release(memberKey()), "release " + memberKey());
					logger.info("Long-poll listeners handed over: their leases are released");
				}
				finally {
					this.thread.shutdown(); // this task is its last
					released.tryEmitEmpty();
				}
			}, grace().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) { // already shut down
			released.tryEmitEmpty();
		}
		return released.asMono();
	}

	/**
	 * Stop at once, as a crash would: no lease is released (they expire), every listener
	 * polled here is cancelled. For tests of failover.
	 */
	public void halt() {
		this.running = false;
		this.thread.shutdownNow();
		this.leases.values().forEach((lease) -> {
			lease.owned = false;
			lease.container.cancel();
		});
	}

	/**
	 * Shut the coordinator's thread (after {@link #stop()} released the leases).
	 */
	@Override
	public void destroy() {
		this.running = false;
		this.thread.shutdownNow();
	}

	@Override
	public String instanceId() {
		return this.store.instanceId();
	}

	@Override
	public boolean isStandby(String listenerId) {
		Lease lease = this.leases.get(listenerId);
		return lease != null && !lease.owned;
	}

	@Override
	public @Nullable String owner(String listenerId) {
		Lease lease = this.leases.get(listenerId);
		return (lease != null && lease.owned) ? instanceId() : this.owners.get(listenerId);
	}

	@Override
	public int owned() {
		return (int) this.leases.values().stream().filter((lease) -> lease.owned).count();
	}

	/**
	 * Whether this instance may still act for a listener (commit its cursor): it holds the
	 * lease and its last renewal is recent enough that the lease cannot have expired.
	 * @param listenerId the listener id
	 * @return whether it holds the listener
	 */
	public boolean holds(String listenerId) {
		Lease lease = this.leases.get(listenerId);
		return lease != null && lease.owned && System.nanoTime() - lease.fence < 0;
	}

	private void round() {
		if (!this.running) {
			return;
		}
		long start = System.nanoTime();
		try {
			this.store.acquire(memberKey(), this.options.leaseTtl());
			renew();
			LeaseStore.Snapshot snapshot = this.store.snapshot(
					this.leases.values().stream().map((lease) -> lease.key).collect(Collectors.toSet()));
			this.owners = this.leases.values()
				.stream()
				.filter((lease) -> snapshot.holders().containsKey(lease.key))
				.collect(Collectors.toMap((lease) -> lease.container.id(), (lease) -> snapshot.holders().get(lease.key)));
			balance(snapshot);
			if (this.failedRounds > 0) {
				logger.info("Long-poll lease store reachable again after " + this.failedRounds + " failed rounds");
				this.failedRounds = 0;
			}
		}
		catch (RuntimeException ex) {
			fenceExpired();
			// one WARN when the store fails, then one a minute while it keeps failing
			if (this.failedRounds++ == 0 || start - this.failureLoggedAt >= FAILURE_LOG_INTERVAL.toNanos()) {
				this.failureLoggedAt = start;
				logger.warn("Long-poll lease round failed" + ((this.failedRounds > 1)
						? " (" + this.failedRounds + " rounds in a row)" : "") + " (store unreachable?); listeners "
						+ "whose leases cannot be renewed in time stop: " + ex);
			}
		}
		finally {
			this.lastRoundNanos = System.nanoTime() - start;
		}
	}

	/**
	 * How long the last round of store calls took: renewing this instance's leases,
	 * reading who holds what, taking or handing over listeners. A round must stay well
	 * under the renew interval.
	 * @return the duration
	 */
	public Duration lastRound() {
		return Duration.ofNanos(this.lastRoundNanos);
	}

	private void renew() {
		for (Lease lease : this.leases.values()) {
			if (!lease.owned) {
				continue;
			}
			long sent = System.nanoTime();
			boolean renewed;
			try {
				renewed = this.store.renew(lease.key, this.options.leaseTtl());
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() - lease.fence >= 0) {
					revoke(lease, "its lease could not be renewed in time: " + ex);
				}
				continue;
			}
			if (renewed) {
				lease.fence = sent + this.options.fence().toNanos();
			}
			else {
				revoke(lease, "another instance holds its lease now");
			}
		}
	}

	private void fenceExpired() {
		for (Lease lease : this.leases.values()) {
			if (lease.owned && System.nanoTime() - lease.fence >= 0) {
				revoke(lease, "its lease could not be renewed in time");
			}
		}
	}

	private void balance(LeaseStore.Snapshot snapshot) {
		int instances = Math.max(1, snapshot.instances().size());
		int fairShare = (this.leases.size() + instances - 1) / instances;
		List<Lease> owned = this.leases.values().stream().filter((lease) -> lease.owned && !lease.leaving).toList();
		if (owned.size() < fairShare) {
			List<Lease> free = new ArrayList<>(this.leases.values()
				.stream()
				.filter((lease) -> !lease.owned && !snapshot.holders().containsKey(lease.key)
						&& lease.container.endpoint().autoStartup())
				.toList());
			// each instance tries the free listeners in an order of its own, so they seldom collide
			free.sort(Comparator.comparingInt((lease) -> (instanceId() + lease.key).hashCode()));
			int wanted = fairShare - owned.size();
			for (Lease lease : free) {
				if (wanted == 0) {
					break;
				}
				long sent = System.nanoTime();
				if (this.store.acquire(lease.key, this.options.leaseTtl())) {
					grant(lease, sent);
					wanted--;
				}
			}
		}
		else if (owned.size() > fairShare) {
			// hand over gently: a tenth of the surplus' owner at a time, never more than the surplus
			int surplus = owned.size() - fairShare;
			int step = Math.min(surplus, Math.max(1, owned.size() / 10));
			owned.stream()
				.sorted(Comparator.comparing((Lease lease) -> lease.container.pollInFlight()).reversed())
				.limit(step)
				.forEach((lease) -> handOver(lease, instances));
		}
	}

	private void grant(Lease lease, long sent) {
		if (!this.running) { // stopping: the lease goes back at once, the listener stays stopped
			quietly(() -> this.store.release(lease.key), "release " + lease.key);
			return;
		}
		lease.leaving = false;
		lease.fence = sent + this.options.fence().toNanos();
		lease.owned = true;
		logger.info("Long-poll listener '" + lease.container.id() + "' is now polled by this instance ('"
				+ instanceId() + "')");
		notify(lease, true, "lease granted");
		lease.container.start();
	}

	private void revoke(Lease lease, String reason) {
		lease.owned = false;
		lease.container.cancel(); // at once: another instance may poll it soon
		logger.warn("Long-poll listener '" + lease.container.id() + "' stopped on this instance ('" + instanceId()
				+ "'): " + reason);
		notify(lease, false, reason);
	}

	private void handOver(Lease lease, int instances) {
		lease.leaving = true;
		logger.info("Long-poll listener '" + lease.container.id() + "' handed over by this instance ('" + instanceId()
				+ "') to spread " + this.leases.size() + " listeners over " + instances + " instances");
		lease.container.stop().doFinally((signal) -> this.thread.schedule(() -> {
			lease.owned = false;
			lease.leaving = false;
			quietly(() -> this.store.release(lease.key), "release " + lease.key);
			notify(lease, false, "handed over to spread the listeners");
		}, grace().toMillis(), TimeUnit.MILLISECONDS)).subscribe();
	}

	private void notify(Lease lease, boolean owned, String reason) {
		LongPollObserver observer = this.observer;
		if (observer != null) {
			observer.onOwnershipChanged(lease.container, owned, instanceId(), reason);
		}
	}

	/**
	 * How long a lease stays held after its listener stopped: a cancelled poll's
	 * connection takes a moment to close, and the next owner's first poll should not reach
	 * the server before the server saw it close.
	 */
	private Duration grace() {
		Duration half = this.options.renewInterval().dividedBy(2);
		return (half.compareTo(GRACE) < 0) ? half : GRACE;
	}

	private String memberKey() {
		return LeaseStore.MEMBER_KEY_PREFIX + instanceId();
	}

	private static void quietly(Runnable call, String what) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not " + what + " (it expires by itself): " + ex);
		}
	}

	/**
	 * The states of the listeners' leases here, for tests and diagnostics.
	 * @return listener id to whether this instance holds it
	 */
	Map<String, Boolean> ownership() {
		return this.leases.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().owned));
	}

	/**
	 * One listener's lease as this instance sees it.
	 */
	private static final class Lease {

		final LongPollContainer container;

		final String key;

		volatile boolean owned;

		// being handed over: stopping, then released
		volatile boolean leaving;

		// System.nanoTime() past which this instance no longer counts on holding the lease
		volatile long fence;

		Lease(LongPollContainer container) {
			this.container = container;
			this.key = LISTENER_KEY + container.id();
		}

	}

}
