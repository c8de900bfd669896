package dev.longpoll.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyCaching;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The sections under {@code longpoll.listeners}, read in one pass over the property
 * names: the ids that have one, and per property source the names of each section.
 * <p>
 * Binding a map or a list, Boot walks every name of every property source (and binding
 * {@code longpoll.listeners} as a map, every name once per entry): for thousands of
 * sections, time in proportion to the square of their number. {@link #bind} binds one
 * listener's section from the same sources, in the same order, with the same placeholders
 * and conversions as {@link Binder#get(Environment)}, except that each source lists only
 * the names of that section; values are still looked up in the sources themselves.
 */
final class ListenerSections {

	private static final ConfigurationPropertyName LISTENERS = ConfigurationPropertyName.of("longpoll.listeners");

	private final Iterable<ConfigurationPropertySource> sources;

	private final Binder binder;

	private final Set<String> ids;

	/**
	 * Per property source (the underlying {@code PropertySource}), the names under
	 * {@code longpoll.listeners} by {@link #key(String) key} of their id.
	 */
	private final Map<Object, Map<String, List<ConfigurationPropertyName>>> names;

	private final PropertySourcesPlaceholdersResolver placeholders;

	private final ConfigurationPropertyCaching caching;

	private ListenerSections(Environment environment) {
		this.sources = ConfigurationPropertySources.get(environment);
		this.placeholders = new PropertySourcesPlaceholdersResolver(environment);
		this.binder = new Binder(this.sources, this.placeholders);
		this.caching = ConfigurationPropertyCaching.get(this.sources);
		Set<String> ids = new TreeSet<>();
		Map<Object, Map<String, List<ConfigurationPropertyName>>> names = new IdentityHashMap<>();
		int depth = LISTENERS.getNumberOfElements();
		for (ConfigurationPropertySource source : this.sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				Map<String, List<ConfigurationPropertyName>> sections = new HashMap<>();
				iterable.stream().filter(LISTENERS::isAncestorOf).forEach((name) -> {
					ids.add(name.getElement(depth, ConfigurationPropertyName.Form.DASHED));
					sections.computeIfAbsent(key(name.getElement(depth, ConfigurationPropertyName.Form.ORIGINAL)),
							(key) -> new ArrayList<>())
						.add(name);
				});
				names.put(underlying(source), sections);
			}
		}
		this.ids = Collections.unmodifiableSet(ids);
		this.names = names;
	}

	/**
	 * Read the sections of an environment.
	 * @param environment the application's environment
	 * @return its sections
	 */
	static ListenerSections of(Environment environment) {
		return new ListenerSections(environment);
	}

	/**
	 * The ids that have a section.
	 * @return the ids, sorted
	 */
	Set<String> ids() {
		return this.ids;
	}

	/**
	 * A binder of every property: {@link Binder#get(Environment)}.
	 * @return the binder
	 */
	Binder binder() {
		return this.binder;
	}

	/**
	 * Bind {@code longpoll.listeners.<id>} onto a target.
	 * @param id the listener id
	 * @param target what to bind onto
	 */
	void bind(String id, Bindable<?> target) {
		String key = key(id);
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		for (ConfigurationPropertySource source : this.sources) {
			Map<String, List<ConfigurationPropertyName>> sections = this.names.get(underlying(source));
			// a source added since the sections were read lists all its names
			sources.add((sections != null) ? new SectionSource(source, sections.getOrDefault(key, List.of())) : source);
		}
		// what a binder does for its own sources: they take their names as fixed while it binds
		try (ConfigurationPropertyCaching.CacheOverride override = this.caching.override()) {
			new Binder(sources, this.placeholders).bind("longpoll.listeners." + id, target);
		}
	}

	private static Object underlying(ConfigurationPropertySource source) {
		Object underlying = source.getUnderlyingSource();
		return (underlying != null) ? underlying : source;
	}

	/**
	 * Equal for two elements Boot takes for the same (it ignores case and every character
	 * but letters and digits, at least on one side), so a section's names are found under
	 * the key of its id; the binder then matches them exactly.
	 */
	private static String key(String element) {
		StringBuilder key = new StringBuilder(element.length());
		for (int i = 0; i < element.length(); i++) {
			char c = Character.toLowerCase(element.charAt(i));
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				key.append(c);
			}
		}
		return key.toString();
	}

	/**
	 * A property source that lists the names of one section only.
	 */
	private static final class SectionSource implements IterableConfigurationPropertySource {

		private final ConfigurationPropertySource source;

		private final List<ConfigurationPropertyName> names;

		SectionSource(ConfigurationPropertySource source, List<ConfigurationPropertyName> names) {
			this.source = source;
			this.names = names;
		}

		@Override
		public @Nullable ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
			return this.source.getConfigurationProperty(name);
		}

		@Override
		public ConfigurationPropertyState containsDescendantOf(ConfigurationPropertyName name) {
			return this.source.containsDescendantOf(name);
		}

		@Override
		public Stream<ConfigurationPropertyName> stream() {
			return this.names.stream();
		}

		@Override
		public @Nullable Object getUnderlyingSource() {
			return this.source.getUnderlyingSource();
		}

	}

}
