package dev.longpoll.endpoint;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

import dev.longpoll.client.ClientOptions;
import dev.longpoll.client.HttpProtocol;
import dev.longpoll.cursor.CursorOptions;
import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.CursorStrategy;
import dev.longpoll.cursor.DeclarativeCursorStrategy;
import dev.longpoll.cursor.HeaderEcho;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.handler.DeadLetterHandler;
import dev.longpoll.handler.ErrorPolicy;
import dev.longpoll.handler.LongPollHandler;
import dev.longpoll.handler.PayloadSelector;

/**
 * What one long-poll listener polls and who handles the events; how its loop behaves is
 * in {@link #options()}. Build one with {@link #builder(String)}, which starts from
 * {@link LongPollDefaults} and checks the result, or from properties with a
 * {@link LongPollEndpointFactory}.
 *
 * @param id the listener id
 * @param source where it was declared, for error messages
 * @param url the URL to poll
 * @param method the HTTP method
 * @param body the request body, or {@code null}
 * @param headers fixed request headers
 * @param payload selects the events in a body
 * @param cursor where the cursor comes from, goes to and is kept
 * @param handler handles the events
 * @param autoStartup whether the listener starts with the application
 * @param options how the loop behaves
 */
public record LongPollEndpoint(String id, String source, String url, HttpMethod method, @Nullable String body,
		HttpHeaders headers, PayloadSelector payload, CursorOptions cursor, LongPollHandler handler,
		boolean autoStartup, LongPollOptions options) {

	private static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]*");

	/**
	 * Start building an endpoint.
	 * @param id the listener id: lowercase letters, digits and '-'
	 * @return a builder holding the {@link LongPollDefaults}
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/**
	 * Check that an id can name a listener and its properties.
	 * @param id the id
	 * @throws IllegalArgumentException if it cannot
	 */
	public static void validateId(@Nullable String id) {
		Assert.isTrue(id != null && ID_PATTERN.matcher(id).matches(), () -> "Listener id '" + id
				+ "' is not valid: use lowercase letters, digits and '-' so that it can be configured under"
				+ " 'longpoll.listeners.<id>'");
	}

	/**
	 * Builder of {@link LongPollEndpoint}; every setting starts at its
	 * {@link LongPollDefaults default}.
	 */
	public static final class Builder {

		private final String id;

		private String source;

		private @Nullable String url;

		private HttpMethod method = LongPollDefaults.METHOD;

		private @Nullable String body;

		private final HttpHeaders headers = new HttpHeaders();

		private Duration timeout = LongPollDefaults.TIMEOUT;

		private @Nullable Duration hold;

		private @Nullable HoldHint holdHint;

		private boolean serverEndsHold = LongPollDefaults.SERVER_ENDS_HOLD;

		private ClientOptions clientOptions = new ClientOptions(LongPollDefaults.CONNECT_TIMEOUT, null,
				LongPollDefaults.FOLLOW_REDIRECTS);

		private int maxBodySize = (int) LongPollDefaults.MAX_BODY_SIZE.toBytes();

		private Duration minEmptyPollInterval = LongPollDefaults.MIN_EMPTY_POLL_INTERVAL;

		private ResponseStatuses statuses = ResponseStatuses.defaults();

		private BackOff backOff = LongPollDefaults.backOff();

		private CursorStrategy cursorStrategy = CursorStrategy.none();

		private HeaderEcho headerEcho = HeaderEcho.none();

		private @Nullable String initialCursor;

		private CursorStore cursorStore = new InMemoryCursorStore();

		private CursorRecovery cursorRecovery = new CursorRecovery(LongPollDefaults.GONE_STATUSES, null,
				LongPollDefaults.ON_GONE, LongPollDefaults.ON_REGRESSION);

		private boolean idleWhenUnchanged = LongPollDefaults.IDLE_WHEN_UNCHANGED;

		private ErrorPolicy errorPolicy = ErrorPolicy.retryForever();

		private @Nullable DeadLetterHandler deadLetterHandler;

		private PayloadSelector payload = new PayloadSelector(null, JsonMapper.shared());

		private boolean autoStartup = LongPollDefaults.AUTO_STARTUP;

		private int prefetch = LongPollDefaults.PREFETCH;

		private @Nullable LongPollHandler handler;

		private Builder(String id) {
			validateId(id);
			this.id = id;
			this.source = "listener '" + id + "'";
		}

		public String id() {
			return this.id;
		}

		/**
		 * Where the listener was declared, named in every error message.
		 * @param source for example {@code @LongPollListener method 'on' on bean 'orders'}
		 * @return this builder
		 */
		public Builder source(String source) {
			this.source = source;
			return this;
		}

		public Builder url(String url) {
			this.url = url;
			return this;
		}

		public Builder method(HttpMethod method) {
			this.method = method;
			return this;
		}

		public Builder body(@Nullable String body) {
			this.body = body;
			return this;
		}

		public Builder header(String name, String value) {
			this.headers.set(name, value);
			return this;
		}

		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		public Builder hold(@Nullable Duration hold) {
			this.hold = hold;
			return this;
		}

		public Builder holdHint(@Nullable HoldHint holdHint) {
			this.holdHint = holdHint;
			return this;
		}

		/**
		 * Whether the server ends a hold that brought nothing by itself (with an empty
		 * answer or an idle status); when {@code false}, a client timeout before any
		 * response is an idle hold, not a failure.
		 * @param serverEndsHold whether the server ends its holds
		 * @return this builder
		 */
		public Builder serverEndsHold(boolean serverEndsHold) {
			this.serverEndsHold = serverEndsHold;
			return this;
		}

		public Builder clientOptions(ClientOptions clientOptions) {
			this.clientOptions = clientOptions;
			return this;
		}

		public Builder maxBodySize(int maxBodySize) {
			this.maxBodySize = maxBodySize;
			return this;
		}

		public Builder minEmptyPollInterval(Duration minEmptyPollInterval) {
			this.minEmptyPollInterval = minEmptyPollInterval;
			return this;
		}

		public Builder statuses(ResponseStatuses statuses) {
			this.statuses = statuses;
			return this;
		}

		public Builder idleStatuses(Set<Integer> idleStatuses) {
			ResponseStatuses s = this.statuses;
			this.statuses = new ResponseStatuses(Set.copyOf(idleStatuses), s.fatal(), s.throttle(), s.maxRetryAfter());
			return this;
		}

		public Builder fatalStatuses(Set<Integer> fatalStatuses) {
			ResponseStatuses s = this.statuses;
			this.statuses = new ResponseStatuses(s.idle(), Set.copyOf(fatalStatuses), s.throttle(), s.maxRetryAfter());
			return this;
		}

		public Builder throttleStatuses(Set<Integer> throttleStatuses) {
			ResponseStatuses s = this.statuses;
			this.statuses = new ResponseStatuses(s.idle(), s.fatal(), Set.copyOf(throttleStatuses), s.maxRetryAfter());
			return this;
		}

		public Builder maxRetryAfter(Duration maxRetryAfter) {
			ResponseStatuses s = this.statuses;
			this.statuses = new ResponseStatuses(s.idle(), s.fatal(), s.throttle(), maxRetryAfter);
			return this;
		}

		public Builder backOff(BackOff backOff) {
			this.backOff = backOff;
			return this;
		}

		public Builder cursorStrategy(CursorStrategy cursorStrategy) {
			this.cursorStrategy = cursorStrategy;
			return this;
		}

		public Builder headerEcho(HeaderEcho headerEcho) {
			this.headerEcho = headerEcho;
			return this;
		}

		public Builder initialCursor(@Nullable String initialCursor) {
			this.initialCursor = initialCursor;
			return this;
		}

		public Builder cursorStore(CursorStore cursorStore) {
			this.cursorStore = cursorStore;
			return this;
		}

		public Builder cursorRecovery(CursorRecovery cursorRecovery) {
			this.cursorRecovery = cursorRecovery;
			return this;
		}

		/**
		 * Whether a response whose cursor equals the current one is an idle hold rather
		 * than events, for servers that repeat their state when nothing changed.
		 * @param idleWhenUnchanged whether an unchanged cursor means nothing new
		 * @return this builder
		 */
		public Builder idleWhenUnchanged(boolean idleWhenUnchanged) {
			this.idleWhenUnchanged = idleWhenUnchanged;
			return this;
		}

		public Builder errorPolicy(ErrorPolicy errorPolicy) {
			this.errorPolicy = errorPolicy;
			return this;
		}

		public Builder deadLetterHandler(@Nullable DeadLetterHandler deadLetterHandler) {
			this.deadLetterHandler = deadLetterHandler;
			return this;
		}

		/**
		 * The payload selector set so far, for handlers that decode payloads.
		 * @return the selector
		 */
		public PayloadSelector payload() {
			return this.payload;
		}

		public Builder payload(PayloadSelector payload) {
			this.payload = payload;
			return this;
		}

		/**
		 * How many polls may be sent ahead, with the cursor of the response in hand, while
		 * the handler works on it: {@code 0} or {@code 1}. Events are still delivered in
		 * order and only after the earlier ones were handled and committed; but a server
		 * that takes a request with a cursor as an acknowledgement (Telegram's
		 * {@code getUpdates} offset) would count the events as delivered before they are.
		 * @param prefetch {@code 0} or {@code 1}
		 * @return this builder
		 */
		public Builder prefetch(int prefetch) {
			this.prefetch = prefetch;
			return this;
		}

		public Builder autoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
			return this;
		}

		public Builder handler(LongPollHandler handler) {
			this.handler = handler;
			return this;
		}

		/**
		 * Check the settings and build the endpoint.
		 * @return the endpoint
		 * @throws ListenerConfigurationException naming the listener and the setting to
		 * change, if the URL is missing or not an absolute http(s) URL, there is no
		 * handler, the cursor is read but never sent (or the reverse), the dead-letter
		 * policy has no handler, or the timeout is not longer than the hold
		 */
		public LongPollEndpoint build() {
			String prefix = "'longpoll.listeners." + this.id + ".";
			String url = this.url;
			check(url != null && !url.isBlank(), "no URL", "set the annotation's 'url' or " + prefix + "url'");
			validateUrl(url, prefix);
			LongPollHandler handler = this.handler;
			check(handler != null, "no handler", "give the endpoint a handler");
			validateCursor(prefix);
			check(this.errorPolicy.action() != ErrorPolicy.Action.DEAD_LETTER || this.deadLetterHandler != null,
					"the error policy is 'dead-letter' but there is no DeadLetterHandler bean",
					"declare one or choose another " + prefix + "error-policy.action'");
			LongPollOptions options = new LongPollOptions(this.timeout, this.hold, this.holdHint, this.serverEndsHold,
					this.clientOptions, this.maxBodySize, this.minEmptyPollInterval, this.statuses, this.backOff,
					this.errorPolicy, this.deadLetterHandler, this.prefetch);
			Duration hold = options.longestHold();
			check(this.prefetch == 0 || this.prefetch == 1, "'prefetch' (" + this.prefetch + ") must be 0 or 1",
					"set " + prefix + "prefetch' to 0 (the default) or 1");
			check(hold == null || this.timeout.compareTo(hold) > 0,
					"'timeout' (" + this.timeout + ") must be longer than the server hold (" + hold + ")",
					"raise " + prefix + "timeout' or lower the hold");
			CursorOptions cursor = new CursorOptions(this.cursorStrategy, this.headerEcho, this.initialCursor,
					this.cursorStore, this.cursorRecovery, this.idleWhenUnchanged);
			return new LongPollEndpoint(this.id, this.source, url, this.method, this.body,
					HttpHeaders.copyOf(this.headers), this.payload, cursor, handler, this.autoStartup, options);
		}

		private void check(boolean valid, String problem, String action) {
			if (!valid) {
				throw new ListenerConfigurationException(this.source, problem, action);
			}
		}

		private void validateUrl(String url, String prefix) {
			URI uri;
			try {
				uri = URI.create(url);
			}
			catch (IllegalArgumentException ex) {
				throw new ListenerConfigurationException(this.source,
						"the URL '" + url + "' is not valid (" + ex.getMessage() + ")",
						"fix the annotation's 'url' or " + prefix + "url'", ex);
			}
			boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
			check(http && uri.getHost() != null, "the URL '" + url + "' is not an absolute http or https URL with a host",
					"write it like 'https://feeds.example.com/events'");
			HttpProtocol protocol = this.clientOptions.protocol();
			boolean secure = "https".equalsIgnoreCase(uri.getScheme());
			check(protocol != HttpProtocol.H2C || !secure,
					"protocol 'h2c' is cleartext HTTP/2 but the URL '" + url + "' is https",
					"set " + prefix + "protocol' to 'h2' for HTTP/2 over TLS, or use an http URL");
			check(protocol != HttpProtocol.H2 || secure,
					"protocol 'h2' is HTTP/2 over TLS but the URL '" + url + "' is http",
					"set " + prefix + "protocol' to 'h2c' for cleartext HTTP/2, or use an https URL");
		}

		private void validateCursor(String prefix) {
			if (!(this.cursorStrategy instanceof DeclarativeCursorStrategy declarative)) {
				return;
			}
			boolean read = !declarative.source().isEmpty();
			boolean sent = !declarative.target().isEmpty();
			check(read == sent, "the cursor is " + (read ? "read" : "sent") + " but never " + (read ? "sent" : "read"),
					"set " + (read ? prefix + "cursor.query-parameter' or 'cursor.request-header'"
							: prefix + "cursor.from-body', 'cursor.from-last-element' or 'cursor.from-header'"));
		}

	}

}
