package dev.longpoll.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Time-limited, exclusive leases shared by the instances of an application, each taken
 * with a new fencing token: the coordination engine the {@link LeaseCoordinator} runs on.
 * Expiry is judged by the store's clock (the database's, Redis key expiry), never by the
 * instances'. Every call may block on the network and must give up within the
 * {@linkplain ClusterOptions#callTimeout() call timeout}. The coordinator makes them from
 * one thread of its own, except {@link #control} (from the thread that asks), so an
 * implementation must be thread-safe and must not care which thread calls it.
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
	 * The controls asked by hand for listeners, read by the instances in each round.
	 * @return the control of each listener that has one
	 */
	default Map<String, Control> controls() {
		return Map.of();
	}

	/**
	 * Keep what was asked by hand for a listener, for whichever instance polls it.
	 * @param listenerId the listener id
	 * @param desired the state asked for, or {@code null} to keep the one kept
	 * @param seek where to move the listener ({@link Control#seekTo(String)}, or
	 * {@link Control#RESET} for its initial position), or {@code null} for no move; a move
	 * replaces a move not done yet
	 * @throws UnsupportedOperationException if this store does not keep controls (the
	 * control then applies on the instance where it is asked)
	 */
	default void control(String listenerId, @Nullable Desired desired, @Nullable String seek) {
		throw new UnsupportedOperationException(getClass().getName() + " does not keep controls");
	}

	/**
	 * A move was done: forget it, unless another was asked since.
	 * @param listenerId the listener id
	 * @param seekVersion the version of the move done
	 */
	default void seekDone(String listenerId, long seekVersion) {
	}

	/**
	 * The state a listener is asked to be in.
	 */
	enum Desired {

		/** Polling: started, or resumed. */
		RUNNING,

		/** Paused. */
		PAUSED,

		/** Stopped, until started. */
		STOPPED

	}

	/**
	 * What was asked for one listener.
	 *
	 * @param desired the state asked for, or {@code null} for none
	 * @param desiredVersion grows each time a state is asked, the same one again too
	 * @param seek the move asked and not done yet, as {@link #seekTo(String)} or
	 * {@link #RESET} write it, or {@code null} for none
	 * @param seekVersion grows with each move asked
	 */
	record Control(@Nullable Desired desired, long desiredVersion, @Nullable String seek, long seekVersion) {

		/** The move back to the listener's initial position. */
		public static final String RESET = "reset";

		private static final String AT = "at:";

		/**
		 * The move to a cursor, as kept.
		 * @param cursor the cursor
		 * @return the move
		 */
		public static String seekTo(String cursor) {
			return AT + cursor;
		}

		/**
		 * The cursor of a move to a cursor.
		 * @return the cursor, or {@code null} for no move or a reset
		 */
		public @Nullable String seekCursor() {
			return (this.seek != null && this.seek.startsWith(AT)) ? this.seek.substring(AT.length()) : null;
		}

	}

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
