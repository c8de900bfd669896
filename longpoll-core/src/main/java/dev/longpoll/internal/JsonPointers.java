package dev.longpoll.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JsonPointer;

/**
 * Compiled JSON pointers shared by every listener that uses the same expression: a
 * pointer is immutable, and ten thousand listeners configured alike would otherwise each
 * hold their own copies of the same few pointers and their strings.
 */
public final class JsonPointers {

	private static final Map<String, JsonPointer> compiled = new ConcurrentHashMap<>();

	private JsonPointers() {
	}

	/**
	 * The compiled pointer of an expression, compiled once per expression.
	 * @param expression the pointer, such as {@code /events}
	 * @return the compiled pointer
	 * @throws IllegalArgumentException if it is not a valid JSON pointer
	 */
	public static JsonPointer compile(String expression) {
		JsonPointer pointer = compiled.get(expression);
		if (pointer == null) {
			pointer = JsonPointer.compile(expression); // outside the map: an invalid one throws and stays out
			JsonPointer raced = compiled.putIfAbsent(expression, pointer);
			pointer = (raced != null) ? raced : pointer;
		}
		return pointer;
	}

}
