package dev.longpoll.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole long-poll response: status, headers and the body bytes, with the body parsed as
 * JSON at most once however many parts (cursor, payload selection) look at it.
 */
public final class LongPollResponse {

	private static final int EXCERPT_LENGTH = 200;

	private final int status;

	private final HttpHeaders headers;

	private final byte[] body;

	private @Nullable JsonNode json;

	/**
	 * Create a response.
	 * @param status the HTTP status code
	 * @param headers the response headers
	 * @param body the body, empty when there was none
	 */
	public LongPollResponse(int status, HttpHeaders headers, byte[] body) {
		this.status = status;
		this.headers = headers;
		this.body = body;
	}

	public int status() {
		return this.status;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * The body bytes; do not modify them.
	 * @return the body, empty when there was none
	 */
	public byte[] body() {
		return this.body;
	}

	/**
	 * The body parsed as a JSON tree, parsed on the first call only.
	 * @param mapper the mapper to parse with
	 * @return the tree
	 * @throws tools.jackson.core.JacksonException if the body is not JSON
	 */
	public JsonNode json(JsonMapper mapper) {
		JsonNode node = this.json;
		if (node == null) {
			node = mapper.readTree(this.body);
			this.json = node;
		}
		return node;
	}

	/**
	 * The response's content type, if it has a valid one.
	 * @return the content type or {@code null}
	 */
	public @Nullable MediaType contentType() {
		try {
			return this.headers.getContentType();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The body decoded as text with the charset of the content type, UTF-8 by default.
	 * @return the body text
	 */
	public String bodyAsString() {
		return new String(this.body, charset());
	}

	/**
	 * A short, single-line start of the body for error messages.
	 * @return at most 200 characters of the body
	 */
	public String bodyExcerpt() {
		String text = new String(this.body, 0, Math.min(this.body.length, EXCERPT_LENGTH * 4), charset());
		text = text.replaceAll("\\s+", " ").strip();
		return (text.length() > EXCERPT_LENGTH) ? text.substring(0, EXCERPT_LENGTH) + "..." : text;
	}

	/**
	 * Whether the body is empty or only whitespace, {@code []}, {@code {}} or JSON
	 * {@code null}.
	 * @return whether there is nothing to deliver in the body
	 */
	public boolean hasEmptyBody() {
		int first = 0;
		int last = this.body.length - 1;
		while (first <= last && Character.isWhitespace(this.body[first])) {
			first++;
		}
		while (last >= first && Character.isWhitespace(this.body[last])) {
			last--;
		}
		if (first > last) {
			return true;
		}
		if (last - first == 3) {
			return this.body[first] == 'n' && this.body[first + 1] == 'u' && this.body[first + 2] == 'l'
					&& this.body[last] == 'l';
		}
		if (last - first != 1) {
			return false;
		}
		return (this.body[first] == '[' && this.body[last] == ']') || (this.body[first] == '{' && this.body[last] == '}');
	}

	private Charset charset() {
		MediaType contentType = contentType();
		return (contentType != null && contentType.getCharset() != null) ? contentType.getCharset()
				: StandardCharsets.UTF_8;
	}

}
