package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;
import dev.longpoll.internal.JsonPointers;

/**
 * The cursor described by properties: read from a body JSON pointer, from a field of the
 * last element of an array, or from a response header, optionally plus a number (for
 * "next index = last index + 1" APIs); sent back as a query parameter or a request
 * header. A response with events must carry the cursor.
 */
public final class DeclarativeCursorStrategy implements CursorStrategy {

	private final Source source;

	private final Target target;

	private final JsonMapper mapper;

	// Compiled once: JsonNode.at(String) would parse the pointer for every response
	private final @Nullable JsonPointer bodyPointer;

	private final JsonPointer arrayPointer;

	private final @Nullable JsonPointer lastElementPointer;

	/**
	 * Create a strategy.
	 * @param source where the next cursor is read
	 * @param target where the cursor is sent
	 * @param mapper the mapper that parses bodies
	 */
	public DeclarativeCursorStrategy(Source source, Target target, JsonMapper mapper) {
		this.source = source;
		this.target = target;
		this.mapper = mapper;
		this.bodyPointer = (source.bodyPointer() != null) ? JsonPointers.compile(source.bodyPointer()) : null;
		this.arrayPointer = JsonPointers.compile(source.arrayPointer());
		this.lastElementPointer = (source.lastElementPointer() != null)
				? JsonPointers.compile(source.lastElementPointer()) : null;
	}

	public Source source() {
		return this.source;
	}

	public Target target() {
		return this.target;
	}

	@Override
	public void apply(@Nullable String cursor, PollRequest.Builder request) {
		if (cursor == null) {
			return;
		}
		if (this.target.queryParameter() != null) {
			request.queryParam(this.target.queryParameter(), cursor);
		}
		if (this.target.header() != null) {
			request.header(this.target.header(), cursor);
		}
	}

	@Override
	public boolean sendsInHeader() {
		return this.target.header() != null;
	}

	@Override
	public @Nullable String next(@Nullable String current, LongPollResponse response) {
		String next = read(response);
		return (next != null) ? next : current;
	}

	@Override
	public @Nullable String nextAfterEvents(@Nullable String current, LongPollResponse response) {
		String next = read(response);
		if (next == null && !this.source.isEmpty()) {
			throw new IllegalStateException("the response has events but no cursor at " + this.source.describe()
					+ "; without it the same events would come again");
		}
		return (next != null) ? next : current;
	}

	private @Nullable String read(LongPollResponse response) {
		String next = null;
		if (this.source.header() != null) {
			next = response.headers().getFirst(this.source.header());
		}
		if (next == null && this.bodyPointer != null && !response.hasEmptyBody()) {
			next = text(response.json(this.mapper).at(this.bodyPointer));
		}
		if (next == null && this.lastElementPointer != null && !response.hasEmptyBody()) {
			JsonNode array = response.json(this.mapper).at(this.arrayPointer);
			if (array.isArray() && !array.isEmpty()) {
				next = text(array.get(array.size() - 1).at(this.lastElementPointer));
			}
		}
		if (next == null || next.isBlank()) {
			return null;
		}
		return (this.source.increment() != 0) ? increment(next.trim()) : next;
	}

	private String increment(String value) {
		try {
			return Long.toString(Math.addExact(Long.parseLong(value), this.source.increment()));
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new IllegalStateException("the cursor '" + value + "' at " + this.source.describe()
					+ " is not a whole number, which 'cursor.increment' needs", ex);
		}
	}

	private static @Nullable String text(JsonNode node) {
		return (node.isValueNode() && !node.isNull()) ? node.asString() : null;
	}

	/**
	 * Where the next cursor is read; the first that yields a value wins, in this order.
	 *
	 * @param header a response header, for example {@code X-Consul-Index}
	 * @param bodyPointer a JSON pointer into the body, for example {@code /last_event_id}
	 * @param arrayPointer the JSON pointer of the events array (empty for the body itself)
	 * @param lastElementPointer a JSON pointer into the last array element, for example
	 * {@code /id}
	 * @param increment added to a numeric value read, for example {@code 1} when the next
	 * poll asks for the index after the last one seen; {@code 0} for none
	 */
	public record Source(@Nullable String header, @Nullable String bodyPointer, String arrayPointer,
			@Nullable String lastElementPointer, long increment) {

		/**
		 * A source without an increment.
		 * @param header a response header, or {@code null}
		 * @param bodyPointer a JSON pointer into the body, or {@code null}
		 * @param arrayPointer the JSON pointer of the events array
		 * @param lastElementPointer a JSON pointer into the last element, or {@code null}
		 */
		public Source(@Nullable String header, @Nullable String bodyPointer, String arrayPointer,
				@Nullable String lastElementPointer) {
			this(header, bodyPointer, arrayPointer, lastElementPointer, 0);
		}

		public boolean isEmpty() {
			return this.header == null && this.bodyPointer == null && this.lastElementPointer == null;
		}

		String describe() {
			StringBuilder where = new StringBuilder();
			if (this.header != null) {
				where.append("header '").append(this.header).append("'");
			}
			if (this.bodyPointer != null) {
				where.append((where.length() > 0) ? " or " : "").append("'").append(this.bodyPointer).append("'");
			}
			if (this.lastElementPointer != null) {
				where.append((where.length() > 0) ? " or " : "")
					.append("'")
					.append(this.lastElementPointer)
					.append("' of the last element");
			}
			return where.toString();
		}

	}

	/**
	 * Where the cursor is sent.
	 *
	 * @param queryParameter a query parameter name, for example {@code last_event_id}
	 * @param header a request header name, for example {@code X-Cursor}
	 */
	public record Target(@Nullable String queryParameter, @Nullable String header) {

		public boolean isEmpty() {
			return this.queryParameter == null && this.header == null;
		}

	}

}
