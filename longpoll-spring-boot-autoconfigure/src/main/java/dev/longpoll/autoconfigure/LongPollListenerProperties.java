package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.http.HttpMethod;
import org.springframework.util.unit.DataSize;


import dev.longpoll.client.HttpProtocol;
import dev.longpoll.client.ProxyOptions;
import dev.longpoll.endpoint.HoldHint;
import dev.longpoll.endpoint.LongPollDefaults;
import dev.longpoll.handler.ErrorPolicy;

/**
 * Settings of one listener.
 */
public class LongPollListenerProperties {

	/**
	 * URL to poll; the annotation's 'url' wins when it is set.
	 */
	private @Nullable String url;

	/**
	 * HTTP method of each poll.
	 */
	private HttpMethod method = LongPollDefaults.METHOD;

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
	private Duration timeout = LongPollDefaults.TIMEOUT;

	/**
	 * TCP connect timeout.
	 */
	private Duration connectTimeout = LongPollDefaults.CONNECT_TIMEOUT;

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
	private Duration minEmptyPollInterval = LongPollDefaults.MIN_EMPTY_POLL_INTERVAL;

	/**
	 * Statuses with which the server ends a hold that brought nothing new (not a failure:
	 * the listener polls again at once, paced by 'min-empty-poll-interval').
	 */
	private List<Integer> idleStatuses = sorted(LongPollDefaults.IDLE_STATUSES);

	/**
	 * Whether the server ends a hold that brought nothing by itself (with an empty answer
	 * or an idle status). When false, a client timeout before any response is an idle
	 * hold, not a failure.
	 */
	private boolean serverEndsHold = LongPollDefaults.SERVER_ENDS_HOLD;

	/**
	 * Statuses that stop the listener (health DOWN, an ERROR log line, an application
	 * event). A cursor-expired status ('cursor.gone-statuses') is handled first.
	 */
	private List<Integer> fatalStatuses = sorted(LongPollDefaults.FATAL_STATUSES);

	/**
	 * Statuses after which the listener waits for the longer of Retry-After and its
	 * backoff.
	 */
	private List<Integer> throttleStatuses = sorted(LongPollDefaults.THROTTLE_STATUSES);

	/**
	 * Longest Retry-After honoured; longer values are cut to this.
	 */
	private Duration maxRetryAfter = LongPollDefaults.MAX_RETRY_AFTER;

	/**
	 * Largest response body accepted; a larger one is a failure, never an
	 * OutOfMemoryError.
	 */
	private DataSize maxBodySize = LongPollDefaults.MAX_BODY_SIZE;

	/**
	 * Whether 3xx redirects are followed.
	 */
	private boolean followRedirects = LongPollDefaults.FOLLOW_REDIRECTS;

	/**
	 * Name of the SSL bundle ('spring.ssl.bundle.*') to use for https.
	 */
	private @Nullable String sslBundle;

	/**
	 * HTTP version: 'http1', 'h2c' (cleartext HTTP/2 with prior knowledge, http URLs) or
	 * 'h2' (HTTP/2 over TLS, https URLs). 'longpoll.http.protocol' when not set.
	 */
	private @Nullable HttpProtocol protocol;

	/**
	 * JSON pointer of the payload in a wrapper body, for example '/events'; empty for
	 * the whole body.
	 */
	private @Nullable String payloadPointer;

	/**
	 * How many polls are sent ahead, with the cursor of the response in hand, while the
	 * handler works on it: 0 or 1. Events still come in order, each after the earlier
	 * ones were handled and committed; leave it at 0 for servers that take a cursor as an
	 * acknowledgement (Telegram's getUpdates offset).
	 */
	private int prefetch = LongPollDefaults.PREFETCH;

	/**
	 * Whether the listener starts with the application; the annotation's
	 * 'autoStartup' wins when it is set.
	 */
	private boolean autoStartup = LongPollDefaults.AUTO_STARTUP;

	private final ProxyProperties proxy = new ProxyProperties();

	@NestedConfigurationProperty
	private final LongPollBackoffProperties backoff = new LongPollBackoffProperties();

	@NestedConfigurationProperty
	private final LongPollCursorProperties cursor = new LongPollCursorProperties();

	private final ErrorPolicyProperties errorPolicy = new ErrorPolicyProperties();

	static List<Integer> sorted(Set<Integer> statuses) {
		return new ArrayList<>(new TreeSet<>(statuses));
	}

