package dev.longpoll.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.Environment;

import dev.longpoll.container.LongPollContainer;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.endpoint.ListenerConfigurationException;

/**
 * Catches settings under {@code longpoll.listeners.<id>} that no listener uses, such as
 * {@code fed} for {@code feed}. Listeners registered at runtime may use any id, so the
 * rule is: once the annotated listeners are registered, an unknown id that looks like a
 * typo of a known one (at most two letters apart, and not a numbered sibling such as
 * {@code tenant-2} of {@code tenant-1} or {@code feed-2} of {@code feed}) fails startup,
 * naming both; any other unknown id
 * gets one WARN line once the application is ready, if no listener registered it by then.
 */
public class LongPollListenerIdVerifier implements SmartApplicationListener {

	private static final Log logger = LogFactory.getLog("dev.longpoll");

	private volatile @Nullable Read read;

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ContextRefreshedEvent.class.isAssignableFrom(eventType)
				|| ApplicationReadyEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ContextRefreshedEvent refreshed) {
			verify(refreshed.getApplicationContext(), false);
		}
		else if (event instanceof ApplicationReadyEvent ready) {
			verify(ready.getApplicationContext(), true);
		}
	}

	private void verify(ApplicationContext context, boolean ready) {
		LongPollListenerRegistry registry = context.getBeanProvider(LongPollListenerRegistry.class).getIfUnique();
		if (registry == null) {
			return;
		}
		Set<String> configured = sections(context.getEnvironment()).ids();
		Set<String> known = new TreeSet<>();
		registry.getContainers().stream().map(LongPollContainer::id).forEach(known::add);
		List<String> unknown = new ArrayList<>();
		for (String id : configured) {
			if (known.contains(id)) {
				continue;
			}
			String twin = typoOf(id, known);
			if (twin != null && !ready) {
				throw new ListenerConfigurationException("'longpoll.listeners." + id + "'",
						"no listener has the id '" + id + "'; did you mean '" + twin + "'? Listeners: " + known,
						"rename 'longpoll.listeners." + id + "' to 'longpoll.listeners." + twin + "'");
			}
			unknown.add(id);
		}
		if (ready && !unknown.isEmpty()) {
			logger.warn("Settings under 'longpoll.listeners' for " + unknown + " match no listener (listeners: " + known
					+ "); a listener registered later with such an id will use them, otherwise check the spelling");
		}
	}

	/**
	 * The sections under {@code longpoll.listeners}, read once per environment: the
	 * endpoint factory, which binds them, and this check, at refresh and once ready, share
	 * them.
	 * @param environment the application's environment
	 * @return the sections
	 */
	ListenerSections sections(Environment environment) {
		Read read = this.read;
		if (read == null || read.environment() != environment) {
			read = new Read(environment, ListenerSections.of(environment));
			this.read = read;
		}
		return read.sections();
	}

	/**
	 * The ids that have settings under {@code longpoll.listeners}, read from the property
	 * names in one pass: binding the section as a map costs time in proportion to the
	 * square of its size, minutes for thousands of listeners.
	 * @param environment the application's environment
	 * @return the ids, sorted
	 */
	static Set<String> configuredIds(Environment environment) {
		return ListenerSections.of(environment).ids();
	}

	private record Read(Environment environment, ListenerSections sections) {
	}

	private static @Nullable String typoOf(String id, Set<String> known) {
		for (String candidate : known) {
			if (distance(id, candidate) <= 2 && !withoutNumbers(id).equals(withoutNumbers(candidate))) {
				return candidate;
			}
		}
		return null;
	}

	private static String withoutNumbers(String id) {
		return id.replaceAll("[0-9-]", "");
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
