package dev.longpoll.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Time-limited, exclusive leases shared by the instances of an application: the
 * coordination engine the {@link LeaseCoordinator} runs on. Every call may block on the
 * network; the coordinator makes them all from one thread of its own, and an
 * implementation must not care which thread that is (no thread-bound locks).
 */
public interface LeaseStore {

	/**
	 * The start of the key of the lease each instance holds while it is alive (its
	 * instance id follows), which the stores count as the instances present.
	 */
	String MEMBER_KEY_PREFIX = "longpoll/member/";

	/**
	 * The name this instance holds leases under, unique among the instances.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * Take a lease that is free or expired, or extend one this instance holds.
	 * @param key the lease key
	 * @param ttl how long the lease lasts unless renewed
	 * @return whether this instance holds it now
	 */
	boolean acquire(String key, Duration ttl);

	/**
	 * Extend a lease this instance holds.
	 * @param key the lease key
	 * @param ttl how long it lasts from now
	 * @return {@code false} if this instance no longer holds it
	 */
	boolean renew(String key, Duration ttl);

	/**
	 * Give a lease up, if this instance holds it.
	 * @param key the lease key
	 */
	void release(String key);

	/**
	 * Who holds the unexpired leases among these keys, and which instances are alive (each
	 * instance keeps a membership lease of its own), in one round trip.
	 * @param keys the keys asked about
	 * @return the snapshot
	 */
	Snapshot snapshot(Set<String> keys);

	/**
	 * The state of the store at one moment.
	 *
	 * @param holders the instance holding each of the keys asked about that is held
	 * @param instances the instances holding at least one unexpired lease
	 */
	record Snapshot(Map<String, String> holders, Set<String> instances) {

		public Snapshot {
			holders = Map.copyOf(holders);
			instances = Set.copyOf(instances);
		}

	}

}
