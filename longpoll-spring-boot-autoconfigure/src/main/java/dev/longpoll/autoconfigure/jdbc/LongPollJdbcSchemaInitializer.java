package dev.longpoll.autoconfigure.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.cursor.JdbcCursorStore;

/**
 * Creates the JDBC cursor store's table as one of Spring Boot's database initializers, so
 * that beans which depend on database initialization (and Flyway or Liquibase, when they
 * own the table and {@code initialize-schema} is {@code never}) are ordered with it. A table
 * created by an earlier version gains the {@code echo_headers} column.
 */
public class LongPollJdbcSchemaInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<LongPollJdbcProperties> {

	private final DataSource dataSource;

	private final String table;

	/**
	 * Create an initializer.
	 * @param dataSource the application's data source
	 * @param properties {@code longpoll.cursor-store.jdbc.*}
	 * @param table the table the store uses
	 */
	public LongPollJdbcSchemaInitializer(DataSource dataSource, LongPollJdbcProperties properties, String table) {
		super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
		this.dataSource = dataSource;
		this.table = table;
	}

	/**
	 * The shipped scripts create {@code longpoll_cursor}; a table of another name is
	 * created under that name.
	 */
	@Override
	protected void runScripts(Scripts scripts) {
		if (JdbcCursorStore.DEFAULT_TABLE.equals(this.table)) {
			super.runScripts(scripts);
			return;
		}
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			try {
				Charset encoding = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
				renamed.add(new ByteArrayResource(script.getContentAsString(encoding)
					.replace(JdbcCursorStore.DEFAULT_TABLE, this.table)
					.getBytes(encoding), script.getDescription()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(scripts.getEncoding()));
	}

	@Override
	public boolean initializeDatabase() {
		boolean initialized = super.initializeDatabase();
		if (initialized) {
			new JdbcCursorStore(new JdbcTemplate(this.dataSource), this.table).addMissingColumns();
		}
		return initialized;
	}

}
