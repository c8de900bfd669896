package dev.longpoll.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.endpoint.ListenerConfigurationException;
import dev.longpoll.endpoint.LongPollEndpoint;
import dev.longpoll.handler.LongPollHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * A listener's section under {@code longpoll.listeners.<id>} overrides only the keys it
 * sets and inherits every other default, nested ones included; maps merge key by key,
 * lists are replaced; no listener sees another's settings.
 */
class PropertiesLongPollEndpointFactoryTests {

	private static final LongPollHandler HANDLER = (response, cursor) -> Mono.empty();

	private static final CursorStore STORE = new InMemoryCursorStore();

	private static final Map<String, String> PROPERTIES = Map.ofEntries(
			Map.entry("longpoll.defaults.url", "http://localhost:1/feed"),
			Map.entry("longpoll.defaults.timeout", "40s"), Map.entry("longpoll.defaults.backoff.multiplier", "3"),
			Map.entry("longpoll.defaults.headers.a", "1"), Map.entry("longpoll.defaults.headers.shared", "default"),
			Map.entry("longpoll.defaults.cursor.echo-headers.X-A", "X-B"),
			Map.entry("longpoll.defaults.idle-statuses", "204,408"),
			Map.entry("longpoll.defaults.cursor.gone-body.statuses", "400"),
			Map.entry("longpoll.defaults.cursor.gone-body.pointer", "/code"),
			Map.entry("longpoll.defaults.cursor.gone-body.values", "gone"),
			Map.entry("longpoll.defaults.proxy.type", "http"), Map.entry("longpoll.defaults.proxy.host", "proxy"),
			Map.entry("longpoll.defaults.proxy.port", "3128"),
			Map.entry("longpoll.defaults.error-policy.max-retries", "7"),
			// orders: one key of each nested object, a map entry, a list
			Map.entry("longpoll.listeners.orders.backoff.max-interval", "2m"),
			Map.entry("longpoll.listeners.orders.headers.b", "2"),
			Map.entry("longpoll.listeners.orders.headers.shared", "orders"),
			Map.entry("longpoll.listeners.orders.cursor.echo-headers.X-C", "X-D"),
			Map.entry("longpoll.listeners.orders.idle-statuses", "200"),
			Map.entry("longpoll.listeners.orders.cursor.gone-body.values", "expired"),
			Map.entry("longpoll.listeners.orders.proxy.port", "8080"),
			Map.entry("longpoll.listeners.orders.error-policy.action", "skip"),
			// payments: a map entry of its own only
			Map.entry("longpoll.listeners.payments.headers.c", "3"));

	/**
	 * How the factory reads the sections: the public constructor binds each from a binder
	 * of every property, the auto-configuration's from {@link ListenerSections}.
	 */
	enum Binding {

		BINDER, SECTIONS

	}

	private static PropertiesLongPollEndpointFactory factory(Binding binding, Map<String, ?> properties) {
		return factory(binding, environment(new MapPropertySource("test", new LinkedHashMap<>(properties))));
	}

	private static PropertiesLongPollEndpointFactory factory(Binding binding, ConfigurableEnvironment environment) {
		return switch (binding) {
			case BINDER -> new PropertiesLongPollEndpointFactory(Binder.get(environment),
					LongPollListenerIdVerifier.configuredIds(environment), JsonMapper.shared(), List.of(), STORE, null);
			case SECTIONS -> new PropertiesLongPollEndpointFactory(ListenerSections.of(environment), JsonMapper.shared(),
					List.of(), STORE, null);
		};
	}

