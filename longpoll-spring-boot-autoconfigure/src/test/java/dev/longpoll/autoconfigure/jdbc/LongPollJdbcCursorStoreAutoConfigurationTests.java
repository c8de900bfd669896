package dev.longpoll.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.FileCursorStore;
import dev.longpoll.cursor.InMemoryCursorStore;
import dev.longpoll.cursor.JdbcCursorStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC cursor store exists when asked for and a DataSource is there.
 */
class LongPollJdbcCursorStoreAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LongPollAutoConfiguration.class,
				LongPollJdbcCursorStoreAutoConfiguration.class, DataSourceAutoConfiguration.class,
				WebClientAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:conditions;DB_CLOSE_DELAY=-1");

	@Test
	void runWithTypeJdbcShouldCreateTheStoreAndItsTable() {
		this.contextRunner.withPropertyValues("longpoll.cursor-store.type=jdbc").run((context) -> {
			assertThat(context).getBean(CursorStore.class).isInstanceOf(JdbcCursorStore.class);
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM longpoll_cursor", Integer.class)).isZero();
		});
	}

	@Test
	void runWithInitializeSchemaNeverShouldLeaveTheTableToTheApplication() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:never;DB_CLOSE_DELAY=-1",
					"longpoll.cursor-store.type=jdbc", "longpoll.cursor-store.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasSingleBean(LongPollJdbcSchemaInitializer.class);
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE "
						+ "LOWER(TABLE_NAME) = 'longpoll_cursor'", Integer.class)).isZero();
			});
	}

	@Test
	void runWithATableOfAnEarlierVersionShouldAddTheEchoHeadersColumn() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:legacy;DB_CLOSE_DELAY=-1",
					"longpoll.cursor-store.type=jdbc")
			.withInitializer((context) -> new JdbcTemplate(
					new org.springframework.jdbc.datasource.DriverManagerDataSource("jdbc:h2:mem:legacy;DB_CLOSE_DELAY=-1",
					"sa", ""))
				.execute("CREATE TABLE longpoll_cursor (listener_id VARCHAR(200) NOT NULL PRIMARY KEY, "
						+ "cursor_value VARCHAR(4000) NOT NULL, updated_at TIMESTAMP NOT NULL)"))
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE "
						+ "LOWER(TABLE_NAME) = 'longpoll_cursor' AND LOWER(COLUMN_NAME) = 'echo_headers'",
						Integer.class)).isOne();
			});
	}

	@Test
	void runWithTypeMemoryOrFileShouldNotUseJdbc() {
		this.contextRunner.run((context) -> assertThat(context).getBean(CursorStore.class)
			.isInstanceOf(InMemoryCursorStore.class));
		this.contextRunner.withPropertyValues("longpoll.cursor-store.type=file",
				"longpoll.cursor-store.directory=target/conditions-cursors")
			.run((context) -> assertThat(context).getBean(CursorStore.class).isInstanceOf(FileCursorStore.class));
	}

	@Test
	void runWithAUserStoreShouldBackOff() {
		InMemoryCursorStore own = new InMemoryCursorStore();
		this.contextRunner.withPropertyValues("longpoll.cursor-store.type=jdbc")
			.withBean(CursorStore.class, () -> own)
			.run((context) -> assertThat(context).getBean(CursorStore.class).isSameAs(own));
	}

}
