package dev.longpoll.endpoint;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.longpoll.client.ClientOptions;
import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.CursorStrategy;
import dev.longpoll.cursor.HeaderEcho;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.listener.DeadLetterHandler;
import dev.longpoll.listener.ErrorPolicy;
import dev.longpoll.listener.LongPollHandler;
import dev.longpoll.listener.PayloadSelector;

/**
 * Everything one long-poll listener needs: what to poll, how, and who handles the events.
 * Build one with {@link #builder(String)} (defaults as documented for
 * {@code longpoll.defaults.*}) or from properties with {@link LongPollEndpointFactory}.
 *
 * @param id the listener id
 * @param source where it was declared, for error messages
 * @param url the URL to poll
 * @param method the HTTP method
 * @param body the request body, or {@code null}
 * @param headers fixed request headers
 * @param timeout how long to wait for a whole response
 * @param hold the hold the server is known to use, or {@code null}
 * @param holdHint the hold sent as a query parameter, or {@code null}
 * @param clientOptions connection options
 * @param maxBodySize the largest accepted body, in bytes
 * @param minEmptyPollInterval the least time from one poll's start to the next when no
 * events came back
 * @param fatalStatuses statuses that stop the listener
 * @param throttleStatuses statuses whose {@code Retry-After} is honoured
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 * @param backOff the backoff after failures
 * @param cursorStrategy where the cursor comes from and goes to
 * @param headerEcho response headers echoed on the next request
 * @param initialCursor the cursor of the first poll, or {@code null}
 * @param cursorStore where committed cursors are kept
 * @param cursorRecovery what to do when the cursor expires or goes backwards
 * @param errorPolicy what to do when the handler keeps failing
 * @param deadLetterHandler takes failed responses under the dead-letter policy, or
 * {@code null}
 * @param payload selects the payload in a body
 * @param autoStartup whether the listener starts with the context
 * @param handler handles the events
 */
