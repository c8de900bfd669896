package dev.longpoll.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import dev.longpoll.client.ClientEngine;
import dev.longpoll.client.HttpProtocol;
import dev.longpoll.cursor.JdbcCursorStore;


/**
 * Configuration properties of long-poll listeners.
 * <p>
 * The settings of single listeners, {@code longpoll.listeners.<id>.*}, are not bound
 * here: binding thousands of them as a map takes time in proportion to the square of
 * their number. {@link PropertiesLongPollEndpointFactory} binds each listener's section
 * over a copy of {@link #getDefaults() the defaults} when it creates that listener.
 */
@ConfigurationProperties("longpoll")
public class LongPollProperties {

	/**
	 * Whether long-poll listeners are enabled at all.
	 */
	private boolean enabled = true;

	/**
	 * Whether the registry keeps the JVM alive while it runs listeners, so that a service
	 * without a web server keeps consuming until it is stopped.
	 */
	private boolean keepAlive = true;

	/**
	 * Settings of every listener, unless the listener's own settings say otherwise.
	 */
	@NestedConfigurationProperty
	private final LongPollListenerProperties defaults = new LongPollListenerProperties();

	/**
	 * How long stopping (a listener, or the application) waits for handler calls in
	 * progress before cancelling them. Defaults to
	 * 'spring.lifecycle.timeout-per-shutdown-phase' (30s unless set) less one second.
	 */
	private @Nullable Duration shutdownTimeout;

	private final CursorStore cursorStore = new CursorStore();

	private final Http http = new Http();

	private final Handler handler = new Handler();

	private final Logging logging = new Logging();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public LongPollListenerProperties getDefaults() {
		return this.defaults;
	}