	/**
	 * A deep copy, to bind a listener's own section over without touching these settings:
	 * the nested settings, maps and lists are copies too, the values (strings, durations,
	 * enums...) are immutable and shared.
	 * @return the copy
	 */
	LongPollListenerProperties copy() {
		LongPollListenerProperties copy = new LongPollListenerProperties();
		copy.url = this.url;
		copy.method = this.method;
		copy.body = this.body;
		copy.headers = new LinkedHashMap<>(this.headers);
		copy.timeout = this.timeout;
		copy.connectTimeout = this.connectTimeout;
		copy.hold = this.hold;
		this.holdHint.copyTo(copy.holdHint);
		copy.minEmptyPollInterval = this.minEmptyPollInterval;
		copy.idleStatuses = new ArrayList<>(this.idleStatuses);
		copy.serverEndsHold = this.serverEndsHold;
		copy.fatalStatuses = new ArrayList<>(this.fatalStatuses);
		copy.throttleStatuses = new ArrayList<>(this.throttleStatuses);
		copy.maxRetryAfter = this.maxRetryAfter;
		copy.maxBodySize = this.maxBodySize;
		copy.followRedirects = this.followRedirects;
		copy.sslBundle = this.sslBundle;
		copy.protocol = this.protocol;
		copy.payloadPointer = this.payloadPointer;
		copy.prefetch = this.prefetch;
		copy.autoStartup = this.autoStartup;
		this.proxy.copyTo(copy.proxy);
		this.backoff.copyTo(copy.backoff);
		this.cursor.copyTo(copy.cursor);
		this.errorPolicy.copyTo(copy.errorPolicy);
		return copy;
	}

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

	public List<Integer> getIdleStatuses() {
		return this.idleStatuses;
	}

	public void setIdleStatuses(List<Integer> idleStatuses) {
		this.idleStatuses = idleStatuses;
	}

	public boolean isServerEndsHold() {
		return this.serverEndsHold;
	}

	public void setServerEndsHold(boolean serverEndsHold) {
		this.serverEndsHold = serverEndsHold;
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

	public @Nullable HttpProtocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(@Nullable HttpProtocol protocol) {
		this.protocol = protocol;
	}

	public @Nullable String getPayloadPointer() {
		return this.payloadPointer;
	}

	public void setPayloadPointer(@Nullable String payloadPointer) {
		this.payloadPointer = payloadPointer;
	}

	public int getPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(int prefetch) {
		this.prefetch = prefetch;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	public ProxyProperties getProxy() {
		return this.proxy;
	}

	public LongPollBackoffProperties getBackoff() {
		return this.backoff;
	}

	public LongPollCursorProperties getCursor() {
		return this.cursor;
	}

	public ErrorPolicyProperties getErrorPolicy() {
		return this.errorPolicy;
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
		private Duration duration = LongPollDefaults.HOLD_HINT_DURATION;

		/**
		 * Random extra hold of up to this much per poll, so many listeners do not re-poll
		 * in lock step.
		 */
		private @Nullable Duration jitter;

		/**
		 * How the value is written: 'seconds' (30), 'millis' (30000) or 'unit-seconds'
		 * (30s).
		 */
		private HoldHint.Format format = LongPollDefaults.HOLD_HINT_FORMAT;

		void copyTo(HoldHintProperties target) {
			target.parameter = this.parameter;
			target.duration = this.duration;
			target.jitter = this.jitter;
			target.format = this.format;
		}

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
	 * What a listener does when its handler keeps failing on a response, or cannot decode
	 * it.
	 */
	public static class ErrorPolicyProperties {

		/**
		 * What to do once 'max-retries' are spent: 'retry' (for ever, never losing an
		 * event; health turns DOWN), 'skip', 'dead-letter' or 'stop'.
		 */
		private ErrorPolicy.Action action = LongPollDefaults.ERROR_POLICY_ACTION;

		/**
		 * Retries with backoff before the action applies; not used by 'retry'.
		 */
		private int maxRetries = LongPollDefaults.ERROR_POLICY_MAX_RETRIES;

		void copyTo(ErrorPolicyProperties target) {
			target.action = this.action;
			target.maxRetries = this.maxRetries;
		}

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
	 * The proxy long polls go through.
	 */
	public static class ProxyProperties {

		/**
		 * Proxy type: 'system' (the JVM's http.proxyHost, https.proxyHost, socksProxyHost...
		 * properties; no proxy when none is set), 'none', 'http', 'socks4' or 'socks5'.
		 */
		private ProxyOptions.Type type = ProxyOptions.Type.SYSTEM;

		/**
		 * Proxy host, for 'http' and the SOCKS types.
		 */
		private @Nullable String host;

		/**
		 * Proxy port.
		 */
		private @Nullable Integer port;

		/**
		 * User the proxy knows the application by.
		 */
		private @Nullable String username;

		/**
		 * Password of that user; sent to the proxy only, never logged or shown.
		 */
		private @Nullable String password;

		/**
		 * Hosts reached directly, in the JVM's syntax: 'localhost|*.internal'.
		 */
		private @Nullable String nonProxyHosts;

		void copyTo(ProxyProperties target) {
			target.type = this.type;
			target.host = this.host;
			target.port = this.port;
			target.username = this.username;
			target.password = this.password;
			target.nonProxyHosts = this.nonProxyHosts;
		}

		public ProxyOptions.Type getType() {
			return this.type;
		}

		public void setType(ProxyOptions.Type type) {
			this.type = type;
		}

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable String getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(@Nullable String nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

	}

}
