package dev.longpoll.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults an IDE shows for {@code longpoll.defaults.*} (the generated metadata) are
 * the defaults the code uses ({@code LongPollDefaults}, through the properties), for every
 * listener setting.
 */
class LongPollPropertiesMetadataTests {

	private static final String PREFIX = "longpoll.defaults.";

	@Test
	void metadataDefaultsAreTheDefaultsTheCodeUses() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.shared().readTree(in);
		}
		LongPollListenerProperties defaults = new LongPollListenerProperties();
		BeanWrapper actual = PropertyAccessorFactory.forBeanPropertyAccess(defaults);
		List<String> checked = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (!name.startsWith(PREFIX)) {
				continue;
			}
			String path = camelCase(name.substring(PREFIX.length()));
			Object value = actual.getPropertyValue(path);
			JsonNode declared = property.get("defaultValue");
			if (declared == null) {
				assertThat(value).as("'%s' has a default in code but none in the metadata", name)
					.satisfiesAnyOf((v) -> assertThat(v).isNull(), (v) -> assertThat(v).asInstanceOf(
							org.assertj.core.api.InstanceOfAssertFactories.MAP).isEmpty(), (v) -> assertThat(v)
								.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).isEmpty());
				continue;
			}
			Object bound = bind(path, declared, actual.getPropertyType(path));
			assertThat(bound).as("default of '%s'", name).isEqualTo(value);
			checked.add(name);
		}
		assertThat(checked).hasSizeGreaterThan(20);
	}

	@Test
	void metadataDescribesTheListenersSectionsThoughTheyAreNotBoundWithTheRest() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.shared().readTree(in);
		}
		List<JsonNode> listeners = new ArrayList<>();
		metadata.get("properties").forEach((property) -> {
			if (property.get("name").asString().equals("longpoll.listeners")) {
				listeners.add(property);
			}
		});
		assertThat(listeners).singleElement().satisfies((property) -> {
			assertThat(property.get("type").asString()).isEqualTo(
					"java.util.Map<java.lang.String,dev.longpoll.autoconfigure.LongPollListenerProperties>");
			assertThat(property.get("description").asString()).startsWith("Settings of single listeners, by listener id");
		});
	}

	private static Object bind(String path, JsonNode declared, Class<?> type) {
		Map<String, Object> source = new java.util.HashMap<>();
		if (declared.isArray()) {
			for (int i = 0; i < declared.size(); i++) {
				source.put("p[" + i + "]", declared.get(i).asString());
			}
		}
		else {
			source.put("p", declared.asString());
		}
		Binder binder = new Binder(new MapConfigurationPropertySource(source));
		return declared.isArray() ? binder.bind("p", Bindable.listOf(Integer.class)).get()
				: binder.bind("p", Bindable.of(type)).get();
	}

	private static String camelCase(String kebab) {
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

}
