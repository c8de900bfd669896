package dev.longpoll.cursor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.jdbc.LongPollJdbcCursorStoreAutoConfiguration;
import dev.longpoll.container.LongPollListenerRegistry;
import dev.longpoll.handler.LongPollHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cursor stores: the file store's atomic writes, the JDBC store on embedded H2, and a
 * listener resuming from a stored cursor.
 */
class CursorStoreTests {

	@RegisterExtension
	static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class,
				LongPollJdbcCursorStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				WebClientAutoConfiguration.class, JacksonAutoConfiguration.class))
		.withPropertyValues("longpoll.listeners.stored.cursor.from-last-element=/id",
				"longpoll.listeners.stored.cursor.query-parameter=after", "longpoll.listeners.stored.cursor.initial=0");

	@Test
	void fileStoreRoundTripsAndIgnoresATornTemporaryFile(@TempDir Path directory) throws Exception {
		FileCursorStore store = new FileCursorStore(directory.resolve("nested"));
		assertThat(store.load("orders")).isNull();
		store.save("orders", CursorPosition.of("41"));
		CursorPosition withEcho = new CursorPosition("42", Map.of("If-None-Match", "\"v42\"", "If-Modified-Since",
				"Wed, 25 Nov 2026 12:00:00 GMT"));
		store.save("orders", withEcho);
		// a crash mid-write leaves at most a temporary file; the committed position is intact
		Files.writeString(directory.resolve("nested/orders.position.tmp"), "{\"cur");
		assertThat(store.load("orders")).isEqualTo(withEcho);
		store.save("orders", new CursorPosition(null, Map.of("If-None-Match", "\"only-an-etag\"")));
		assertThat(store.load("orders")).isEqualTo(new CursorPosition(null, Map.of("If-None-Match", "\"only-an-etag\"")));
		store.remove("orders");
		assertThat(store.load("orders")).isNull();
	}

	@Test
	void fileStoreReadsACursorFileOfTheEarlierVersionAndReplacesIt(@TempDir Path directory) throws Exception {
		Files.writeString(directory.resolve("orders.cursor"), "41");
		FileCursorStore store = new FileCursorStore(directory);
		assertThat(store.load("orders")).isEqualTo(CursorPosition.of("41"));
		store.save("orders", new CursorPosition("42", Map.of("If-None-Match", "\"x\"")));
		assertThat(directory.resolve("orders.cursor")).doesNotExist();
		assertThat(store.load("orders")).isEqualTo(new CursorPosition("42", Map.of("If-None-Match", "\"x\"")));
	}

	@Test
	void jdbcStoreKeepsEchoedHeadersAndMigratesATableOfTheEarlierVersion() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:migrate;DB_CLOSE_DELAY=-1",
					"spring.datasource.generate-unique-name=false")
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				jdbc.execute("CREATE TABLE longpoll_cursor (listener_id VARCHAR(200) NOT NULL PRIMARY KEY,"
						+ " cursor_value VARCHAR(4000) NOT NULL, updated_at TIMESTAMP NOT NULL)");
				jdbc.update("INSERT INTO longpoll_cursor VALUES ('old', '17', CURRENT_TIMESTAMP)");
				JdbcCursorStore store = new JdbcCursorStore(jdbc, "longpoll_cursor");
				store.initializeSchema();
				assertThat(store.load("old")).isEqualTo(CursorPosition.of("17"));
				CursorPosition etagOnly = new CursorPosition(null, Map.of("If-None-Match", "\"v9\""));
				store.save("etag", etagOnly);
				assertThat(store.load("etag")).isEqualTo(etagOnly);
				store.initializeSchema(); // twice is harmless
				assertThat(store.load("etag")).isEqualTo(etagOnly);
			});
	}

	@Test
	void jdbcStoreOnH2CreatesItsTableAndResumesTheListener() {
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("0"))
			.willReturn(okJson("[{\"id\":\"never\"}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("77"))
			.willReturn(okJson("[{\"id\":\"78\"}]")));
		server.stubFor(get(urlPathEqualTo("/feed")).withQueryParam("after", equalTo("78"))
			.willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
		List<String> bodies = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withPropertyValues("longpoll.cursor-store.type=jdbc", "longpoll.cursor-store.table=my_cursors",
					"spring.datasource.url=jdbc:h2:mem:cursors;DB_CLOSE_DELAY=-1",
					"spring.datasource.generate-unique-name=false")
			.run((context) -> {
				assertThat(context).getBean(CursorStore.class).isInstanceOf(JdbcCursorStore.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
				context.getBean(CursorStore.class).save("stored", CursorPosition.of("77"));
				LongPollListenerRegistry registry = context.getBean(LongPollListenerRegistry.class);
				registry.register("stored", server.baseUrl() + "/feed",
						LongPollHandler.blocking((response, cursor) -> bodies.add(response.bodyAsString())));
				await().atMost(Duration.ofSeconds(5))
					.until(() -> "78".equals(jdbc.queryForObject(
							"SELECT cursor_value FROM my_cursors WHERE listener_id = 'stored'", String.class)));
				assertThat(bodies).containsExactly("[{\"id\":\"78\"}]");
			});
	}

	@Test
	void jdbcStoreWithoutADataSourceFailsWithTheFix() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class,
					LongPollJdbcCursorStoreAutoConfiguration.class, WebClientAutoConfiguration.class,
					JacksonAutoConfiguration.class))
			.withPropertyValues("longpoll.cursor-store.type=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'longpoll.cursor-store.type' is 'jdbc' but there is no DataSource bean"));
	}

	@Test
	void userStoreReplacesOurs() {
		CursorStore mine = new InMemoryCursorStore();
		this.contextRunner.withBean(CursorStore.class, () -> mine)
			.withPropertyValues("longpoll.cursor-store.type=file")
			.run((context) -> assertThat(context).getBean(CursorStore.class).isSameAs(mine));
	}

}
