package dev.longpoll.handler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;

import dev.longpoll.client.LongPollResponse;

/**
 * Turns a response into the payloads a handler parameter of a given type takes: one
 * payload for {@code byte[]}, {@code String}, {@code JsonNode}, {@code Object},
 * collections and arrays; one payload per element, in order, for any other type (a
 * {@code Map} included) when the body is an array.
 */
final class PayloadConverter {

	private enum Kind {

		BYTES, STRING, TREE, WHOLE, ELEMENT

	}

	private final String listenerId;

	private final PayloadSelector selector;

	private final JsonMapper mapper;

	private final ResolvableType type;

	private final JavaType javaType;

	private final Kind kind;

	PayloadConverter(String listenerId, PayloadSelector selector, ResolvableType type) {
		this.listenerId = listenerId;
		this.selector = selector;
		this.mapper = selector.mapper();
		this.type = type;
		this.javaType = this.mapper.getTypeFactory().constructType(type.getType());
		this.kind = kindOf(type.toClass());
	}

	private static Kind kindOf(Class<?> type) {
		if (type == byte[].class) {
			return Kind.BYTES;
		}
		if (type == String.class || type == CharSequence.class) {
			return Kind.STRING;
		}
		if (JsonNode.class.isAssignableFrom(type)) {
			return Kind.TREE;
		}
		if (type.isArray() || Collection.class.isAssignableFrom(type) || type == Object.class) {
			return Kind.WHOLE;
		}
		return Kind.ELEMENT;
	}

	/**
	 * Select the payload once and decode it once.
	 * @param response the response
	 * @return the payloads, one per handler call
	 * @throws LongPollDecodingException if the payload cannot be decoded
	 */
	List<Object> convert(LongPollResponse response) {
		try {
			if (this.selector.pointer() == null && this.kind != Kind.TREE && this.kind != Kind.ELEMENT) {
				return List.of(fromBody(response)); // straight from the bytes, no tree
			}
			JsonNode payload = this.selector.tree(response);
			return (this.kind == Kind.ELEMENT) ? elements(payload) : List.of(fromTree(payload));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new LongPollDecodingException(this.listenerId, "'" + this.type + "'", response, ex);
		}
	}

	private Object fromBody(LongPollResponse response) {
		return switch (this.kind) {
			case BYTES -> response.body();
			case STRING -> response.bodyAsString();
			default -> {
				Object value = this.mapper.readValue(response.body(), this.javaType);
				yield value;
			}
		};
	}

	private Object fromTree(JsonNode payload) {
		return switch (this.kind) {
			case BYTES -> this.mapper.writeValueAsBytes(payload);
			case STRING -> text(payload);
			case TREE -> payload;
			default -> decode(payload);
		};
	}

	private List<Object> elements(JsonNode payload) {
		if (!payload.isArray()) {
			return List.of(decode(payload));
		}
		List<Object> payloads = new ArrayList<>(payload.size());
		for (JsonNode element : payload) {
			payloads.add(decode(element));
		}
		return payloads;
	}

	// Typed as Object on purpose: List.of(treeToValue(...)) would infer an array and spread it
	private Object decode(JsonNode node) {
		return this.mapper.treeToValue(node, this.javaType);
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.asString() : node.toString();
	}

}
