package dev.longpoll.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on {@link LongPollListener @LongPollListener} methods in a Spring application
 * without Spring Boot, the way {@code @EnableKafka} does for Kafka listeners:
 * <pre class="code">
 * &#064;Configuration
 * &#064;EnableLongPoll
 * class AppConfig {
 * }
 * </pre>
 * It registers the annotation processor and the
 * {@link dev.longpoll.container.LongPollListenerRegistry registry}, which use the
 * application's beans where it has them (a {@code LongPollContainerFactory}, a
 * {@code LongPollEndpointFactory}, a {@code LongPollClient}, observers, customizers, a
 * {@code CursorStore}) and defaults otherwise. The Spring Boot starter does this by
 * itself.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(LongPollBootstrapConfiguration.class)
public @interface EnableLongPoll {

}
