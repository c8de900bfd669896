package dev.longpoll.test;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs one {@link LongPollFeedServer} for a test class: started
 * on first use, closed after the class. Register it in a static field, so that a
 * {@code @DynamicPropertySource} method can point listeners at it:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static LongPollFeedExtension feed = new LongPollFeedExtension();
 *
 * &#64;DynamicPropertySource
 * static void listeners(DynamicPropertyRegistry registry) {
 *     LongPollTestUtils.registerListener(registry, feed.server(), "orders");
 * }
 * </pre>
 *
 * Or use {@code @ExtendWith(LongPollFeedExtension.class)} and take a
 * {@link LongPollFeedServer} parameter in test and lifecycle methods.
 */
public class LongPollFeedExtension implements AfterAllCallback, ParameterResolver {

	private final Consumer<LongPollFeedServer.Builder> settings;

	private @Nullable LongPollFeedServer server;

	/**
	 * An extension whose server has the default settings.
	 */
	public LongPollFeedExtension() {
		this((builder) -> {
		});
	}

	/**
	 * An extension whose server has these settings.
	 * @param settings configures the server, e.g.
	 * {@code (server) -> server.style(CursorStyle.ETAG)}
	 */
	public LongPollFeedExtension(Consumer<LongPollFeedServer.Builder> settings) {
		this.settings = settings;
	}

	/**
	 * The server, started on the first call.
	 * @return the running server
	 */
	public synchronized LongPollFeedServer server() {
		if (this.server == null) {
			LongPollFeedServer.Builder builder = LongPollFeedServer.builder();
			this.settings.accept(builder);
			this.server = builder.start();
		}
		return this.server;
	}

	@Override
	public synchronized void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == LongPollFeedServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return server();
	}

}
