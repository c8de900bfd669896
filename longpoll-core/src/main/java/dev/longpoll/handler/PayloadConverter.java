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

	List<Object> convert(LongPollResponse response) {
		try {
			return switch (this.kind) {
				case BYTES -> List.of(usesWholeBody() ? response.body()
						: this.mapper.writeValueAsBytes(this.selector.tree(response)));
				case STRING -> List.of(usesWholeBody() ? response.bodyAsString() : text(this.selector.tree(response)));
				case TREE -> List.of(this.selector.tree(response));
				case WHOLE -> List.of(decodeWhole(response));
				case ELEMENT -> elements(this.selector.tree(response));
			};
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new LongPollDecodingException(this.listenerId, describeTarget(), response, ex);
		}
	}

	private Object decodeWhole(LongPollResponse response) {
		Object value = usesWholeBody() ? this.mapper.readValue(response.body(), this.javaType)
				: this.mapper.treeToValue(this.selector.tree(response), this.javaType);
		return value;
	}

	private boolean usesWholeBody() {
		return this.selector.pointer() == null;
	}

	private List<Object> elements(JsonNode node) {
		if (!node.isArray()) {
			return List.of(decode(node));
		}
		List<Object> payloads = new ArrayList<>(node.size());
		for (JsonNode element : node) {
			payloads.add(decode(element));
		}
		return payloads;
	}

	private Object decode(JsonNode node) {
		Object value = this.mapper.treeToValue(node, this.javaType);
		return value;
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.asString() : node.toString();
	}

	private String describeTarget() {
		return "'" + this.type + "'";
	}

}
