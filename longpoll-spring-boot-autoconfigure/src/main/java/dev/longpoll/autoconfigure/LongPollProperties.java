package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;

import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.listener.ErrorPolicy;

/**
 * Configuration properties of long-poll listeners.
 */
@ConfigurationProperties("longpoll")
public class LongPollProperties {

	/**
	 * Whether long-poll listeners are enabled at all.
	 */
	private boolean enabled = true;

	/**
	 * Settings of every listener, unless the listener's own settings say otherwise.
	 */
	private final Listener defaults = new Listener();

	/**
	 * Settings of single listeners, by listener id; each key overrides the same key of
	 * 'longpoll.defaults'.
	 */
	private final Map<String, Listener> listeners = new LinkedHashMap<>();

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

	public Listener getDefaults() {
		return this.defaults;
	}

	public Map<String, Listener> getListeners() {
		return this.listeners;
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
		 * Table of the JDBC store.
		 */
		private String table = "longpoll_cursor";

		/**
		 * Whether the JDBC store creates its table (if missing) at startup.
		 */
		private boolean initializeSchema = true;

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
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

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
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
			JDBC

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
		 * How long an idle pooled connection is kept.
		 */
		private Duration maxIdleTime = Duration.ofSeconds(30);

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = maxConnections;
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
		 * Most handler calls waiting for a thread; past it a call fails and is retried
		 * with backoff.
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

	/**
	 * Settings of one listener.
	 */
	public static class Listener {

		/**
		 * URL to poll; the annotation's 'url' wins when it is set.
		 */
		private @Nullable String url;

		/**
		 * HTTP method of each poll.
		 */
		private HttpMethod method = HttpMethod.GET;

		/**
		 * Request body sent with each poll (for POST feeds).
		 */
		private @Nullable String body;

		/**
		 * Fixed request headers; values may hold placeholders such as 'Bearer ${TOKEN}'.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Client timeout: how long to wait for a whole response, body included. Must be
		 * longer than the server's hold.
		 */
		private Duration timeout = Duration.ofSeconds(35);

		/**
		 * TCP connect timeout.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * How long the server holds a poll when it has no events, if known; startup fails
		 * unless 'timeout' is longer.
		 */
		private @Nullable Duration hold;

		private final HoldHintProperties holdHint = new HoldHintProperties();

		/**
		 * Least time from the start of one poll to the start of the next when a poll
		 * brings no events, so a server that answers at once never causes a hot loop.
		 */
		private Duration minEmptyPollInterval = Duration.ofSeconds(1);

		/**
		 * Statuses that stop the listener (health DOWN, an ERROR log line, an application
		 * event).
		 */
		private List<Integer> fatalStatuses = new ArrayList<>(List.of(400, 401, 403, 404, 405, 410));

		/**
		 * Statuses after which the listener waits for the longer of Retry-After and its
		 * backoff.
		 */
		private List<Integer> throttleStatuses = new ArrayList<>(List.of(429, 503));

		/**
		 * Longest Retry-After honoured; longer values are cut to this.
		 */
		private Duration maxRetryAfter = Duration.ofMinutes(10);

		/**
		 * Largest response body accepted; a larger one is a failure, never an
		 * OutOfMemoryError.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(4);

		/**
		 * Whether 3xx redirects are followed.
		 */
		private boolean followRedirects = false;

		/**
		 * Name of the SSL bundle ('spring.ssl.bundle.*') to use for https.
		 */
		private @Nullable String sslBundle;

		/**
		 * JSON pointer of the payload in a wrapper body, for example '/events'; empty for
		 * the whole body.
		 */
		private @Nullable String payloadPointer;

		/**
		 * Whether the listener starts with the application; the annotation's
		 * 'autoStartup' wins when it is set.
		 */
		private boolean autoStartup = true;

		private final Backoff backoff = new Backoff();

		private final Cursor cursor = new Cursor();

		private final ErrorPolicyProperties errorPolicy = new ErrorPolicyProperties();

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public HttpMethod getMethod() {
			return this.method;
		}

		public void setMethod(HttpMethod method) {
			this.method = method;
		}

		public @Nullable String getBody() {
			return this.body;
		}

		public void setBody(@Nullable String body) {
			this.body = body;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getHold() {
			return this.hold;
		}

		public void setHold(@Nullable Duration hold) {
			this.hold = hold;
		}

		public HoldHintProperties getHoldHint() {
			return this.holdHint;
		}

		public Duration getMinEmptyPollInterval() {
			return this.minEmptyPollInterval;
		}

		public void setMinEmptyPollInterval(Duration minEmptyPollInterval) {
			this.minEmptyPollInterval = minEmptyPollInterval;
		}

		public List<Integer> getFatalStatuses() {
			return this.fatalStatuses;
		}

		public void setFatalStatuses(List<Integer> fatalStatuses) {
			this.fatalStatuses = fatalStatuses;
		}

		public List<Integer> getThrottleStatuses() {
			return this.throttleStatuses;
		}

		public void setThrottleStatuses(List<Integer> throttleStatuses) {
			this.throttleStatuses = throttleStatuses;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			this.maxBodySize = maxBodySize;
		}

		public boolean isFollowRedirects() {
			return this.followRedirects;
		}

		public void setFollowRedirects(boolean followRedirects) {
			this.followRedirects = followRedirects;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public @Nullable String getPayloadPointer() {
			return this.payloadPointer;
		}

		public void setPayloadPointer(@Nullable String payloadPointer) {
			this.payloadPointer = payloadPointer;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public Backoff getBackoff() {
			return this.backoff;
		}

		public Cursor getCursor() {
			return this.cursor;
		}

		public ErrorPolicyProperties getErrorPolicy() {
			return this.errorPolicy;
		}

	}

	/**
	 * A hold time sent as a query parameter.
	 */
	public static class HoldHintProperties {

		/**
		 * Query parameter that carries the hold, for example 'timeout' or 'wait'; no hint
		 * is sent when empty.
		 */
		private @Nullable String parameter;

		/**
		 * Hold to ask the server for; startup fails unless 'timeout' is longer than this
		 * plus 'jitter'.
		 */
		private Duration duration = Duration.ofSeconds(30);

		/**
		 * Random extra hold of up to this much per poll, so many listeners do not re-poll
		 * in lock step.
		 */
		private @Nullable Duration jitter;

		/**
		 * How the value is written: 'seconds' (30), 'millis' (30000) or 'unit-seconds'
		 * (30s).
		 */
		private HoldHint.Format format = HoldHint.Format.SECONDS;

		public @Nullable String getParameter() {
			return this.parameter;
		}

		public void setParameter(@Nullable String parameter) {
			this.parameter = parameter;
		}

		public Duration getDuration() {
			return this.duration;
		}

		public void setDuration(Duration duration) {
			this.duration = duration;
		}

		public @Nullable Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Duration jitter) {
			this.jitter = jitter;
		}

		public HoldHint.Format getFormat() {
			return this.format;
		}

		public void setFormat(HoldHint.Format format) {
			this.format = format;
		}

	}

	/**
	 * Exponential backoff with jitter after failures (Spring's ExponentialBackOff).
	 */
	public static class Backoff {

		/**
		 * Wait after the first failure.
		 */
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Factor applied to the wait after each further failure.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest wait between two attempts.
		 */
		private Duration maxInterval = Duration.ofMinutes(1);

		/**
		 * Random spread around each wait (scaled by the multiplier like the wait).
		 */
		private Duration jitter = Duration.ofMillis(500);

		/**
		 * Failures in a row after which the listener stops; unlimited when empty.
		 */
		private @Nullable Long maxAttempts;

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public @Nullable Long getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Long maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

	}

	/**
	 * What a listener does when its handler keeps failing on a response, or cannot decode
	 * it.
	 */
	public static class ErrorPolicyProperties {

		/**
		 * What to do once 'max-retries' are spent: 'retry' (for ever, never losing an
		 * event; health turns DOWN), 'skip', 'dead-letter' or 'stop'.
		 */
		private ErrorPolicy.Action action = ErrorPolicy.Action.RETRY;

		/**
		 * Retries with backoff before the action applies; not used by 'retry'.
		 */
		private int maxRetries = 3;

		public ErrorPolicy.Action getAction() {
			return this.action;
		}

		public void setAction(ErrorPolicy.Action action) {
			this.action = action;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

	}

	/**
	 * Where the cursor comes from and where it goes.
	 */
	public static class Cursor {

		/**
		 * Cursor of the first poll, when there is none yet.
		 */
		private @Nullable String initial;

		/**
		 * Response header that carries the next cursor, for example 'X-Consul-Index'.
		 */
		private @Nullable String fromHeader;

		/**
		 * JSON pointer of the next cursor in the body, for example '/last_event_id'.
		 */
		private @Nullable String fromBody;

		/**
		 * JSON pointer, inside the last element of the events array, of the next cursor,
		 * for example '/id'.
		 */
		private @Nullable String fromLastElement;

		/**
		 * Query parameter the cursor is sent in, for example 'last_event_id'.
		 */
		private @Nullable String queryParameter;

		/**
		 * Request header the cursor is sent in.
		 */
		private @Nullable String requestHeader;

		/**
		 * Whether each response's ETag is sent back as If-None-Match.
		 */
		private boolean etag = false;

		/**
		 * Whether each response's Last-Modified is sent back as If-Modified-Since.
		 */
		private boolean lastModified = false;

		/**
		 * Other response headers to send back on the next poll: response header name to
		 * request header name.
		 */
		private Map<String, String> echoHeaders = new LinkedHashMap<>();

		/**
		 * Statuses that mean the cursor expired.
		 */
		private List<Integer> goneStatuses = new ArrayList<>(List.of(410));

		/**
		 * What to do when the cursor expired: 'reset' to the initial cursor (a second
		 * expiry in a row stops the listener) or 'stop'.
		 */
		private CursorRecovery.OnGone onGone = CursorRecovery.OnGone.RESET;

		/**
		 * What to do when a numeric cursor goes backwards: 'reset' to the initial cursor,
		 * as Consul's blocking queries prescribe, or 'accept' it.
		 */
		private CursorRecovery.OnRegression onRegression = CursorRecovery.OnRegression.RESET;

		public List<Integer> getGoneStatuses() {
			return this.goneStatuses;
		}

		public void setGoneStatuses(List<Integer> goneStatuses) {
			this.goneStatuses = goneStatuses;
		}

		public CursorRecovery.OnGone getOnGone() {
			return this.onGone;
		}

		public void setOnGone(CursorRecovery.OnGone onGone) {
			this.onGone = onGone;
		}

		public CursorRecovery.OnRegression getOnRegression() {
			return this.onRegression;
		}

		public void setOnRegression(CursorRecovery.OnRegression onRegression) {
			this.onRegression = onRegression;
		}

		public @Nullable String getInitial() {
			return this.initial;
		}

		public void setInitial(@Nullable String initial) {
			this.initial = initial;
		}

		public @Nullable String getFromHeader() {
			return this.fromHeader;
		}

		public void setFromHeader(@Nullable String fromHeader) {
			this.fromHeader = fromHeader;
		}

		public @Nullable String getFromBody() {
			return this.fromBody;
		}

		public void setFromBody(@Nullable String fromBody) {
			this.fromBody = fromBody;
		}

		public @Nullable String getFromLastElement() {
			return this.fromLastElement;
		}

		public void setFromLastElement(@Nullable String fromLastElement) {
			this.fromLastElement = fromLastElement;
		}

		public @Nullable String getQueryParameter() {
			return this.queryParameter;
		}

		public void setQueryParameter(@Nullable String queryParameter) {
			this.queryParameter = queryParameter;
		}

		public @Nullable String getRequestHeader() {
			return this.requestHeader;
		}

		public void setRequestHeader(@Nullable String requestHeader) {
			this.requestHeader = requestHeader;
		}

		public boolean isEtag() {
			return this.etag;
		}

		public void setEtag(boolean etag) {
			this.etag = etag;
		}

		public boolean isLastModified() {
			return this.lastModified;
		}

		public void setLastModified(boolean lastModified) {
			this.lastModified = lastModified;
		}

		public Map<String, String> getEchoHeaders() {
			return this.echoHeaders;
		}

		public void setEchoHeaders(Map<String, String> echoHeaders) {
			this.echoHeaders = echoHeaders;
		}

	}

}
