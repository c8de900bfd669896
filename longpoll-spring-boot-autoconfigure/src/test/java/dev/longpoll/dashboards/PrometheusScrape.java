package dev.longpoll.dashboards;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The series of one scrape in Prometheus' text format: for each sample name (such as
 * {@code longpoll_poll_seconds_count}) the labels it has and the values each label takes.
 */
final class PrometheusScrape {

	/**
	 * Labels that Prometheus gives every series of a target when it scrapes it, so they
	 * are never in the application's own output.
	 */
	static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private final Map<String, Map<String, Set<String>>> series = new TreeMap<>();

	private PrometheusScrape() {
	}

	/**
	 * Read a scrape.
	 * @param text what {@code /actuator/prometheus} answered
	 * @return its series
	 */
	static PrometheusScrape parse(String text) {
		PrometheusScrape scrape = new PrometheusScrape();
		text.lines().map(String::strip).filter((line) -> !line.isEmpty() && !line.startsWith("#")).forEach(scrape::sample);
		return scrape;
	}

	private void sample(String line) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		boolean labelled = brace >= 0 && (space < 0 || brace < space);
		String name = line.substring(0, labelled ? brace : space);
		Map<String, Set<String>> labels = this.series.computeIfAbsent(name, (key) -> new TreeMap<>());
		if (!labelled) {
			return;
		}
		int i = brace + 1;
		while (i < line.length() && line.charAt(i) != '}') {
			int equals = line.indexOf('=', i);
			String label = line.substring(i, equals).strip();
			StringBuilder value = new StringBuilder();
			i = equals + 2; // past ="
			while (line.charAt(i) != '"') {
				char c = line.charAt(i++);
				value.append((c == '\\') ? unescape(line.charAt(i++)) : c);
			}
			labels.computeIfAbsent(label, (key) -> new TreeSet<>()).add(value.toString());
			i++; // past the closing quote
			if (line.charAt(i) == ',') {
				i++;
			}
		}
	}

	private static char unescape(char c) {
		return (c == 'n') ? '\n' : c;
	}

	/**
	 * Whether a sample name is in the scrape.
	 * @param name a sample name
	 * @return whether it is
	 */
	boolean has(String name) {
		return this.series.containsKey(name);
	}

	/**
	 * The labels of the series of one name, without the target's labels.
	 * @param name a sample name
	 * @return label names and their values, empty when the name is absent
	 */
	Map<String, Set<String>> labels(String name) {
		return this.series.getOrDefault(name, Map.of());
	}

	/**
	 * Whether the series of a name have a label, counting the target's labels.
	 * @param name a sample name
	 * @param label a label name
	 * @return whether it has
	 */
	boolean hasLabel(String name, String label) {
		return TARGET_LABELS.contains(label) || labels(name).containsKey(label);
	}

	/**
	 * The sample names, sorted.
	 * @return the names
	 */
	Set<String> names() {
		return this.series.keySet();
	}

}
