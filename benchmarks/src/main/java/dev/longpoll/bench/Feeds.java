package dev.longpoll.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoding shared by the baselines: the same work the starter does for a record handler.
 */
final class Feeds {

	static final JsonMapper MAPPER = JsonMapper.shared();

	private Feeds() {
	}

	static String url(String base, int listener, long after) {
		return base + "?id=" + listener + "&after=" + after;
	}

	/**
	 * Hand every event of a body to the recorder.
	 * @param body the body
	 * @param recorder the recorder
	 * @param cursor the current cursor
	 * @return the next cursor
	 */
	static long deliver(String body, Recorder recorder, long cursor) {
		if (body.isEmpty()) {
			return cursor;
		}
		JsonNode root = MAPPER.readTree(body);
		recorder.onResponse();
		for (JsonNode event : root.get("events")) {
			recorder.on(MAPPER.treeToValue(event, Event.class));
		}
		return root.get("last").asLong();
	}

}
