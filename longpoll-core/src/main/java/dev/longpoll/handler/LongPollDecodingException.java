package dev.longpoll.handler;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;

import dev.longpoll.client.LongPollResponse;

/**
 * A response body could not be decoded into what the handler takes.
 */
public class LongPollDecodingException extends RuntimeException {

	public LongPollDecodingException(String listenerId, String target, LongPollResponse response,
			@Nullable Throwable cause) {
		super(message(listenerId, target, response, cause), cause);
	}

	private static String message(String listenerId, String target, LongPollResponse response,
			@Nullable Throwable cause) {
		MediaType contentType = response.contentType();
		String reason = (cause != null) ? ": " + firstLine(cause.getMessage()) : "";
		return "Listener '" + listenerId + "': cannot decode the body of a " + response.status() + " response ("
				+ ((contentType != null) ? contentType : "no content type") + ", " + response.body().length
				+ " bytes) into " + target + reason + "; body starts with: " + response.bodyExcerpt();
	}

	private static String firstLine(@Nullable String message) {
		if (message == null) {
			return "";
		}
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

}
