package dev.longpoll.cluster;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How leases are timed and how listeners are grouped into them.
 *
 * @param leaseTtl how long a lease lasts unless renewed: the longest a dead instance's
 * listeners wait before another instance takes them (plus one round)
 * @param renewInterval how often leases are renewed, free ones looked for and surplus ones
 * handed over (one round)
 * @param buckets how many leases the listeners share: each listener id hashes into one
 * bucket, and instances lease buckets, so that a round costs the same for ten listeners
 * and for a million
 */
public record ClusterOptions(Duration leaseTtl, Duration renewInterval, int buckets) {

	/** The default number of buckets. */
	public static final int DEFAULT_BUCKETS = 256;

	/** The defaults: a 6 s lease renewed every 2 s, so a failover takes at most about 8 s; 256 buckets. */
	public static final ClusterOptions DEFAULTS = new ClusterOptions(Duration.ofSeconds(6), Duration.ofSeconds(2));

	public ClusterOptions {
		Assert.isTrue(!renewInterval.isNegative() && !renewInterval.isZero(), "the renew interval must be positive");
		Assert.isTrue(leaseTtl.compareTo(renewInterval.multipliedBy(2)) >= 0,
				() -> "the lease (" + leaseTtl + ") must last at least twice the renew interval (" + renewInterval
						+ "), so that a listener stops before its lease can expire elsewhere");
		Assert.isTrue(buckets >= 1 && buckets <= 65_536,
				() -> "the number of buckets (" + buckets + ") must be between 1 and 65536");
	}

	/**
	 * Options with the default number of buckets.
	 * @param leaseTtl how long a lease lasts unless renewed
	 * @param renewInterval how often leases are renewed
	 */
	public ClusterOptions(Duration leaseTtl, Duration renewInterval) {
		this(leaseTtl, renewInterval, DEFAULT_BUCKETS);
	}

	/**
	 * How long after a renewal was sent this instance still counts on the lease: one round
	 * less than the lease. A watchdog cancels the lease's listeners at that moment, whether
	 * or not a round finished, so they stop before the lease can expire and be taken
	 * elsewhere.
	 * @return the fence
	 */
	public Duration fence() {
		return this.leaseTtl.minus(this.renewInterval);
	}

	/**
	 * How long a lease stays held after its listeners stopped, before it is released: a
	 * cancelled poll's connection takes a moment to close, and the next owner's first poll
	 * should not reach the server before the server saw it close. 250 ms, at most half the
	 * renew interval.
	 * @return the grace
	 */
	public Duration handOverGrace() {
		Duration half = this.renewInterval.dividedBy(2);
		Duration grace = Duration.ofMillis(250);
		return (half.compareTo(grace) < 0) ? half : grace;
	}

	/**
	 * How long one call to the lease store may take before it is given up: half the renew
	 * interval.
	 * @return the call timeout
	 */
	public Duration callTimeout() {
		return this.renewInterval.dividedBy(2);
	}

}
