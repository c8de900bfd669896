package dev.longpoll.autoconfigure.cluster;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.longpoll.cluster.ClusterOptions;

/**
 * Several instances of one application sharing their listeners ({@code longpoll.cluster.*}).
 */
@ConfigurationProperties("longpoll.cluster")
public class LongPollClusterProperties {

	/**
	 * Whether the instances of this application share their listeners, each polled by one
	 * instance at a time. Also on, unless set to false, when the application has a
	 * Spring Integration LockRegistry bean.
	 */
	private boolean enabled;

	/**
	 * This instance's name among the instances, at most 36 characters; defaults to the
	 * host name (the HOSTNAME environment variable, a pod's name on Kubernetes) and the
	 * process id.
	 */
	private @Nullable String instanceId;

	/**
	 * How long a listener's lease lasts unless renewed: the longest a dead instance's
	 * listeners wait before another instance takes them over (plus one renew interval).
	 */
	private Duration leaseTtl = ClusterOptions.DEFAULTS.leaseTtl();

	/**
	 * How often leases are renewed, free listeners taken and surplus ones handed over; at
	 * most half the lease.
	 */
	private Duration renewInterval = ClusterOptions.DEFAULTS.renewInterval();

	/**
	 * How many leases the listeners share: each listener id hashes into one bucket and
	 * instances lease whole buckets, so a round costs the same whatever the number of
	 * listeners. Every instance must use the same number.
	 */
	private int buckets = ClusterOptions.DEFAULT_BUCKETS;

	/**
	 * Where the leases are kept: 'jdbc' (the longpoll_lease table in the
	 * application's DataSource) or 'redis'. When unset, jdbc if there is a DataSource, else
	 * redis.
	 */
	private @Nullable Store store;

	/**
	 * Prefix of the Redis lease keys.
	 */
	private String redisKeyPrefix = "longpoll:lease:";

	/**
	 * Where leases are kept.
	 */
	public enum Store {

		/** The longpoll_lease table in the application's DataSource. */
		JDBC,

		/** The application's Redis. */
		REDIS

	}

	public @Nullable Store getStore() {
		return this.store;
	}

	public void setStore(@Nullable Store store) {
		this.store = store;
	}

	public String getRedisKeyPrefix() {
		return this.redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public int getBuckets() {
		return this.buckets;
	}

	public void setBuckets(int buckets) {
		this.buckets = buckets;
	}

	/**
	 * The lease timings and buckets, checked.
	 * @return the options
	 */
	public ClusterOptions toOptions() {
		return new ClusterOptions(this.leaseTtl, this.renewInterval, this.buckets);
	}

	public Duration getLeaseTtl() {
		return this.leaseTtl;
	}

	public void setLeaseTtl(Duration leaseTtl) {
		this.leaseTtl = leaseTtl;
	}

	public Duration getRenewInterval() {
		return this.renewInterval;
	}

	public void setRenewInterval(Duration renewInterval) {
		this.renewInterval = renewInterval;
	}

	/**
	 * The instance id: the one set, or host name and process id, cut to 36 characters.
	 * @return the instance id
	 */
	public String resolveInstanceId() {
		if (this.instanceId != null && !this.instanceId.isBlank()) {
			return this.instanceId;
		}
		String host = System.getenv("HOSTNAME");
		if (host == null || host.isBlank()) {
			host = "instance";
		}
		String pid = "-" + ProcessHandle.current().pid();
		return host.substring(0, Math.min(host.length(), 36 - pid.length())) + pid;
	}

}
