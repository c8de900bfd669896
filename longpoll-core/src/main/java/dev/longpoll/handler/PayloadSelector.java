package dev.longpoll.handler;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.internal.JsonPointers;

/**
 * Finds the payload of a response: the whole body, or the part a JSON pointer selects in
 * a wrapper body such as {@code {"last_event_id": 42, "events": [...]}}.
 */
public final class PayloadSelector {

	private final @Nullable String pointer;

	private final @Nullable JsonPointer compiled;

	private final JsonMapper mapper;

	/**
	 * Create a selector.
	 * @param pointer the JSON pointer of the payload, or {@code null} for the whole body
	 * @param mapper the mapper that parses bodies
	 */
	public PayloadSelector(@Nullable String pointer, JsonMapper mapper) {
		this.pointer = pointer;
		this.compiled = (pointer != null) ? JsonPointers.compile(pointer) : null; // once, not per response
		this.mapper = mapper;
	}

	/**
	 * The JSON pointer of the payload.
	 * @return the pointer, or {@code null} for the whole body
	 */
	public @Nullable String pointer() {
		return this.pointer;
	}

	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Whether the response has nothing to deliver: no body, a blank body, {@code []},
	 * {@code {}}, or a pointer that selects nothing, {@code null} or an empty array.
	 * @param response the response
	 * @return whether there are no events
	 */
	public boolean isEmpty(LongPollResponse response) {
		if (response.hasEmptyBody()) {
			return true;
		}
		if (this.compiled == null) {
			return false;
		}
		try {
			JsonNode node = response.json(this.mapper).at(this.compiled);
			return node.isMissingNode() || node.isNull() || (node.isArray() && node.isEmpty());
		}
		catch (JacksonException ex) {
			return false; // not JSON: let the handler report it
		}
	}

	/**
	 * How many events a response holds, for metrics: the elements of the selected array,
	 * else one.
	 * @param response a response with events
	 * @return the number of events
	 */
	public int count(LongPollResponse response) {
		try {
			JsonNode payload = tree(response);
			return payload.isArray() ? payload.size() : 1;
		}
		catch (JacksonException ex) {
			return 1; // not JSON: one event the handler took as it is
		}
	}

	/**
	 * The selected payload as a JSON tree.
	 * @param response the response
	 * @return the tree
	 */
	public JsonNode tree(LongPollResponse response) {
		JsonNode root = response.json(this.mapper);
		return (this.compiled != null) ? root.at(this.compiled) : root;
	}

}
