package dev.longpoll.client;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What an application's {@code WebClient.Builder} adds to each request, for
 * {@link ClientEngine#AUTO}: its filters, default headers and cookies through the builder's
 * own API, and what that API does not show (a default request, an API version, an
 * observation registry) from the fields of Spring's builder. A builder this cannot read is
 * taken to add something, so that nothing it adds is ever lost.
 */
final class WebClientBuilderProbe {

	private static final String[] HIDDEN = { "defaultRequest", "defaultApiVersion", "apiVersionInserter",
			"observationRegistry" };

	private static final Log logger = LogFactory.getLog(WebClientLongPollClient.class);

	private WebClientBuilderProbe() {
	}

	/**
	 * Whether the builder adds anything to a request, said at DEBUG either way.
	 * @param builder the builder (only a clone of it is read)
	 * @return whether polls need WebClient to keep what it adds
	 */
	static boolean addsToRequests(WebClient.Builder builder) {
		List<String> additions = additions(builder);
		if (logger.isDebugEnabled()) {
			logger.debug(additions.isEmpty()
					? "Long polls go through Reactor Netty directly: the WebClient.Builder adds nothing to them"
					: "Long polls go through WebClient: its builder adds " + additions);
		}
		return !additions.isEmpty();
	}

	/**
	 * What the builder adds to a request.
	 * @param builder the builder (only a clone of it is read)
	 * @return what it adds, empty when nothing
	 */
	static List<String> additions(WebClient.Builder builder) {
		WebClient.Builder clone = builder.clone();
		List<String> additions = new ArrayList<>();
		clone.filters((filters) -> {
			if (!filters.isEmpty()) {
				additions.add("filters " + filters.stream().map((filter) -> ClassUtils.getShortName(filter.getClass()))
					.toList());
			}
		});
		clone.defaultHeaders((headers) -> {
			if (!headers.isEmpty()) {
				additions.add("default headers " + headers.headerNames());
			}
		});
		clone.defaultCookies((cookies) -> {
			if (!cookies.isEmpty()) {
				additions.add("default cookies " + cookies.keySet());
			}
		});
		for (String name : HIDDEN) {
			Object value = field(clone, name, additions);
			if (value != null && !isNoop(value) && !(value instanceof Map<?, ?> map && map.isEmpty())) {
				additions.add(name.equals("observationRegistry") ? "an observation registry (http.client.requests)"
						: "a " + name);
			}
		}
		return additions;
	}

	/** An observation registry that observes nothing (read without depending on Micrometer). */
	private static boolean isNoop(Object value) {
		try {
			return Boolean.TRUE.equals(value.getClass().getMethod("isNoop").invoke(value));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return false;
		}
	}

	private static @Nullable Object field(WebClient.Builder builder, String name, List<String> additions) {
		try {
			Field field = builder.getClass().getDeclaredField(name);
			field.setAccessible(true);
			return field.get(builder);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			additions.add("what " + builder.getClass().getName() + " sets (" + name + " cannot be read: " + ex + ")");
			return null;
		}
	}

}
