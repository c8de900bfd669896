package dev.longpoll.cluster;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The buckets of this instance's view, by number and by lease key.
 */
final class BucketTable {

	final LeaseBucket[] all;

	final Set<String> keys;

	final Map<String, LeaseBucket> byKey;

	BucketTable(int buckets) {
		this.all = new LeaseBucket[buckets];
		Set<String> keys = new LinkedHashSet<>();
		Map<String, LeaseBucket> byKey = new HashMap<>();
		for (int i = 0; i < buckets; i++) {
			this.all[i] = new LeaseBucket(i);
			keys.add(this.all[i].key);
			byKey.put(this.all[i].key, this.all[i]);
		}
		this.keys = Set.copyOf(keys);
		this.byKey = Map.copyOf(byKey);
	}

	/**
	 * The bucket a listener id falls in, the same on every instance.
	 */
	static int index(String listenerId, int buckets) {
		int hash = listenerId.hashCode() * 0x9E3779B9; // spread the bits String.hashCode leaves close together
		return Math.floorMod(hash ^ (hash >>> 16), buckets);
	}

	LeaseBucket of(String listenerId) {
		return this.all[index(listenerId, this.all.length)];
	}

	/**
	 * Under the lock, after a renewal: move the fence of each bucket still held here with
	 * its token, revoke the others, and find the leases the store shows as this instance's
	 * that it does not hold (revoked at their fence while the store stalled, taken by a call
	 * whose answer was lost, taken by this id before a restart), to give back so that an
	 * instance takes them with a token of its own.
	 * @return the leases to give back, key to token
	 */
	Map<String, Long> renewed(LeaseStore.View view, String instanceId, long fence,
			BiConsumer<LeaseBucket, String> revoke) {
		Map<String, Long> strays = new HashMap<>();
		for (LeaseBucket bucket : this.all) {
			LeaseStore.Lease lease = view.leases().get(bucket.key);
			boolean mine = lease != null && lease.holder().equals(instanceId);
			if (bucket.token != 0) {
				if (mine && lease.token() == bucket.token) {
					bucket.fence = fence;
				}
				else {
					revoke.accept(bucket, (lease != null) ? "instance '" + lease.holder() + "' holds its lease now"
							: "its lease expired in the store");
				}
			}
			if (bucket.token == 0 && mine && !bucket.leaving) {
				strays.put(bucket.key, lease.token());
			}
		}
		return strays;
	}

	/** The listeners of the buckets held here. */
	int owned() {
		int owned = 0;
		for (LeaseBucket bucket : this.all) {
			if (bucket.token != 0) {
				owned += bucket.members.size();
			}
		}
		return owned;
	}

}
