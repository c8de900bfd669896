package dev.longpoll.cluster;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How leases are timed.
 *
 * @param leaseTtl how long a lease lasts unless renewed: the longest a dead instance's
 * listeners wait before another instance takes them (plus one round)
 * @param renewInterval how often leases are renewed, free ones looked for and surplus ones
 * handed over (one round)
 */
public record ClusterOptions(Duration leaseTtl, Duration renewInterval) {

	/** The defaults: a 6 s lease renewed every 2 s, so a failover takes at most about 8 s. */
	public static final ClusterOptions DEFAULTS = new ClusterOptions(Duration.ofSeconds(6), Duration.ofSeconds(2));

	public ClusterOptions {
		Assert.isTrue(!renewInterval.isNegative() && !renewInterval.isZero(), "the renew interval must be positive");
		Assert.isTrue(leaseTtl.compareTo(renewInterval.multipliedBy(2)) >= 0,
				() -> "the lease (" + leaseTtl + ") must last at least twice the renew interval (" + renewInterval
						+ "), so that a listener stops before its lease can expire elsewhere");
	}

	/**
	 * How long after a renewal was sent this instance still counts on the lease: one round
	 * less than the lease, so that a listener stops (at the latest at the next round) before
	 * its lease can expire and be taken elsewhere.
	 * @return the fence
	 */
	public Duration fence() {
		return this.leaseTtl.minus(this.renewInterval);
	}

}
