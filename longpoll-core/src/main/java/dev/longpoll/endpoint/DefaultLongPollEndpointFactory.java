package dev.longpoll.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.longpoll.cursor.CursorStore;
import dev.longpoll.handler.DeadLetterHandler;

/**
 * {@link LongPollEndpointFactory} without configuration properties: every listener starts
 * from the {@link LongPollDefaults}, with the application's cursor store and dead-letter
 * handler, and then its customizers.
 */
public class DefaultLongPollEndpointFactory implements LongPollEndpointFactory {

	private final List<LongPollEndpointCustomizer> customizers;

	private final @Nullable CursorStore cursorStore;

	private final @Nullable DeadLetterHandler deadLetterHandler;

	/**
	 * Create a factory.
	 * @param customizers applied to every endpoint, in order
	 * @param cursorStore where cursors are kept, or {@code null} for memory
	 * @param deadLetterHandler takes responses the dead-letter policy gives up on, or
	 * {@code null}
	 */
	public DefaultLongPollEndpointFactory(List<LongPollEndpointCustomizer> customizers,
			@Nullable CursorStore cursorStore, @Nullable DeadLetterHandler deadLetterHandler) {
		this.customizers = List.copyOf(customizers);
		this.cursorStore = cursorStore;
		this.deadLetterHandler = deadLetterHandler;
	}

	@Override
	public LongPollEndpoint.Builder builder(String id, String source) {
		LongPollEndpoint.Builder builder = LongPollEndpoint.builder(id).source(source);
		if (this.cursorStore != null) {
			builder.cursorStore(this.cursorStore);
		}
		return builder.deadLetterHandler(this.deadLetterHandler);
	}

	@Override
	public LongPollEndpoint create(LongPollEndpoint.Builder builder) {
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