public record LongPollEndpoint(String id, String source, String url, HttpMethod method, @Nullable String body,
		HttpHeaders headers, Duration timeout, @Nullable Duration hold, @Nullable HoldHint holdHint,
		ClientOptions clientOptions, int maxBodySize, Duration minEmptyPollInterval, Set<Integer> fatalStatuses,
		Set<Integer> throttleStatuses, Duration maxRetryAfter, BackOff backOff, CursorStrategy cursorStrategy,
		HeaderEcho headerEcho, @Nullable String initialCursor, CursorStore cursorStore,
		CursorRecovery cursorRecovery, ErrorPolicy errorPolicy, @Nullable DeadLetterHandler deadLetterHandler,
		PayloadSelector payload, boolean autoStartup, LongPollHandler handler) {

	private static final Pattern ID_PATTERN = Pattern.compile("[a-z0-9][a-z0-9-]*");

	/**
	 * Start building an endpoint.
	 * @param id the listener id: lowercase letters, digits and '-'
	 * @return a builder with the documented defaults
	 */
	public static Builder builder(String id) {
		return new Builder(id);
	}

	/**
	 * Check that an id can name a listener and its properties.
	 * @param id the id
	 * @throws IllegalArgumentException if it cannot
	 */
	public static void validateId(String id) {
		Assert.isTrue(id != null && ID_PATTERN.matcher(id).matches(), () -> "Listener id '" + id
				+ "' is not valid: use lowercase letters, digits and '-' so that it can be configured under"
				+ " 'longpoll.listeners.<id>'");
	}

	/**
	 * Builder of {@link LongPollEndpoint}.
	 */
	public static final class Builder {

		private final String id;

		private String source;

		private @Nullable String url;

		private HttpMethod method = HttpMethod.GET;

		private @Nullable String body;

		private HttpHeaders headers = new HttpHeaders();

		private Duration timeout = Duration.ofSeconds(35);

		private @Nullable Duration hold;

		private @Nullable HoldHint holdHint;

		private ClientOptions clientOptions = new ClientOptions(Duration.ofSeconds(5), null, false);

		private int maxBodySize = 4 * 1024 * 1024;

		private Duration minEmptyPollInterval = Duration.ofSeconds(1);

		private Set<Integer> fatalStatuses = Set.of(400, 401, 403, 404, 405, 410);

		private Set<Integer> throttleStatuses = Set.of(429, 503);

		private Duration maxRetryAfter = Duration.ofMinutes(10);

		private BackOff backOff = defaultBackOff();

		private CursorStrategy cursorStrategy = CursorStrategy.none();

		private HeaderEcho headerEcho = HeaderEcho.none();

		private @Nullable String initialCursor;

		private CursorStore cursorStore = new InMemoryCursorStore();

		private CursorRecovery cursorRecovery = CursorRecovery.defaults();

		private ErrorPolicy errorPolicy = ErrorPolicy.retryForever();

		private @Nullable DeadLetterHandler deadLetterHandler;

		private PayloadSelector payload = new PayloadSelector(null, JsonMapper.shared());

		private boolean autoStartup = true;

		private @Nullable LongPollHandler handler;

		private Builder(String id) {
			validateId(id);
			this.id = id;
			this.source = "listener '" + id + "'";
		}

		private static BackOff defaultBackOff() {
			ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
			backOff.setMaxInterval(60_000);
			backOff.setJitter(500);
			return backOff;
		}

		public String id() {
			return this.id;
		}

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

		public Builder fatalStatuses(Set<Integer> fatalStatuses) {
			this.fatalStatuses = Set.copyOf(fatalStatuses);
			return this;
		}

		public Builder throttleStatuses(Set<Integer> throttleStatuses) {
			this.throttleStatuses = Set.copyOf(throttleStatuses);
			return this;
		}

		public Builder maxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
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

		public Builder autoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
			return this;
		}

		public Builder handler(LongPollHandler handler) {
			this.handler = handler;
			return this;
		}

		/**
		 * Build the endpoint.
		 * @return the endpoint
		 * @throws IllegalStateException if the url or handler is missing, or the timeout
		 * is not longer than the hold
		 */
		public LongPollEndpoint build() {
			Assert.state(this.url != null && !this.url.isBlank(), () -> this.source
					+ ": no URL; set the annotation's 'url' or 'longpoll.listeners." + this.id + ".url'");
			Assert.state(this.handler != null, () -> this.source + ": no handler");
			Assert.state(this.errorPolicy.action() != ErrorPolicy.Action.DEAD_LETTER || this.deadLetterHandler != null,
					() -> this.source + ": the error policy is 'dead-letter' but there is no DeadLetterHandler bean;"
							+ " declare one or choose another 'error-policy.action'");
			Duration declaredHold = longestHold();
			Assert.state(declaredHold == null || this.timeout.compareTo(declaredHold) > 0,
					() -> this.source + ": 'timeout' (" + this.timeout + ") must be longer than the server hold ("
							+ declaredHold + "); raise 'longpoll.listeners." + this.id
							+ ".timeout' or lower the hold");
			return new LongPollEndpoint(this.id, this.source, this.url, this.method, this.body,
					HttpHeaders.copyOf(this.headers), this.timeout, this.hold, this.holdHint, this.clientOptions,
					this.maxBodySize, this.minEmptyPollInterval, this.fatalStatuses, this.throttleStatuses,
					this.maxRetryAfter, this.backOff, this.cursorStrategy, this.headerEcho, this.initialCursor,
					this.cursorStore, this.cursorRecovery, this.errorPolicy, this.deadLetterHandler, this.payload,
					this.autoStartup, this.handler);
		}

		private @Nullable Duration longestHold() {
			Duration hint = (this.holdHint != null) ? this.holdHint.maxHold() : null;
			if (this.hold == null || hint == null) {
				return (this.hold != null) ? this.hold : hint;
			}
			return (this.hold.compareTo(hint) > 0) ? this.hold : hint;
		}

	}

}
