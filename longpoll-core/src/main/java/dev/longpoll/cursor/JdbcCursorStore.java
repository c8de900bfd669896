package dev.longpoll.cursor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Cursors in a database table ({@code listener_id}, {@code cursor_value},
 * {@code updated_at}); the schema ships in the jar as {@value #SCHEMA}.
 */
public class JdbcCursorStore implements CursorStore {

	/** The schema script, written for the table {@code longpoll_cursor}. */
	public static final String SCHEMA = "dev/longpoll/cursor/schema.sql";

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private final JdbcTemplate jdbc;

	private final String table;

	/**
	 * Create a store.
	 * @param jdbc the template over the application's data source
	 * @param table the table name, optionally schema-qualified
	 */
	public JdbcCursorStore(JdbcTemplate jdbc, String table) {
		Assert.isTrue(TABLE_NAME.matcher(table).matches(), () -> "'longpoll.cursor-store.table' ('" + table
				+ "') must be a plain or schema-qualified table name");
		this.jdbc = jdbc;
		this.table = table;
	}

	/**
	 * Create the table if it does not exist, from the shipped schema script.
	 */
	public void initializeSchema() {
		try {
			String script = new ClassPathResource(SCHEMA).getContentAsString(StandardCharsets.UTF_8);
			this.jdbc.execute(script.replace("longpoll_cursor", this.table).replace(";", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public @Nullable String load(String listenerId) {
		List<String> cursors = this.jdbc.queryForList(
				"SELECT cursor_value FROM " + this.table + " WHERE listener_id = ?", String.class, listenerId);
		return cursors.isEmpty() ? null : cursors.get(0);
	}

	@Override
	public void save(String listenerId, String cursor) {
		Timestamp now = Timestamp.from(Instant.now());
		if (update(listenerId, cursor, now) > 0) {
			return;
		}
		try {
			this.jdbc.update("INSERT INTO " + this.table + " (listener_id, cursor_value, updated_at) VALUES (?, ?, ?)",
					listenerId, cursor, now);
		}
		catch (DuplicateKeyException ex) {
			update(listenerId, cursor, now); // inserted meanwhile
		}
	}

	@Override
	public void remove(String listenerId) {
		this.jdbc.update("DELETE FROM " + this.table + " WHERE listener_id = ?", listenerId);
	}

	private int update(String listenerId, String cursor, Timestamp now) {
		return this.jdbc.update("UPDATE " + this.table + " SET cursor_value = ?, updated_at = ? WHERE listener_id = ?",
				cursor, now, listenerId);
	}

}
