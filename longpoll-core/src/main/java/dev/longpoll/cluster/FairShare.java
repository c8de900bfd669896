package dev.longpoll.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * One round's reckoning of the fair share (listeners ÷ live instances, rounded up): what
 * this instance polls, which free buckets it may take and which it hands over. Counted in
 * listeners, not buckets, so that a few listeners in many buckets spread evenly.
 */
final class FairShare {

	final int instances;

	final int total;

	final int share;

	/** The listeners polled here, counting the buckets taken in this round. */
	int owned;

	/** Buckets held here with no listener left, to give back. */
	final List<LeaseBucket> empty = new ArrayList<>();

	/** Free buckets with listeners, in the order this instance tries them. */
	private final List<LeaseBucket> free = new ArrayList<>();

	private final List<LeaseBucket> held = new ArrayList<>();

	// the listeners of the least loaded other instance
	private final int least;

	FairShare(LeaseBucket[] buckets, Map<String, LeaseBucket> byKey, LeaseStore.View view, String instanceId) {
		int total = 0;
		for (LeaseBucket bucket : buckets) {
			int size = bucket.size();
			total += size;
			boolean heldAnywhere = bucket.token != 0 || view.leases().containsKey(bucket.key);
			bucket.freeRounds = heldAnywhere ? 0 : bucket.freeRounds + 1;
			if (bucket.token != 0 && !bucket.leaving) {
				if (size == 0) {
					this.empty.add(bucket);
				}
				else {
					this.owned += size;
					this.held.add(bucket);
				}
			}
			else if (!heldAnywhere && size > 0) {
				this.free.add(bucket);
			}
		}
		this.total = total;
		this.instances = Math.max(1, view.instances().size());
		this.share = (total + this.instances - 1) / this.instances;
		this.least = leastLoaded(byKey, view, instanceId);
		// each instance tries the free buckets in an order of its own, so that they seldom collide
		this.free.sort(Comparator.comparingInt((bucket) -> (instanceId + bucket.key).hashCode()));
	}

	private static int leastLoaded(Map<String, LeaseBucket> byKey, LeaseStore.View view, String instanceId) {
		Map<String, Integer> loads = new HashMap<>();
		view.instances().forEach((instance) -> loads.put(instance, 0));
		loads.remove(instanceId);
		view.leases().forEach((key, lease) -> {
			LeaseBucket bucket = byKey.get(key);
			if (bucket != null && loads.containsKey(lease.holder())) {
				loads.merge(lease.holder(), bucket.size(), Integer::sum);
			}
		});
		return loads.values().stream().mapToInt(Integer::intValue).min().orElse(Integer.MAX_VALUE / 2);
	}

	boolean wantsMore() {
		return this.owned < this.share;
	}

	/**
	 * Whether to take a free bucket: one that would take this instance past its share is
	 * left for a round to an instance it fits.
	 */
	private boolean takes(LeaseBucket bucket) {
		return this.owned + bucket.size() <= this.share || bucket.freeRounds >= 2;
	}

	/**
	 * Take free buckets while this instance polls fewer than its share.
	 * @param taker takes one: whether it got its lease and started its listeners
	 * @param outOfTime whether to leave the rest for the next round
	 * @return the buckets taken
	 */
	List<LeaseBucket> takeFree(Predicate<LeaseBucket> taker, BooleanSupplier outOfTime) {
		List<LeaseBucket> taken = new ArrayList<>();
		for (LeaseBucket bucket : this.free) {
			if (!wantsMore() || outOfTime.getAsBoolean()) {
				break;
			}
			if (takes(bucket) && taker.test(bucket)) {
				this.owned += bucket.size();
				taken.add(bucket);
			}
		}
		return taken;
	}

	/**
	 * The buckets to hand over this round, gently (a tenth of those held, at least one):
	 * each only while this instance stays at its share, or stays ahead of the least loaded
	 * instance by the bucket's size, so that a bucket never moves back and a new instance
	 * gets buckets larger than the surplus of each of the others.
	 * @return the buckets, none when this instance polls no more than its share
	 */
	List<LeaseBucket> surplus() {
		List<LeaseBucket> leaving = new ArrayList<>();
		int owned = this.owned;
		int step = Math.max(1, this.held.size() / 10);
		this.held.sort(Comparator.comparingInt(LeaseBucket::size));
		for (LeaseBucket bucket : this.held) {
			if (leaving.size() == step || owned <= this.share) {
				break;
			}
			if (owned - bucket.size() >= this.share || owned - bucket.size() >= this.least + bucket.size()) {
				owned -= bucket.size();
				leaving.add(bucket);
			}
		}
		return leaving;
	}

}
