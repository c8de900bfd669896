package dev.longpoll.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.DisposableBean;

import dev.longpoll.container.ListenerControl;
import dev.longpoll.container.ListenerCoordinator;
import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollObserver;

/**
 * Runs each listener on exactly one instance: the one holding the lease of the listener's
 * bucket in a shared {@link LeaseStore}. Listener ids hash into a fixed number of buckets
 * ({@link ClusterOptions#buckets()}), and instances lease buckets, so a round costs the
 * same for ten listeners and for a million. One thread of its own does every store call,
 * in rounds: renew this instance's leases and read who holds what, take free buckets while
 * this instance polls fewer listeners than its fair share (listeners ÷ live instances,
 * rounded up), and hand a few over while it polls more. Each lease carries a fencing token
 * the store gives; the cursor store refuses a commit with an older token than the
 * listener's latest. A watchdog thread cancels a bucket's listeners at its fence
 * ({@link ClusterOptions#fence()} after the last renewal was sent), whether or not a round
 * finished, so they stop before the lease can expire and be taken elsewhere.
 */
public class LeaseCoordinator implements ListenerCoordinator, DisposableBean {

	private static final Log logger = LogFactory.getLog(LeaseCoordinator.class);

	private static final Duration GRACE = Duration.ofMillis(250);

	private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

	private final LeaseStore store;

	private final ClusterOptions options;

	private final LeaseBucket[] buckets;

	private final Set<String> bucketKeys;

	private final Map<String, LeaseBucket> bucketsByKey;

	/** Guards the buckets' tokens and the starting and cancelling of listeners; never held during a store call. */
	private final Object lock = new Object();

	/** The threads of rounds and of the watchdog, made anew at each start so that a context can stop and start again. */
	private volatile ScheduledExecutorService thread;

	private volatile ScheduledExecutorService watchdog;

	private volatile LeaseStore.View view = new LeaseStore.View(Map.of(), Set.of());

	private final HandControls controls;

	private volatile @Nullable LongPollObserver observer;

	private volatile boolean running;

	/** A stop has claimed the current threads (it shuts them down once the leases are released). */
	private volatile boolean stopped;

	private volatile long lastRoundNanos;

	/** When the round in progress started ({@code System.nanoTime()}), 0 when none runs. */
	private volatile long roundStarted;

	// Only on the coordinator's thread: rounds failed in a row, when that was last logged
	private int failedRounds;

	private long failureLoggedAt;

	// Only on the watchdog's thread: the round that was reported as blocked
	private long blockedRoundReported;

