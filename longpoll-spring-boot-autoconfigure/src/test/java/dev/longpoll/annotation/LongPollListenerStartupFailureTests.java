package dev.longpoll.annotation;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad listener declarations fail startup with one message naming the bean, the method,
 * the property and the fix.
 */
class LongPollListenerStartupFailureTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class, WebClientAutoConfiguration.class,
				JacksonAutoConfiguration.class))
		.withPropertyValues("feed.url=http://localhost:1/feed");

	private static ContextConsumer<AssertableApplicationContext> failsWith(String... fragments) {
		return (context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (!(failure instanceof BeanInitializationException) && failure.getCause() != null) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(BeanInitializationException.class);
			assertThat(failure.getMessage()).contains(fragments);
		};
	}

	static class Orders {

		@LongPollListener(id = "orders", url = "${feed.url}")
		void on(String body) {
		}

	}

	static class MoreOrders {

		@LongPollListener(id = "orders", url = "${feed.url}")
		void again(String body) {
		}

	}

	@Test
	void duplicateIdNamesBothMethods() {
		this.contextRunner.withBean("orders", Orders.class)
			.withBean("moreOrders", MoreOrders.class)
			.run(failsWith("Duplicate long-poll listener id 'orders'", "method 'on' on bean 'orders'",
					"method 'again' on bean 'moreOrders'", "give one of them another id"));
	}

	static class NoUrl {

		@LongPollListener(id = "no-url")
		void on(String body) {
		}

	}

	@Test
	void missingUrlNamesTheProperty() {
		this.contextRunner.withBean("noUrl", NoUrl.class)
			.run(failsWith("@LongPollListener method 'on' on bean 'noUrl' (listener 'no-url'): no URL",
					"'longpoll.listeners.no-url.url'"));
	}

	@Test
	void urlFromPropertiesIsEnough() {
		this.contextRunner.withBean("noUrl", NoUrl.class)
			.withPropertyValues("longpoll.listeners.no-url.url=http://localhost:1/x", "longpoll.listeners.no-url.auto-startup=false")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	static class UnresolvableUrl {

		@LongPollListener(id = "orders", url = "${missing.feed-url}")
		void on(String body) {
		}

	}

	@Test
	void unresolvablePlaceholderNamesIt() {
		this.contextRunner.withBean("unresolvable", UnresolvableUrl.class)
			.run(failsWith("method 'on' on bean 'unresolvable'", "'url' ('${missing.feed-url}') cannot be resolved",
					"define the property"));
	}

	static class TwoParameters {

		@LongPollListener(id = "orders", url = "${feed.url}")
		void on(String body, String other) {
		}

	}

	@Test
	void methodWithParametersThatCannotBeServedNamesIt() {
		this.contextRunner.withBean("twoParameters", TwoParameters.class)
			.run(failsWith("@LongPollListener method 'on' on bean 'twoParameters' (listener 'orders')",
					"takes 2 parameters", "take at most one"));
	}

	@Test
	void invalidDurationNamesThePropertyAndValue() {
		this.contextRunner.withBean("orders", Orders.class)
			.withPropertyValues("longpoll.listeners.orders.timeout=soon")
			.run((context) -> {
				// the listener's section is bound when the listener is created: the message
				// names the listener, the property and the value
				failsWith("(listener 'orders'): invalid property 'longpoll.listeners.orders.timeout' ('soon'):"
						+ " 'soon' is not a valid duration").accept(context);
				Throwable failure = context.getStartupFailure();
				while (!(failure instanceof BindException) && failure.getCause() != null) {
					failure = failure.getCause();
				}
				BindException bind = (BindException) failure;
				assertThat(bind.getProperty().getName()).hasToString("longpoll.listeners.orders.timeout");
				assertThat(bind.getProperty().getValue()).isEqualTo("soon");
				assertThat(bind).rootCause().hasMessage("'soon' is not a valid duration");
			});
	}

	@Test
	void timeoutNotLongerThanTheHoldHintFails() {
		this.contextRunner.withBean("orders", Orders.class)
			.withPropertyValues("longpoll.defaults.hold-hint.parameter=timeout",
					"longpoll.defaults.hold-hint.duration=30s", "longpoll.listeners.orders.timeout=30s")
			.run(failsWith("'timeout' (PT30S) must be longer than the server hold (PT30S)",
					"raise 'longpoll.listeners.orders.timeout'"));
	}

	@Test
	void holdJitterCountsTowardsTheHold() {
		this.contextRunner.withBean("orders", Orders.class)
			.withPropertyValues("longpoll.defaults.hold-hint.parameter=timeout",
					"longpoll.defaults.hold-hint.duration=30s", "longpoll.defaults.hold-hint.jitter=6s")
			.run(failsWith("'timeout' (PT35S) must be longer than the server hold (PT36S)"));
	}

	@Test
	void cursorReadButNeverSentFails() {
		this.contextRunner.withBean("orders", Orders.class)
			.withPropertyValues("longpoll.listeners.orders.cursor.from-body=/last_event_id")
			.run(failsWith("the cursor is read but never sent", "'longpoll.listeners.orders.cursor.query-parameter'"));
	}

	@Test
	void invalidJsonPointerFails() {
		this.contextRunner.withBean("orders", Orders.class)
			.withPropertyValues("longpoll.listeners.orders.payload-pointer=events")
			.run(failsWith("'longpoll.listeners.orders.payload-pointer' ('events') is not a JSON pointer"));
	}

	static class BadId {

		@LongPollListener(id = "Orders_Feed", url = "${feed.url}")
		void on(String body) {
		}

	}

	@Test
	void invalidIdFails() {
		this.contextRunner.withBean("badId", BadId.class)
			.run(failsWith("Listener id 'Orders_Feed' is not valid", "'longpoll.listeners.<id>'"));
	}

	static class BadAutoStartup {

		@LongPollListener(id = "orders", url = "${feed.url}", autoStartup = "maybe")
		void on(String body) {
		}

	}

	@Test
	void invalidAutoStartupFails() {
		this.contextRunner.withBean("badAutoStartup", BadAutoStartup.class)
			.run(failsWith("method 'on' on bean 'badAutoStartup'", "'autoStartup' ('maybe') must be 'true' or 'false'"));
	}

}
