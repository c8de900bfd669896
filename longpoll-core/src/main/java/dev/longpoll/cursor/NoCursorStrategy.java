package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

import dev.longpoll.client.LongPollResponse;
import dev.longpoll.client.PollRequest;

final class NoCursorStrategy implements CursorStrategy {

	static final NoCursorStrategy INSTANCE = new NoCursorStrategy();

	@Override
	public void apply(@Nullable String cursor, PollRequest.Builder request) {
	}

	@Override
	public @Nullable String next(@Nullable String current, LongPollResponse response) {
		return current;
	}

}
