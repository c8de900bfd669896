package dev.longpoll.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Time-limited, exclusive leases shared by the instances of an application, each taken
 * with a new fencing token: the coordination engine the {@link LeaseCoordinator} runs on.
 * Expiry is judged by the store's clock (the database's, Redis key expiry), never by the
 * instances'. Every call may block on the network and must give up within the
 * {@linkplain ClusterOptions#callTimeout() call timeout}; the coordinator makes them
 * from one thread of its own, and an implementation must not care which thread that is.
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
	 * One round, in as few round trips as the store allows: keep this instance's
	 * membership, extend every unexpired lease it holds, and read who holds what.
	 * @param keys the lease keys asked about
	 * @param ttl how long the leases last from now, by the store's clock
	 * @return the leases held among those keys and the instances present, after the renewal
	 */
	View renew(Set<String> keys, Duration ttl);

	/**
	 * Take a lease that is free or expired (or held by this instance) with a fencing
	 * token higher than any the store gave before for that key, and higher than those
	 * given before for other keys as long as the store's clock does not go back.
	 * @param key the lease key
	 * @param ttl how long the lease lasts unless renewed
	 * @return the new token, or {@code 0} when another instance holds the lease
	 */
	long acquire(String key, Duration ttl);

	/**
	 * Give a lease up, if this instance still holds it with that token.
	 * @param key the lease key
	 * @param token the token it was taken with, or {@code 0} for the membership lease
	 */
	void release(String key, long token);

	/**
	 * The instance holding a lease and the token it took it with.
	 *
	 * @param holder the instance id
	 * @param token the fencing token
	 */
	record Lease(String holder, long token) {
	}

	/**
	 * The state of the store at one moment.
	 *
	 * @param leases the unexpired leases among the keys asked about
	 * @param instances the instances whose membership has not expired
	 */
	record View(Map<String, Lease> leases, Set<String> instances) {

		public View {
			leases = Map.copyOf(leases);
			instances = Set.copyOf(instances);
		}

	}

}
