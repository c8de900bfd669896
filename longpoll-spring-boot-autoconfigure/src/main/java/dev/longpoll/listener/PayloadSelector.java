package dev.longpoll.listener;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.client.LongPollResponse;

/**
 * Finds the payload of a response: the whole body, or the part a JSON pointer selects in
 * a wrapper body such as {@code {"last_event_id": 42, "events": [...]}}.
 *
 * @param pointer the JSON pointer of the payload, or {@code null} for the whole body
 * @param mapper the mapper that parses bodies
 */
public record PayloadSelector(@Nullable String pointer, JsonMapper mapper) {

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
		if (this.pointer == null) {
			return false;
		}
		try {
			JsonNode node = response.json(this.mapper).at(this.pointer);
			return node.isMissingNode() || node.isNull() || (node.isArray() && node.isEmpty());
		}
		catch (JacksonException ex) {
			return false; // not JSON: let the handler report it
		}
	}

	/**
	 * The selected payload as a JSON tree.
	 * @param response the response
	 * @return the tree
	 */
	public JsonNode tree(LongPollResponse response) {
		JsonNode root = response.json(this.mapper);
		return (this.pointer != null) ? root.at(this.pointer) : root;
	}

}