	/**
	 * Create a coordinator, not started.
	 * @param store the shared lease store
	 * @param options the lease timings and the number of buckets
	 */
	public LeaseCoordinator(LeaseStore store, ClusterOptions options) {
		this.store = store;
		this.options = options;
		this.buckets = new LeaseBucket[options.buckets()];
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < this.buckets.length; i++) {
			this.buckets[i] = new LeaseBucket(i);
			keys.add(this.buckets[i].key);
		}
		this.bucketKeys = Set.copyOf(keys);
		Map<String, LeaseBucket> byKey = new java.util.HashMap<>();
		for (LeaseBucket bucket : this.buckets) {
			byKey.put(bucket.key, bucket);
		}
		this.bucketsByKey = Map.copyOf(byKey);
		this.thread = newThread("longpoll-cluster");
		this.watchdog = newThread("longpoll-cluster-watchdog");
		this.controls = new HandControls(store, this.lock, (container, reason) -> notify(container, true, reason));
	}

	private static ScheduledExecutorService newThread(String name) {
		return Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * The bucket a listener id falls in, the same on every instance.
	 * @param listenerId the listener id
	 * @param buckets the number of buckets
	 * @return the bucket, from 0
	 */
	public static int bucket(String listenerId, int buckets) {
		int hash = listenerId.hashCode() * 0x9E3779B9; // spread the bits String.hashCode leaves close together
		return Math.floorMod(hash ^ (hash >>> 16), buckets);
	}

	private LeaseBucket bucketOf(String listenerId) {
		return this.buckets[bucket(listenerId, this.buckets.length)];
	}

	@Override
	public void start(List<LongPollContainer> containers, LongPollObserver observer) {
		synchronized (this.lock) {
			this.observer = observer;
			containers.forEach(this::add);
			if (this.stopped || this.thread.isShutdown()) { // stopped before: the context starts again
				this.thread = newThread("longpoll-cluster");
				this.watchdog = newThread("longpoll-cluster-watchdog");
				this.stopped = false;
			}
			this.running = true;
		}
		long renew = this.options.renewInterval().toMillis();
		this.thread.scheduleWithFixedDelay(this::round, 0, renew, TimeUnit.MILLISECONDS);
		long tick = Math.max(10, renew / 5);
		this.watchdog.scheduleAtFixedRate(this::watch, tick, tick, TimeUnit.MILLISECONDS);
		logger.info("Long-poll listeners shared with other instances through leases as '" + instanceId() + "' (lease "
				+ this.options.leaseTtl().toMillis() + " ms, renewed every " + renew + " ms, "
				+ this.buckets.length + " buckets)");
	}

	private void add(LongPollContainer container) {
		bucketOf(container.id()).add(container);
	}

	@Override
	public void added(LongPollContainer container) {
		synchronized (this.lock) {
			add(container);
			LeaseBucket bucket = bucketOf(container.id());
			if (this.running && bucket.token != 0 && !bucket.leaving) {
				this.controls.startHere(container, "its bucket's lease is held here");
			}
		}
	}

	@Override
	public void removed(LongPollContainer container) {
		bucketOf(container.id()).remove(container); // an empty bucket is given up in the next round
	}

	/**
	 * Start no listener from now on. A round in progress may still take a lease, but it
	 * starts nothing: it checks under the same lock and gives the lease back.
	 */
	@Override
	public Mono<Void> stopStarting() {
		synchronized (this.lock) {
			this.running = false;
		}
		return Mono.empty();
	}

	@Override
	public Mono<Void> stop() {
		synchronized (this.lock) {
			this.running = false;
			this.stopped = true;
		}
		Sinks.Empty<Void> released = Sinks.empty();
		ScheduledExecutorService thread = this.thread;
		ScheduledExecutorService watchdog = this.watchdog;
		try {
			thread.schedule(() -> {
				try {
					for (Map.Entry<LeaseBucket, Long> held : giveUpAll("this instance stops").entrySet()) {
						quietly(() -> this.store.release(held.getKey().key, held.getValue()), "release " + held.getKey().key);
					}
					quietly(() -> this.store.release(LeaseStore.MEMBER_KEY_PREFIX + instanceId(), 0),
							"release the membership");
					logger.info("Long-poll listeners handed over: their leases are released");
				}
				finally {
					thread.shutdown(); // this task is its last
					watchdog.shutdownNow();
					released.tryEmitEmpty();
				}
			}, grace().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) { // already shut down
			watchdog.shutdownNow();
			released.tryEmitEmpty();
		}
		// a store that does not answer must not hold the shutdown: the leases then expire by themselves
		return released.asMono().timeout(this.options.leaseTtl(), Mono.fromRunnable(() -> {
			giveUpAll("this instance stops");
			logger.warn("Long-poll leases not released within " + this.options.leaseTtl().toMillis()
					+ " ms (lease store unreachable?): other instances take the listeners when they expire");
		}));
	}

	// Under the lock: every bucket held here is dropped, any listener of them still running is cancelled
	private Map<LeaseBucket, Long> giveUpAll(String reason) {
		Map<LeaseBucket, Long> held = new java.util.HashMap<>();
		synchronized (this.lock) {
			for (LeaseBucket bucket : this.buckets) {
				if (bucket.token != 0) {
					held.put(bucket, bucket.token);
					drop(bucket, reason);
				}
			}
		}
		return held;
	}

	/**
	 * Stop at once, as a crash would: no lease is released (they expire), every listener
	 * polled here is cancelled. For tests of failover.
	 */
	public void halt() {
		this.running = false;
		this.thread.shutdownNow();
		this.watchdog.shutdownNow();
		giveUpAll("halted");
	}

	/**
	 * Shut the coordinator's threads (after {@link #stop()} released the leases).
	 */
	@Override
	public void destroy() {
		this.running = false;
		this.thread.shutdownNow();
		this.watchdog.shutdownNow();
	}

	@Override
	public String instanceId() {
		return this.store.instanceId();
	}

	@Override
	public boolean isStandby(String listenerId) {
		LeaseBucket bucket = bucketOf(listenerId);
		return bucket.members.containsKey(listenerId) && bucket.token == 0;
	}

	@Override
	public @Nullable String owner(String listenerId) {
		LeaseBucket bucket = bucketOf(listenerId);
		if (bucket.token != 0) {
			return instanceId();
		}
		LeaseStore.Lease lease = this.view.leases().get(bucket.key);
		return (lease != null) ? lease.holder() : null;
	}

	@Override
	public int owned() {
		int owned = 0;
		for (LeaseBucket bucket : this.buckets) {
			if (bucket.token != 0) {
				owned += bucket.members.size();
			}
		}
		return owned;
	}

	/**
	 * Whether this instance may still act for a listener (commit its cursor): it holds the
	 * lease of the listener's bucket and its fence has not passed.
	 * @param listenerId the listener id
	 * @return whether it holds the listener
	 */
	public boolean holds(String listenerId) {
		return token(listenerId) != 0;
	}

	/**
	 * The fencing token this instance holds a listener's lease with, for its commits.
	 * @param listenerId the listener id
	 * @return the token, or {@code 0} when this instance does not hold the lease or its
	 * fence has passed
	 */
	public long token(String listenerId) {
		LeaseBucket bucket = bucketOf(listenerId);
		long token = bucket.token;
		return (token != 0 && System.nanoTime() - bucket.fence < 0) ? token : 0;
	}

	private void round() {
		if (!this.running) {
			return;
		}
		long start = System.nanoTime();
		this.roundStarted = start;
		try {
			LeaseStore.View view = this.store.renew(this.bucketKeys, this.options.leaseTtl());
			Map<String, Long> strays = new java.util.HashMap<>();
			synchronized (this.lock) {
				for (LeaseBucket bucket : this.buckets) {
					LeaseStore.Lease lease = view.leases().get(bucket.key);
					boolean mine = lease != null && lease.holder().equals(instanceId());
					if (bucket.token != 0) {
						if (mine && lease.token() == bucket.token) {
							bucket.fence = start + this.options.fence().toNanos();
						}
						else {
							revoke(bucket, (lease != null) ? "instance '" + lease.holder() + "' holds its lease now"
									: "its lease expired in the store");
						}
					}
					if (bucket.token == 0 && mine && !bucket.leaving) {
						// held in the store under this instance's name but not here (revoked at its fence while the
						// store stalled, taken by a call whose answer was lost, taken by this id before a restart):
						// given back, so that an instance takes it with a token of its own
						strays.put(bucket.key, lease.token());
					}
				}
			}
			strays.forEach((key, token) -> quietly(() -> this.store.release(key, token), "give back " + key));
			this.view = view;
			this.controls.read();
			balance(view, start);
			this.controls.apply(this::bucketOf);
			if (this.failedRounds > 0) {
				logger.info("Long-poll lease store reachable again after " + this.failedRounds + " failed rounds");
				this.failedRounds = 0;
			}
		}
		catch (RuntimeException ex) {
			// one WARN when the store fails, then one a minute while it keeps failing
			if (this.failedRounds++ == 0 || start - this.failureLoggedAt >= FAILURE_LOG_INTERVAL.toNanos()) {
				this.failureLoggedAt = start;
				logger.warn("Long-poll lease round failed" + ((this.failedRounds > 1)
						? " (" + this.failedRounds + " rounds in a row)" : "") + " (store unreachable?); listeners "
						+ "whose leases cannot be renewed in time stop: " + ex);
			}
		}
		finally {
			this.roundStarted = 0;
			this.lastRoundNanos = System.nanoTime() - start;
		}
	}

	/**
	 * The watchdog: cancel the listeners of every bucket whose fence passed, and say so once
	 * when a round waits on the store for longer than a round.
	 */
	private void watch() {
		long now = System.nanoTime();
		synchronized (this.lock) {
			for (LeaseBucket bucket : this.buckets) {
				if (bucket.token != 0 && now - bucket.fence >= 0) {
					revoke(bucket, "its lease could not be renewed in time (the lease store did not answer)");
				}
			}
		}
		long started = this.roundStarted;
		if (started != 0 && started != this.blockedRoundReported
				&& now - started > this.options.renewInterval().toNanos()) {
			this.blockedRoundReported = started;
			logger.warn("Long-poll lease round has waited " + Duration.ofNanos(now - started).toMillis() + " ms for the "
					+ "lease store (unreachable?); listeners whose leases cannot be renewed in time stop");
		}
	}

	/**
	 * How long the last round of store calls took: renewing this instance's leases,
	 * reading who holds what, taking or handing over buckets. A round must stay well
	 * under the renew interval.
	 * @return the duration
	 */
	public Duration lastRound() {
		return Duration.ofNanos(this.lastRoundNanos);
	}

	private void balance(LeaseStore.View view, long roundStart) {
		FairShare fair = new FairShare(this.buckets, this.bucketsByKey, view, instanceId());
		fair.empty.forEach((bucket) -> handOver(bucket, "it has no listener left")); // just the lease goes back
		if (fair.wantsMore()) {
			List<LeaseBucket> granted = new ArrayList<>();
			for (LeaseBucket bucket : fair.free) {
				if (!fair.wantsMore() || System.nanoTime() - roundStart > this.options.callTimeout().toNanos()) {
					break; // the rest in the next round: a round must not delay the next renewal
				}
				if (!fair.takes(bucket)) {
					continue;
				}
				long sent = System.nanoTime();
				long token = this.store.acquire(bucket.key, this.options.leaseTtl());
				if (token != 0) {
					if (grant(bucket, token, sent)) {
						fair.took(bucket);
						granted.add(bucket);
					}
					else { // stopping: the lease goes back at once, the listeners stay stopped
						quietly(() -> this.store.release(bucket.key, token), "release " + bucket.key);
					}
				}
			}
			if (!granted.isEmpty()) {
				logger.info("Long-poll listeners now polled by this instance ('" + instanceId() + "'): "
						+ LeaseBucket.describe(granted) + "; " + fair.owned + " in all, fair share " + fair.share);
			}
		}
		else {
			List<LeaseBucket> leaving = fair.surplus();
			if (!leaving.isEmpty()) {
				logger.info("Long-poll listeners handed over by this instance ('" + instanceId() + "') to spread "
						+ fair.total + " listeners over " + fair.instances + " instances: " + LeaseBucket.describe(leaving));
				leaving.forEach((bucket) -> handOver(bucket, "handed over to spread the listeners"));
			}
		}
	}

	@Override
	public boolean control(String listenerId, ListenerControl control) {
		if (!this.controls.ask(listenerId, control)) {
			return false; // a store of its own that keeps no controls: applied here
		}
		boolean here = bucketOf(listenerId).token != 0;
		logger.info("Long-poll listener '" + listenerId + "': " + control.action().name().toLowerCase(Locale.ROOT)
			.replace('_', '-') + " asked on this instance ('" + instanceId() + "'), applied by "
				+ (here ? "this instance now" : "the instance polling it within " + controlDelay().toMillis() + " ms"));
		if (here) { // polled here: at once rather than at the next round
			schedule(() -> {
				this.controls.read();
				this.controls.apply(this::bucketOf);
			}, Duration.ZERO);
		}
		return true;
	}

	@Override
	public Duration controlDelay() {
		return this.options.renewInterval();
	}

	// Under the lock, with running checked there: a coordinator that stopped never starts a listener
	private boolean grant(LeaseBucket bucket, long token, long sent) {
		synchronized (this.lock) {
			if (!this.running) {
				return false;
			}
			bucket.leaving = false;
			bucket.fence = sent + this.options.fence().toNanos();
			bucket.token = token;
			for (LongPollContainer container : bucket.members.values()) {
				this.controls.startHere(container, "lease granted");
			}
			return true;
		}
	}

	// Under the lock
	private void revoke(LeaseBucket bucket, String reason) {
		if (bucket.token == 0) {
			return;
		}
		logger.warn("Long-poll listeners stopped on this instance ('" + instanceId() + "'): " + LeaseBucket.describe(List.of(bucket))
				+ ": " + reason);
		drop(bucket, reason);
	}

	// Under the lock: at once, another instance may poll them soon
	private void drop(LeaseBucket bucket, String reason) {
		bucket.token = 0;
		bucket.leaving = false;
		for (LongPollContainer container : bucket.members.values()) {
			this.controls.forget(container.id());
			if (container.state().isActive()) {
				container.cancel();
			}
			notify(container, false, reason);
		}
	}

	private void handOver(LeaseBucket bucket, String reason) {
		long token = bucket.token;
		bucket.leaving = true;
		Mono.when(bucket.members.values().stream().map(LongPollContainer::stop).toList())
			.doFinally((signal) -> schedule(() -> {
				boolean ours;
				synchronized (this.lock) {
					ours = bucket.token == token;
					if (ours) {
						drop(bucket, reason);
					}
				}
				if (ours) {
					quietly(() -> this.store.release(bucket.key, token), "release " + bucket.key);
				}
			}, grace()))
			.subscribe();
	}

	private void schedule(Runnable task, Duration delay) {
		try {
			this.thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopped: every lease was released already, or expires
		}
	}

	private void notify(LongPollContainer container, boolean owned, String reason) {
		LongPollObserver observer = this.observer;
		if (observer != null) {
			observer.onOwnershipChanged(container, owned, instanceId(), reason);
		}
	}

	/**
	 * How long a lease stays held after its listeners stopped: a cancelled poll's
	 * connection takes a moment to close, and the next owner's first poll should not reach
	 * the server before the server saw it close.
	 */
	private Duration grace() {
		Duration half = this.options.renewInterval().dividedBy(2);
		return (half.compareTo(GRACE) < 0) ? half : GRACE;
	}

	private static void quietly(Runnable call, String what) {
		try {
			call.run();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not " + what + " (it expires by itself): " + ex);
		}
	}

}
