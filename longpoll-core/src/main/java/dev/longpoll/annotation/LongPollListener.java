package dev.longpoll.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method as the handler of a managed HTTP long-poll loop.
 * <p>
 * Each attribute is a {@code String} so that {@code ${...}} placeholders and SpEL
 * {@code #{...}} expressions resolve. Everything else about the loop (timeouts, cursor,
 * backoff, headers) is configured under {@code longpoll.listeners.<id>.*}, with defaults
 * under {@code longpoll.defaults.*}.
 * <p>
 * The method may take no parameter, or one of: a type decoded from the JSON body
 * (a JSON array body is split into one call per element, in order), a {@code List<T>}
 * for the whole array, {@code String}, {@code byte[]}, a Jackson {@code JsonNode}, or a
 * {@link dev.longpoll.handler.LongPollMessage LongPollMessage&lt;T&gt;} envelope. It may
 * return {@code void}, a {@code Mono<Void>} or a {@code CompletableFuture<Void>}; the
 * cursor advances only once it has completed.
 *
 * @see dev.longpoll.container.LongPollListenerRegistry
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(LongPollListenerReflectiveProcessor.class)
public @interface LongPollListener {

	/**
	 * The listener id, used for its properties ({@code longpoll.listeners.<id>}), its
	 * health component, metrics and logs. Lowercase letters, digits and '-'. Defaults to
	 * a stable name built from the bean name and the method name, for example
	 * {@code order-events-on}.
	 * @return the listener id
	 */
	String id() default "";

	/**
	 * The URL to poll. When empty, {@code longpoll.listeners.<id>.url} must be set.
	 * @return the URL or a placeholder
	 */
	String url() default "";

	/**
	 * Whether the listener starts with the application context ({@code "true"} or
	 * {@code "false"}, a placeholder allowed). When empty, the
	 * {@code longpoll.listeners.<id>.auto-startup} property applies.
	 * @return whether to start automatically
	 */
	String autoStartup() default "";

}
