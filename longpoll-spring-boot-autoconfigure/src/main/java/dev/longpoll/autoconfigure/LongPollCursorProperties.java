package dev.longpoll.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.longpoll.cursor.CursorRecovery;
import dev.longpoll.endpoint.LongPollDefaults;

/**
 * Where the cursor comes from and where it goes.
 */
public class LongPollCursorProperties {

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
	 * Number added to a numeric cursor read from the response, for APIs whose next poll
	 * asks for the index after the last one seen (next = last + 1); 0 for none.
	 */
	private long increment;

	/**
	 * Whether a response whose cursor equals the current one is an idle hold rather than
	 * events, for servers that answer a hold that brought nothing by repeating their state
	 * (Consul's blocking queries).
	 */
	private boolean idleWhenUnchanged = LongPollDefaults.IDLE_WHEN_UNCHANGED;

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
	 * Statuses that mean the cursor expired: the listener goes back to its initial
	 * position (cursor and echoed headers) and polls again.
	 */
	private List<Integer> goneStatuses = LongPollListenerProperties.sorted(LongPollDefaults.GONE_STATUSES);

	private final GoneBody goneBody = new GoneBody();

	/**
	 * What to do when the cursor expired: 'reset' to the initial position (an expiry right
	 * after a reset stops the listener) or 'stop'. Either way the stored position is
	 * forgotten, so a start never reuses an expired cursor.
	 */
	private CursorRecovery.OnGone onGone = LongPollDefaults.ON_GONE;

	/**
	 * What to do when a numeric cursor goes backwards: 'reset' to the initial cursor,
	 * as Consul's blocking queries prescribe, or 'accept' it.
	 */
	private CursorRecovery.OnRegression onRegression = LongPollDefaults.ON_REGRESSION;

	void copyTo(LongPollCursorProperties target) {
		target.initial = this.initial;
		target.fromHeader = this.fromHeader;
		target.fromBody = this.fromBody;
		target.fromLastElement = this.fromLastElement;
		target.increment = this.increment;
		target.idleWhenUnchanged = this.idleWhenUnchanged;
		target.queryParameter = this.queryParameter;
		target.requestHeader = this.requestHeader;
		target.etag = this.etag;
		target.lastModified = this.lastModified;
		target.echoHeaders = new LinkedHashMap<>(this.echoHeaders);
		target.goneStatuses = new ArrayList<>(this.goneStatuses);
		this.goneBody.copyTo(target.goneBody);
		target.onGone = this.onGone;
		target.onRegression = this.onRegression;
	}

	public long getIncrement() {
		return this.increment;
	}

	public void setIncrement(long increment) {
		this.increment = increment;
	}

	public boolean isIdleWhenUnchanged() {
		return this.idleWhenUnchanged;
	}

	public void setIdleWhenUnchanged(boolean idleWhenUnchanged) {
		this.idleWhenUnchanged = idleWhenUnchanged;
	}

	public GoneBody getGoneBody() {
		return this.goneBody;
	}

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

	/**
	 * Statuses that mean the cursor expired only when a field of their JSON body says so,
	 * such as a 400 with an "index too old" error code.
	 */
	public static class GoneBody {

		/**
		 * Statuses whose body is looked at, for example 400.
		 */
		private List<Integer> statuses = new ArrayList<>();

		/**
		 * JSON pointer of the body field, for example '/errorCode'.
		 */
		private @Nullable String pointer;

		/**
		 * Values of that field that mean the cursor expired; any value when empty.
		 */
		private List<String> values = new ArrayList<>();

		void copyTo(GoneBody target) {
			target.statuses = new ArrayList<>(this.statuses);
			target.pointer = this.pointer;
			target.values = new ArrayList<>(this.values);
		}

		public List<Integer> getStatuses() {
			return this.statuses;
		}

		public void setStatuses(List<Integer> statuses) {
			this.statuses = statuses;
		}

		public @Nullable String getPointer() {
			return this.pointer;
		}

		public void setPointer(@Nullable String pointer) {
			this.pointer = pointer;
		}

		public List<String> getValues() {
			return this.values;
		}

		public void setValues(List<String> values) {
			this.values = values;
		}

	}

}