	/**
	 * An environment of these sources only (first wins), attached as in an application.
	 */
	private static ConfigurableEnvironment environment(PropertySource<?>... sources) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources propertySources = environment.getPropertySources();
		propertySources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		propertySources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		for (PropertySource<?> source : sources) {
			propertySources.addLast(source);
		}
		ConfigurationPropertySources.attach(environment);
		return environment;
	}

	private static LongPollEndpoint endpoint(PropertiesLongPollEndpointFactory factory, String id) {
		return factory.create(factory.builder(id, "listener '" + id + "'").handler(HANDLER));
	}

	@ParameterizedTest
	@EnumSource
	void aSectionOverridesOnlyTheKeysItSetsAndInheritsNestedDefaults(Binding binding) {
		LongPollEndpoint orders = endpoint(factory(binding, PROPERTIES), "orders");
		assertThat(orders.options().timeout()).isEqualTo(Duration.ofSeconds(40));
		ExponentialBackOff backOff = (ExponentialBackOff) orders.options().backOff();
		assertThat(backOff.getMultiplier()).isEqualTo(3);
		assertThat(backOff.getMaxInterval()).isEqualTo(Duration.ofMinutes(2).toMillis());
		assertThat(orders.options().client().proxy().host()).isEqualTo("proxy");
		assertThat(orders.options().client().proxy().port()).isEqualTo(8080);
		assertThat(orders.options().errorPolicy().maxRetries()).isEqualTo(7);
		assertThat(orders.options().errorPolicy().action().name()).isEqualTo("SKIP");
	}

	@ParameterizedTest
	@EnumSource
	void mapsMergeKeyByKeyAndListsAreReplaced(Binding binding) {
		LongPollEndpoint orders = endpoint(factory(binding, PROPERTIES), "orders");
		assertThat(headers(orders)).containsOnly(entry("a", "1"), entry("shared", "orders"), entry("b", "2"));
		assertThat(orders.cursor().headerEcho().pairs()).containsOnly(entry("X-A", "X-B"), entry("X-C", "X-D"));
		assertThat(orders.options().statuses().idle()).containsExactly(200);
		assertThat(orders.cursor().recovery().goneBody().statuses()).containsExactly(400);
		assertThat(orders.cursor().recovery().goneBody().values()).containsExactly("expired");
	}

	@ParameterizedTest
	@EnumSource
	void noListenerSeesAnotherListenersSettings(Binding binding) {
		PropertiesLongPollEndpointFactory factory = factory(binding, PROPERTIES);
		endpoint(factory, "orders");
		LongPollEndpoint payments = endpoint(factory, "payments");
		LongPollEndpoint plain = endpoint(factory, "plain");
		LongPollEndpoint ordersAgain = endpoint(factory, "orders");
		assertThat(headers(payments)).containsOnly(entry("a", "1"), entry("shared", "default"), entry("c", "3"));
		assertThat(payments.cursor().headerEcho().pairs()).containsOnly(entry("X-A", "X-B"));
		assertThat(payments.options().statuses().idle()).containsExactlyInAnyOrder(204, 408);
		assertThat(payments.cursor().recovery().goneBody().values()).containsExactly("gone");
		assertThat(payments.options().client().proxy().port()).isEqualTo(3128);
		assertThat(((ExponentialBackOff) payments.options().backOff()).getMaxInterval())
			.isEqualTo(Duration.ofMinutes(1).toMillis());
		assertThat(headers(plain)).containsOnly(entry("a", "1"), entry("shared", "default"));
		assertThat(plain.cursor().headerEcho().pairs()).containsOnly(entry("X-A", "X-B"));
		assertThat(plain.options().errorPolicy().action().name()).isEqualTo("RETRY");
		assertThat(headers(ordersAgain)).isEqualTo(headers(endpoint(factory, "orders")))
			.containsOnly(entry("a", "1"), entry("shared", "orders"), entry("b", "2"));
	}

	@ParameterizedTest
	@EnumSource
	void anInvalidValueInASectionNamesThePropertyAndTheListener(Binding binding) {
		PropertiesLongPollEndpointFactory factory = factory(binding,
				Map.of("longpoll.defaults.url", "http://localhost:1/feed", "longpoll.listeners.orders.timeout", "soon"));
		assertThatExceptionOfType(ListenerConfigurationException.class)
			.isThrownBy(() -> factory.builder("orders", "listener 'orders'"))
			.withMessage("listener 'orders': invalid property 'longpoll.listeners.orders.timeout' ('soon'):"
					+ " 'soon' is not a valid duration; fix the value (durations look like '30s', '500ms' or 'PT30S')");
		// a listener without a section is not concerned
		assertThat(factory.builder("other", "listener 'other'")).isNotNull();
	}

	@ParameterizedTest
	@EnumSource
	void anInvalidDefaultNamesThePropertyAndTheFirstListenerThatUsesIt(Binding binding) {
		PropertiesLongPollEndpointFactory factory = factory(binding,
				Map.of("longpoll.defaults.timeout", "soon", "longpoll.listeners.orders.url", "http://localhost:1/feed"));
		for (String id : List.of("orders", "other", "orders")) {
			assertThatExceptionOfType(ListenerConfigurationException.class)
				.isThrownBy(() -> factory.builder(id, "listener '" + id + "'"))
				.withMessage("listener '" + id + "': invalid property 'longpoll.defaults.timeout' ('soon'):"
						+ " 'soon' is not a valid duration; fix the value (durations look like '30s', '500ms' or 'PT30S')");
		}
	}

	/**
	 * Sections spread over several sources, in the forms Boot accepts (relaxed names,
	 * indexed ids, environment variables, placeholders): binding from the sections' own
	 * names gives what binding from every name gives.
	 */
	@Test
	void bindingFromTheSectionsNamesGivesWhatBindingFromEveryNameGives() {
		Map<String, Object> high = new LinkedHashMap<>();
		high.put("longpoll.defaults.url", "http://localhost:1/${path}");
		high.put("path", "feed");
		high.put("longpoll.defaults.headers.a", "1");
		high.put("longpoll.listeners.orders.timeout", "41s");
		high.put("longpoll.listeners.orders.headers.b", "high");
		high.put("longpoll.listeners.orders.connectTimeout", "3s");
		high.put("longpoll.listeners.orders.fatal-statuses[0]", "401");
		high.put("longpoll.listeners.tenant-a.body", "{}");
		high.put("longpoll.listeners[payments].headers.p", "indexed");
		high.put("longpoll.listeners.payments.cursor.echo-headers.X-A", "X-B");
		high.put("longpoll.listeners.payments.hold-hint.parameter", "wait");
		Map<String, Object> low = new LinkedHashMap<>();
		low.put("longpoll.listeners.orders.timeout", "42s");
		low.put("longpoll.listeners.orders.headers.b", "low");
		low.put("longpoll.listeners.orders.headers.c", "3");
		low.put("longpoll.listeners.orders.fatal-statuses", "402,403");
		low.put("longpoll.listeners.orders.cursor.gone-body.values[0]", "expired");
		low.put("longpoll.listeners.tenanta.headers.t", "undashed");
		low.put("longpoll.listeners.plain-listener.headers.q", "${path}");
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("LONGPOLL_LISTENERS_ORDERS_HEADERS_E", "env");
		variables.put("LONGPOLL_LISTENERS_ORDERS_IDLESTATUSES_0", "299");
		variables.put("LONGPOLL_LISTENERS_TENANTA_HEADERS_V", "variable");
		variables.put("LONGPOLL_LISTENERS_PAYMENTS_BACKOFF_MAXINTERVAL", "3m");
		ConfigurableEnvironment environment = environment(new MapPropertySource("high", high),
				new MapPropertySource("low", low), new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		PropertiesLongPollEndpointFactory reference = factory(Binding.BINDER, environment);
		PropertiesLongPollEndpointFactory sections = factory(Binding.SECTIONS, environment);
		assertThat(ListenerSections.of(environment).ids()).containsExactly("orders", "payments", "plain-listener",
				"tenant-a", "tenanta");
		for (String id : List.of("orders", "payments", "tenant-a", "tenanta", "plain-listener", "other")) {
			assertThat(describe(endpoint(sections, id))).as(id).isEqualTo(describe(endpoint(reference, id)));
		}
		LongPollEndpoint orders = endpoint(sections, "orders");
		assertThat(orders.url()).isEqualTo("http://localhost:1/feed");
		assertThat(orders.options().timeout()).isEqualTo(Duration.ofSeconds(41));
		assertThat(orders.options().client().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(headers(orders)).containsOnly(entry("a", "1"), entry("b", "high"), entry("c", "3"),
				entry("e", "env"));
		assertThat(orders.options().statuses().fatal()).containsExactly(401);
		assertThat(orders.options().statuses().idle()).containsExactly(299);
		assertThat(headers(endpoint(sections, "tenant-a"))).containsOnly(entry("a", "1"), entry("t", "undashed"),
				entry("v", "variable"));
		assertThat(headers(endpoint(sections, "payments"))).containsOnly(entry("a", "1"), entry("p", "indexed"));
		assertThat(headers(endpoint(sections, "plain-listener"))).containsOnly(entry("a", "1"), entry("q", "feed"));
	}

	private static String describe(LongPollEndpoint endpoint) {
		return List.of(endpoint.id(), endpoint.url(), endpoint.method(), String.valueOf(endpoint.body()),
				headers(endpoint), endpoint.options(), endpoint.cursor().headerEcho(), endpoint.cursor().recovery(),
				String.valueOf(endpoint.cursor().initial()), endpoint.cursor().idleWhenUnchanged(),
				endpoint.cursor().strategy().getClass(), endpoint.autoStartup())
			.toString();
	}

	private static Map<String, String> headers(LongPollEndpoint endpoint) {
		Map<String, String> headers = new LinkedHashMap<>();
		endpoint.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
		return headers;
	}

}
