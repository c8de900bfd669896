package dev.longpoll.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.longpoll.dashboards.MonitoringQueries.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the dashboard's and the rules' queries are read and checked against a scrape.
 */
class MonitoringQueriesTests {

	private static final PrometheusScrape SCRAPE = PrometheusScrape.parse("""
			# HELP longpoll_poll_seconds Long-poll cycles
			# TYPE longpoll_poll_seconds summary
			longpoll_poll_seconds_count{application="app",listener="orders",outcome="events",status="200"} 5
			longpoll_poll_seconds_count{application="app",listener="orders",outcome="cursor_reset",status="410"} 1
			longpoll_state{application="app",listener="orders"} 1.0
			longpoll_cluster_owned{application="app",instance="node-1"} 1.0
			odd{path="a \\"quoted\\" \\\\ value, with } and ,"} 1
			""");

	@Test
	void scrapeReadsNamesLabelsAndEscapedValues() {
		assertThat(SCRAPE.names()).containsExactly("longpoll_cluster_owned", "longpoll_poll_seconds_count",
				"longpoll_state", "odd");
		assertThat(SCRAPE.labels("longpoll_poll_seconds_count").get("outcome")).containsExactly("cursor_reset",
				"events");
		assertThat(SCRAPE.labels("odd").get("path")).containsExactly("a \"quoted\" \\ value, with } and ,");
		assertThat(SCRAPE.hasLabel("longpoll_state", "job")).isTrue();
		assertThat(SCRAPE.hasLabel("longpoll_state", "outcome")).isFalse();
	}

	@Test
	void problemsAreNoneWhenEveryNameExists() {
		List<Query> queries = List.of(
				new Query("panel 'Outcomes' query A",
						"sum by (outcome, job) (rate(longpoll_poll_seconds_count{listener=~\"$listener\", "
								+ "outcome=\"cursor_reset\"}[5m]))",
						Set.of("outcome")),
				new Query("rule 'Owns'", "longpoll_cluster_owned == 0 and on (application) longpoll_state",
						Set.of("instance", "listener")));
		assertThat(MonitoringQueries.problems(queries, SCRAPE)).isEmpty();
	}

	@Test
	void problemsNameEachMissingMetricLabelValueAndFunction() {
		List<Query> queries = List.of(
				new Query("panel 'Bogus' query A", "rate(longpoll_bogus_total[5m])", Set.of()),
				new Query("panel 'Typo' query B",
						"sum by (lisener) (rat(longpoll_poll_seconds_count{outcom=\"x\", outcome=\"cursor_expired\"}[5m]))",
						Set.of("state")),
				new Query("variable 'empty'", "label_values(application)", Set.of()));
		assertThat(MonitoringQueries.problems(queries, SCRAPE)).containsExactly(
				"panel 'Bogus' query A: metric 'longpoll_bogus_total' is not in the scrape",
				"panel 'Typo' query B: 'rat' is no PromQL function",
				"panel 'Typo' query B: label 'outcom' is not on 'longpoll_poll_seconds_count' "
						+ "(it has [application, listener, outcome, status])",
				"panel 'Typo' query B: no 'longpoll_poll_seconds_count' has outcome=\"cursor_expired\" "
						+ "(values: [cursor_reset, events])",
				"panel 'Typo' query B: label 'lisener' (grouping) is on none of [longpoll_poll_seconds_count]",
				"panel 'Typo' query B: label 'state' (legend or annotation) is on none of "
						+ "[longpoll_poll_seconds_count]",
				"variable 'empty': uses no metric: 'label_values(application)'",
				"variable 'empty': label 'application' (grouping) is on none of []");
	}

	@Test
	void fromDashboardReadsTargetsOfRowsAndPanelsVariablesAndLegendLabels() {
		String dashboard = """
				{"panels": [
				  {"type": "row", "title": "Collapsed", "panels": [
				    {"title": "Inner", "targets": [{"refId": "A", "expr": "x", "legendFormat": "{{listener}} {{ outcome }}"}]}]},
				  {"title": "Outer", "targets": [{"refId": "B", "expr": "y"}]}],
				 "templating": {"list": [
				   {"name": "datasource", "type": "datasource", "query": "prometheus"},
				   {"name": "listener", "type": "query", "query": "label_values(x, listener)"},
				   {"name": "new", "type": "query", "query": {"query": "label_values(y, outcome)", "refId": "V"}}]}}
				""";
		assertThat(MonitoringQueries.fromDashboard(dashboard)).containsExactly(
				new Query("panel 'Inner' query A", "x", Set.of("listener", "outcome")),
				new Query("panel 'Outer' query B", "y", Set.of()),
				new Query("variable 'listener'", "label_values(x, listener)", Set.of()),
				new Query("variable 'new'", "label_values(y, outcome)", Set.of()));
	}

	@Test
	void fromRulesReadsExpressionsAndAnnotationLabelsAndReportsIncompleteAlerts() {
		String rules = """
				groups:
				  - name: g
				    rules:
				      - alert: Complete
				        expr: x == -1
				        for: 5m
				        labels: {severity: critical}
				        annotations:
				          summary: "Listener {{ $labels.listener }}"
				          description: "on {{$labels.instance}}"
				      - alert: Bare
				        expr: y > 1
				      - record: job:x:sum
				        expr: sum by (job) (x)
				""";
		List<String> problems = new ArrayList<>();
		assertThat(MonitoringQueries.fromRules(rules, problems)).containsExactly(
				new Query("rule 'Complete'", "x == -1", Set.of("listener", "instance")),
				new Query("rule 'Bare'", "y > 1", Set.of()), new Query("rule 'job:x:sum'", "sum by (job) (x)", Set.of()));
		assertThat(problems).containsExactly("rule 'Bare': no 'for'", "rule 'Bare': no 'severity' label",
				"rule 'Bare': no 'summary' annotation", "rule 'Bare': no 'description' annotation");
	}

}
