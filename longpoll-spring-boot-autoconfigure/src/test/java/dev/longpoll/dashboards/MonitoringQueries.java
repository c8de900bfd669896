package dev.longpoll.dashboards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longpoll.dashboards.PromQl.References;
import dev.longpoll.dashboards.PromQl.Selector;

/**
 * The PromQL of the shipped Grafana dashboard and Prometheus rules, and what of it a
 * scrape lacks: metric names, label names, label values asked for literally, labels named
 * in legends and annotations, and functions PromQL does not have.
 */
final class MonitoringQueries {

	private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

	private static final Pattern TEMPLATE_LABEL = Pattern.compile("\\$labels\\.([A-Za-z_][A-Za-z0-9_]*)");

	/**
	 * One query and where it is.
	 * @param where the panel, variable or rule, for messages
	 * @param expression its PromQL
	 * @param templateLabels labels its legend or annotations print
	 */
	record Query(String where, String expression, Set<String> templateLabels) {
	}

	private MonitoringQueries() {
	}

	/**
	 * The queries of a Grafana dashboard: panel targets (rows included), query variables
	 * and annotation queries.
	 * @param dashboard the dashboard's JSON
	 * @return its queries
	 */
	static List<Query> fromDashboard(String dashboard) {
		JsonNode root = JsonMapper.shared().readTree(dashboard);
		List<Query> queries = new ArrayList<>();
		panels(root.path("panels"), queries);
		for (JsonNode variable : root.path("templating").path("list")) {
			if ("query".equals(text(variable.path("type")))) {
				JsonNode query = variable.path("query");
				String expression = query.isString() ? query.asString() : text(query.path("query"));
				queries.add(new Query("variable '" + text(variable.path("name")) + "'", expression, Set.of()));
			}
		}
		for (JsonNode annotation : root.path("annotations").path("list")) {
			if (annotation.has("expr")) {
				queries.add(new Query("annotation '" + text(annotation.path("name")) + "'",
						text(annotation.path("expr")), Set.of()));
			}
		}
		return queries;
	}

	private static void panels(JsonNode panels, List<Query> queries) {
		for (JsonNode panel : panels) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(new Query("panel '" + text(panel.path("title")) + "' query " + text(target.path("refId")),
						text(target.path("expr")), labelsIn(LEGEND_LABEL, text(target.path("legendFormat")))));
			}
			panels(panel.path("panels"), queries); // a collapsed row holds its panels
		}
	}

	private static String text(JsonNode node) {
		return node.isString() ? node.asString() : "";
	}

	/**
	 * The expressions of a Prometheus rule file, alerting and recording rules alike.
	 * @param rules the file's YAML
	 * @param problems where an alert without 'for', 'severity', 'summary' or 'description'
	 * is reported
	 * @return its queries
	 */
	@SuppressWarnings("unchecked")
	static List<Query> fromRules(String rules, List<String> problems) {
		Map<String, Object> root = new Yaml().load(rules);
		List<Query> queries = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				String name = String.valueOf(rule.getOrDefault("alert", rule.get("record")));
				String where = "rule '" + name + "'";
				Map<String, Object> labels = (Map<String, Object>) rule.getOrDefault("labels", Map.of());
				Map<String, Object> annotations = (Map<String, Object>) rule.getOrDefault("annotations", Map.of());
				if (rule.containsKey("alert")) {
					for (String required : List.of("for", "expr")) {
						if (!rule.containsKey(required)) {
							problems.add(where + ": no '" + required + "'");
						}
					}
					if (!labels.containsKey("severity")) {
						problems.add(where + ": no 'severity' label");
					}
					for (String required : List.of("summary", "description")) {
						if (!annotations.containsKey(required)) {
							problems.add(where + ": no '" + required + "' annotation");
						}
					}
				}
				Set<String> templateLabels = new LinkedHashSet<>();
				annotations.values().forEach((text) -> templateLabels.addAll(labelsIn(TEMPLATE_LABEL, String.valueOf(text))));
				queries.add(new Query(where, String.valueOf(rule.get("expr")), templateLabels));
			}
		}
		return queries;
	}

	private static Set<String> labelsIn(Pattern pattern, String text) {
		Set<String> labels = new LinkedHashSet<>();
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			labels.add(matcher.group(1));
		}
		return labels;
	}

	/**
	 * What the queries use that the scrape does not have.
	 * @param queries the queries
	 * @param scrape the scrape
	 * @return one line per missing name, empty when all exist
	 */
	static List<String> problems(List<Query> queries, PrometheusScrape scrape) {
		List<String> problems = new ArrayList<>();
		queries.forEach((query) -> check(query, scrape, problems));
		return problems;
	}

	private static void check(Query query, PrometheusScrape scrape, List<String> problems) {
		References references = PromQl.parse(query.expression());
		String where = query.where() + ": ";
		if (references.metrics().isEmpty()) {
			problems.add(where + "uses no metric: '" + query.expression() + "'");
		}
		references.unknownFunctions().forEach((name) -> problems.add(where + "'" + name + "' is no PromQL function"));
		Set<String> known = new TreeSet<>(PrometheusScrape.TARGET_LABELS);
		boolean metricsFound = true;
		for (Selector selector : references.selectors()) {
			metricsFound &= check(where, selector, scrape, known, problems);
		}
		if (!metricsFound) {
			return; // which labels the result has is unknown: saying them missing too would be noise
		}
		for (String label : references.groupingLabels()) {
			if (!known.contains(label)) {
				problems.add(where + "label '" + label + "' (grouping) is on none of " + references.metrics());
			}
		}
		for (String label : query.templateLabels()) {
			if (!known.contains(label)) {
				problems.add(where + "label '" + label + "' (legend or annotation) is on none of "
						+ references.metrics());
			}
		}
	}

	// Whether the selector's metric is in the scrape; adds its labels to 'known'
	private static boolean check(String where, Selector selector, PrometheusScrape scrape, Set<String> known,
			List<String> problems) {
		String metric = selector.metric();
		if (metric == null) {
			return true;
		}
		if (!scrape.has(metric)) {
			problems.add(where + "metric '" + metric + "' is not in the scrape");
			return false;
		}
		Map<String, Set<String>> labels = scrape.labels(metric);
		known.addAll(labels.keySet());
		for (PromQl.Matcher matcher : selector.matchers()) {
			if (!scrape.hasLabel(metric, matcher.label())) {
				problems.add(where + "label '" + matcher.label() + "' is not on '" + metric + "' (it has "
						+ labels.keySet() + ")");
			}
			else if (labels.containsKey(matcher.label())) { // not a target's label, whose values nobody knows here
				Set<String> values = labels.get(matcher.label());
				matcher.literalValues()
					.stream()
					.filter((value) -> !values.contains(value))
					.forEach((value) -> problems.add(where + "no '" + metric + "' has " + matcher.label() + "=\""
							+ value + "\" (values: " + values + ")"));
			}
		}
		return true;
	}

	/**
	 * Read a file of the repository, from the module's directory or above it.
	 * @param path the path from the repository's root
	 * @return its text
	 * @throws IOException if it cannot be read
	 */
	static String read(String path) throws IOException {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.exists(directory.resolve(path))) {
			directory = directory.getParent();
		}
		if (directory == null) {
			throw new IOException("'" + path + "' is in no directory above " + Path.of("").toAbsolutePath());
		}
		return Files.readString(directory.resolve(path));
	}

}
