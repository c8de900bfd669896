package dev.longpoll.annotation;

import java.lang.reflect.Method;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.util.ReflectionUtils;

import dev.longpoll.handler.LongPollMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image keeps for listener methods and the JDBC schema, as Spring's AOT
 * processing registers it (the same scan of bean classes for {@code @Reflective}).
 */
class LongPollListenerRuntimeHintsTests {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void listenerMethodsAreInvocable() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Listeners.class);

		for (String name : List.of("order", "message", "batch", "array", "text", "nothing")) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(method(name))).as(name)
				.accepts(this.hints);
		}
	}

	@Test
	void payloadTypesAreBoundWhereverTheyAreWrapped() {
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(this.hints, Listeners.class);

		for (Class<?> payload : List.of(Order.class, Invoice.class, Line.class, Refund.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(payload)).as(payload.getSimpleName())
				.accepts(this.hints);
		}
		// binding hints: Jackson reaches the record through its accessors and constructor
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "id")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(String.class)).rejects(this.hints);
	}

	@Test
	void theSchemaScriptsAreKept() {
		AotServices.factories().load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));

		assertThat(RuntimeHintsPredicates.resource().forResource("dev/longpoll/cursor/schema.sql")).accepts(this.hints);
	}

	private static Method method(String name) {
		return ReflectionUtils.findMethod(Listeners.class, name, (Class<?>[]) null);
	}

	static class Listeners {

		@LongPollListener(id = "order")
		void order(Order order) {
		}

		@LongPollListener(id = "message")
		void message(LongPollMessage<Invoice> message) {
		}

		@LongPollListener(id = "batch")
		void batch(List<Line> lines) {
		}

		@LongPollListener(id = "array")
		void array(Refund[] refunds) {
		}

		@LongPollListener(id = "text")
		void text(String body) {
		}

		@LongPollListener(id = "nothing")
		void nothing() {
		}

	}

	record Order(long id) {
	}

	record Invoice(long id) {
	}

	record Line(long id) {
	}

	record Refund(long id) {
	}

}
