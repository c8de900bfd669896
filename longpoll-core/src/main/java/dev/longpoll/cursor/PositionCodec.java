package dev.longpoll.cursor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes positions as small JSON documents ({@code {"cursor":"42","echo":{...}}}) for the
 * stores that keep text, and reads them back.
 */
final class PositionCodec {

	private static final JsonMapper MAPPER = JsonMapper.shared();

	private PositionCodec() {
	}

	static String headersToJson(Map<String, String> headers) {
		return MAPPER.writeValueAsString(headers);
	}

	static Map<String, String> headersFromJson(@Nullable String json) {
		if (json == null || json.isBlank()) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		MAPPER.readTree(json).properties().forEach((entry) -> headers.put(entry.getKey(), entry.getValue().asString()));
		return headers;
	}

	static String toJson(CursorPosition position) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("cursor", position.cursor());
		ObjectNode echo = node.putObject("echo");
		position.echoedHeaders().forEach(echo::put);
		return MAPPER.writeValueAsString(node);
	}

	static CursorPosition fromJson(String json) {
		JsonNode node = MAPPER.readTree(json);
		JsonNode cursor = node.path("cursor");
		Map<String, String> headers = new LinkedHashMap<>();
		node.path("echo").properties().forEach((entry) -> headers.put(entry.getKey(), entry.getValue().asString()));
		return new CursorPosition(cursor.isString() ? cursor.asString() : null, headers);
	}

}