	public @Nullable Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(@Nullable Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public CursorStore getCursorStore() {
		return this.cursorStore;
	}

	public Http getHttp() {
		return this.http;
	}

	public Handler getHandler() {
		return this.handler;
	}

	public Logging getLogging() {
		return this.logging;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * Where committed cursors are kept.
	 */
	public static class CursorStore {

		/**
		 * Store type: 'memory' (lost on restart), 'file' (one file per listener) or 'jdbc'
		 * (a table in the application's DataSource).
		 */
		private Type type = Type.MEMORY;

		/**
		 * Directory of the file store.
		 */
		private String directory = "longpoll-cursors";

		/**
		 * Prefix of the Redis store's keys (one per listener).
		 */
		private String redisKeyPrefix = "longpoll:cursor:";

		/**
		 * Table of the JDBC store.
		 */
		private String table = JdbcCursorStore.DEFAULT_TABLE;

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public String getRedisKeyPrefix() {
			return this.redisKeyPrefix;
		}

		public void setRedisKeyPrefix(String redisKeyPrefix) {
			this.redisKeyPrefix = redisKeyPrefix;
		}

		public String getDirectory() {
			return this.directory;
		}

		public void setDirectory(String directory) {
			this.directory = directory;
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		/**
		 * Kinds of cursor store.
		 */
		public enum Type {

			/** In memory: survives a listener's restart, not the application's. */
			MEMORY,

			/** Files in a directory, written atomically. */
			FILE,

			/** A table in the application's DataSource. */
			JDBC,

			/** Keys in the application's Redis. */
			REDIS

		}

	}

	/**
	 * When a listener's health turns DOWN.
	 */
	public static class Health {

		/**
		 * Consecutive failures from which a running listener is DOWN.
		 */
		private int failureThreshold = 5;

		/**
		 * A running listener is DOWN when no poll has ended for this many client timeouts.
		 */
		private double stallTimeoutMultiplier = 3;

		public int getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(int failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public double getStallTimeoutMultiplier() {
			return this.stallTimeoutMultiplier;
		}

		public void setStallTimeoutMultiplier(double stallTimeoutMultiplier) {
			this.stallTimeoutMultiplier = stallTimeoutMultiplier;
		}

	}

	/**
	 * The HTTP connection pool dedicated to long polls.
	 */
	public static class Http {

		/**
		 * Most connections to one host; keep it at least the number of listeners polling
		 * that host, so no poll waits for another's connection.
		 */
		private int maxConnections = 10_000;

		/**
		 * Most polls waiting for a connection to one host when 'max-connections' are all
		 * in use; past it a poll fails at once and backs off like a refused connection.
		 * Twice 'max-connections' when not set.
		 */
		private @Nullable Integer maxPendingAcquires;

		/**
		 * How long an idle pooled connection is kept (HTTP/1.1).
		 */
		private Duration maxIdleTime = Duration.ofSeconds(30);

		/**
		 * HTTP version of every listener that does not set its own 'protocol': 'http1',
		 * 'h2c' (cleartext HTTP/2 with prior knowledge) or 'h2' (HTTP/2 over TLS with
		 * ALPN). Over HTTP/2, listeners polling one host share a few connections.
		 */
		private HttpProtocol protocol = HttpProtocol.HTTP1;

		/**
		 * What sends polls: 'auto' (Reactor Netty's HttpClient directly, unless the
		 * application's WebClient.Builder adds something to requests: a filter, default
		 * headers or cookies, a default request, an API version or an observation
		 * registry), 'webclient' (Spring's WebClient from that builder, always) or
		 * 'reactor-netty' (directly, always, without what the builder adds).
		 */
		private ClientEngine client = ClientEngine.AUTO;

		@NestedConfigurationProperty
		private final LongPollHttp2Properties h2 = new LongPollHttp2Properties();

		public HttpProtocol getProtocol() {
			return this.protocol;
		}

		public void setProtocol(HttpProtocol protocol) {
			this.protocol = protocol;
		}

		public ClientEngine getClient() {
			return this.client;
		}

		public void setClient(ClientEngine client) {
			this.client = client;
		}

		public LongPollHttp2Properties getH2() {
			return this.h2;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
		}

		public @Nullable Integer getMaxPendingAcquires() {
			return this.maxPendingAcquires;
		}

		public void setMaxPendingAcquires(@Nullable Integer maxPendingAcquires) {
			this.maxPendingAcquires = maxPendingAcquires;
		}

		/**
		 * The bound on polls waiting for a connection to one host.
		 * @return 'max-pending-acquires', or twice 'max-connections' when not set
		 */
		public int determineMaxPendingAcquires() {
			return (this.maxPendingAcquires != null) ? this.maxPendingAcquires : 2 * this.maxConnections;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

	}

	/**
	 * The bounded scheduler that listener methods run on (virtual threads when
	 * 'spring.threads.virtual.enabled' is true on Java 21+).
	 */
	public static class Handler {

		/**
		 * Most handler calls running at once, across all listeners.
		 */
		private int maxThreads = Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE;

		/**
		 * Most handler calls waiting for a thread; past it a call waits for room
		 * (back-pressure, not a handler failure).
		 */
		private int queueCapacity = Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE;

		public int getMaxThreads() {
			return this.maxThreads;
		}

		public void setMaxThreads(int maxThreads) {
			this.maxThreads = maxThreads;
		}

		public int getQueueCapacity() {
			return this.queueCapacity;
		}

		public void setQueueCapacity(int queueCapacity) {
			this.queueCapacity = queueCapacity;
		}

	}

	/**
	 * Logging of failures.
	 */
	public static class Logging {

		/**
		 * Least time between two log lines about the same failure streak of a listener.
		 */
		private Duration failureSummaryInterval = Duration.ofMinutes(1);

		public Duration getFailureSummaryInterval() {
			return this.failureSummaryInterval;
		}

		public void setFailureSummaryInterval(Duration failureSummaryInterval) {
			this.failureSummaryInterval = failureSummaryInterval;
		}

	}

}
