package dev.longpoll.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

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

	private final LeaseStore store;

	private final ClusterOptions options;

	private final BucketTable buckets;

	private final RoundHealth health;

	/** Guards the buckets' tokens and the starting and cancelling of listeners; never held during a store call. */
	private final Object lock = new Object();

	private final CoordinatorThreads threads = new CoordinatorThreads();

	private volatile LeaseStore.View view = new LeaseStore.View(Map.of(), Set.of());

	private final HandControls controls;

	private volatile @Nullable LongPollObserver observer;

	private volatile boolean running;

	/**
	 * Create a coordinator, not started.
	 * @param store the shared lease store
	 * @param options the lease timings and the number of buckets
	 */
	public LeaseCoordinator(LeaseStore store, ClusterOptions options) {
		this.store = store;
		this.options = options;
		this.buckets = new BucketTable(options.buckets());
		this.health = new RoundHealth(options.renewInterval());
		this.controls = new HandControls(store, this.lock, (container, reason) -> notify(container, true, reason));
	}

	/**
	 * The bucket a listener id falls in, the same on every instance.
	 * @param listenerId the listener id
	 * @param buckets the number of buckets
	 * @return the bucket, from 0
	 */
	public static int bucket(String listenerId, int buckets) {
		return BucketTable.index(listenerId, buckets);
	}

	private LeaseBucket bucketOf(String listenerId) {
		return this.buckets.of(listenerId);
	}

	@Override
	public void start(List<LongPollContainer> containers, LongPollObserver observer) {
		synchronized (this.lock) {
			this.observer = observer;
			containers.forEach(this::add);
			this.running = true;
			this.threads.run(this::round, this::watch, this.options.renewInterval());
		}
		logger.info("Long-poll listeners shared with other instances through leases as '" + instanceId() + "' (lease "
				+ this.options.leaseTtl().toMillis() + " ms, renewed every " + this.options.renewInterval().toMillis()
				+ " ms, "
				+ this.buckets.all.length + " buckets)");
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
		Mono<Void> released;
		synchronized (this.lock) {
			this.running = false;
			released = this.threads.last(() -> {
				for (Map.Entry<LeaseBucket, Long> held : giveUpAll("this instance stops").entrySet()) {
					quietly(() -> this.store.release(held.getKey().key, held.getValue()), "release " + held.getKey().key);
				}
				quietly(() -> this.store.release(LeaseStore.MEMBER_KEY_PREFIX + instanceId(), 0), "release the membership");
				logger.info("Long-poll listeners handed over: their leases are released");
			}, this.options.handOverGrace());
		}
		// a store that does not answer must not hold the shutdown: the leases then expire by themselves
		return released.timeout(this.options.leaseTtl(), Mono.fromRunnable(() -> {
			giveUpAll("this instance stops");
			logger.warn("Long-poll leases not released within " + this.options.leaseTtl().toMillis()
					+ " ms (lease store unreachable?): other instances take the listeners when they expire");
		}));
	}

	// Under the lock: every bucket held here is dropped, any listener of them still running is cancelled
	private Map<LeaseBucket, Long> giveUpAll(String reason) {
		Map<LeaseBucket, Long> held = new java.util.HashMap<>();
		synchronized (this.lock) {
			for (LeaseBucket bucket : this.buckets.all) {
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
		this.threads.shutdownNow();
		giveUpAll("halted");
	}

	/**
	 * Shut the coordinator's threads (after {@link #stop()} released the leases).
	 */
	@Override
	public void destroy() {
		this.running = false;
		this.threads.shutdownNow();
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
		return this.buckets.owned();
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
		this.health.started(start);
		try {
			LeaseStore.View view = this.store.renew(this.buckets.keys, this.options.leaseTtl());
			Map<String, Long> strays;
			synchronized (this.lock) {
				strays = this.buckets.renewed(view, instanceId(), start + this.options.fence().toNanos(), this::revoke);
			}
			strays.forEach((key, token) -> quietly(() -> this.store.release(key, token), "give back " + key));
			this.view = view;
			this.controls.read();
			balance(view, start);
			this.controls.apply(this::bucketOf);
			this.health.succeeded();
		}
		catch (RuntimeException ex) {
			this.health.failed(start, ex);
		}
		finally {
			this.health.finished(start);
		}
	}

	/**
	 * The watchdog: cancel the listeners of every bucket whose fence passed, and say so once
	 * when a round waits on the store for longer than a round.
	 */
	private void watch() {
		long now = System.nanoTime();
		synchronized (this.lock) {
			for (LeaseBucket bucket : this.buckets.all) {
				if (bucket.token != 0 && now - bucket.fence >= 0) {
					revoke(bucket, "its lease could not be renewed in time (the lease store did not answer)");
				}
			}
		}
		this.health.checkBlocked(now);
	}

	/**
	 * How long the last round of store calls took: renewing this instance's leases,
	 * reading who holds what, taking or handing over buckets. A round must stay well
	 * under the renew interval.
	 * @return the duration
	 */
	public Duration lastRound() {
		return this.health.lastRound();
	}

	private void balance(LeaseStore.View view, long roundStart) {
		FairShare fair = new FairShare(this.buckets.all, this.buckets.byKey, view, instanceId());
		fair.empty.forEach((bucket) -> handOver(bucket, "it has no listener left")); // just the lease goes back
		if (fair.wantsMore()) {
			// the rest in the next round once half a round has gone: a round must not delay the next renewal
			List<LeaseBucket> granted = fair.takeFree(this::take,
					() -> System.nanoTime() - roundStart > this.options.callTimeout().toNanos());
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

	// take a free bucket's lease and start its listeners; stopping, the lease goes back at once
	private boolean take(LeaseBucket bucket) {
		long sent = System.nanoTime();
		long token = this.store.acquire(bucket.key, this.options.leaseTtl());
		if (token != 0 && !grant(bucket, token, sent)) {
			quietly(() -> this.store.release(bucket.key, token), "release " + bucket.key);
			return false;
		}
		return token != 0;
	}

	@Override
	public boolean control(String listenerId, ListenerControl control) {
		boolean here = bucketOf(listenerId).token != 0;
		if (!this.controls.ask(listenerId, control, instanceId(), here ? null : controlDelay())) {
			return false; // a store of its own that keeps no controls: applied here
		}
		if (here) { // polled here: at once rather than at the next round
			this.threads.schedule(() -> {
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
			.doFinally((signal) -> this.threads.schedule(() -> {
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
			}, this.options.handOverGrace()))
			.subscribe();
	}

	private void notify(LongPollContainer container, boolean owned, String reason) {
		LongPollObserver observer = this.observer;
		if (observer != null) {
			observer.onOwnershipChanged(container, owned, instanceId(), reason);
		}
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
