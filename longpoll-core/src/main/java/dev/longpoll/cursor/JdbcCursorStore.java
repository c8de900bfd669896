package dev.longpoll.cursor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * Positions in a database table ({@code listener_id}, {@code cursor_value} (empty when
 * a listener has only echoed headers), {@code echo_headers} as JSON, {@code fence_token},
 * {@code updated_at}); the schema ships in the jar as {@value #SCHEMA}. A table created by
 * an earlier version lacks {@code echo_headers} or {@code fence_token}:
 * {@link #initializeSchema()} adds them, or run
 * {@code ALTER TABLE longpoll_cursor ADD COLUMN echo_headers VARCHAR(4000)} and
 * {@code ALTER TABLE longpoll_cursor ADD COLUMN fence_token BIGINT} yourself. Instances
 * sharing listeners write with fencing tokens ({@link FencingCursorStore}); a row whose
 * token is negative holds a claim and no position yet.
 */
public class JdbcCursorStore implements FencingCursorStore {

	/** The schema script, written for the table {@code longpoll_cursor}. */
	public static final String SCHEMA = "dev/longpoll/cursor/schema.sql";

	/** The table the shipped scripts create. */
	public static final String DEFAULT_TABLE = "longpoll_cursor";

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	// the condition of a fenced write: no token stored, or one no higher than the writer's
	private static final String UNFENCED = " AND (fence_token IS NULL OR ABS(fence_token) <= ?)";

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
	 * Create the table if it does not exist, from the shipped schema script, and add the
	 * {@code echo_headers} column to a table created by an earlier version.
	 */
	public void initializeSchema() {
		try {
			String script = new ClassPathResource(SCHEMA).getContentAsString(StandardCharsets.UTF_8);
			this.jdbc.execute(script.replace(DEFAULT_TABLE, this.table).replace(";", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		addMissingColumns();
	}

	/**
	 * Add the columns a table created by an earlier version lacks: {@code echo_headers},
	 * {@code fence_token}.
	 */
	public void addMissingColumns() {
		if (!hasColumn("echo_headers")) {
			this.jdbc.execute("ALTER TABLE " + this.table + " ADD COLUMN echo_headers VARCHAR(4000)");
		}
		if (!hasColumn("fence_token")) {
			this.jdbc.execute("ALTER TABLE " + this.table + " ADD COLUMN fence_token BIGINT");
		}
	}

	private boolean hasColumn(String column) {
		Boolean found = this.jdbc.execute((java.sql.Connection connection) -> {
			DatabaseMetaData metaData = connection.getMetaData();
			String name = this.table.substring(this.table.indexOf('.') + 1);
			for (String candidate : List.of(name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))) {
				try (ResultSet columns = metaData.getColumns(null, null, candidate, null)) {
					while (columns.next()) {
						if (column.equalsIgnoreCase(columns.getString("COLUMN_NAME"))) {
							return true;
						}
					}
				}
			}
			return false;
		});
		return Boolean.TRUE.equals(found);
	}

	@Override
	public @Nullable CursorPosition load(String listenerId) {
		List<CursorPosition> positions = this.jdbc.query(
				"SELECT cursor_value, echo_headers, fence_token FROM " + this.table + " WHERE listener_id = ?",
				(row, index) -> (row.getLong(3) < 0) ? null : new CursorPosition(emptyToNull(row.getString(1)),
						PositionCodec.headersFromJson(row.getString(2))),
				listenerId);
		return positions.isEmpty() ? null : positions.get(0);
	}

	@Override
	public void save(String listenerId, CursorPosition position) {
		Timestamp now = Timestamp.from(Instant.now());
		String headers = position.echoedHeaders().isEmpty() ? null : PositionCodec.headersToJson(position.echoedHeaders());
		String cursor = (position.cursor() != null) ? position.cursor() : "";
		if (update(listenerId, cursor, headers, now) > 0) {
			return;
		}
		try {
			this.jdbc.update("INSERT INTO " + this.table
					+ " (listener_id, cursor_value, echo_headers, updated_at) VALUES (?, ?, ?, ?)", listenerId, cursor,
					headers, now);
		}
		catch (DuplicateKeyException ex) {
			update(listenerId, cursor, headers, now); // inserted meanwhile
		}
	}

	@Override
	public void remove(String listenerId) {
		this.jdbc.update("DELETE FROM " + this.table + " WHERE listener_id = ?", listenerId);
	}

	@Override
	public boolean claim(String listenerId, long token) {
		for (int attempt = 0; attempt < 2; attempt++) {
			if (this.jdbc.update("UPDATE " + this.table + " SET fence_token = CASE WHEN fence_token < 0 THEN ? ELSE ? "
					+ "END WHERE listener_id = ?" + UNFENCED, -token, token, listenerId, token) > 0) {
				return true;
			}
			if (exists(listenerId)) {
				return false;
			}
			if (insert(listenerId, "", null, -token)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean save(String listenerId, CursorPosition position, long token) {
		String headers = position.echoedHeaders().isEmpty() ? null : PositionCodec.headersToJson(position.echoedHeaders());
		String cursor = (position.cursor() != null) ? position.cursor() : "";
		for (int attempt = 0; attempt < 2; attempt++) {
			if (this.jdbc.update("UPDATE " + this.table + " SET cursor_value = ?, echo_headers = ?, updated_at = ?, "
					+ "fence_token = ? WHERE listener_id = ?" + UNFENCED, cursor, headers, Timestamp.from(Instant.now()),
					token, listenerId, token) > 0) {
				return true;
			}
			if (exists(listenerId)) {
				return false;
			}
			if (insert(listenerId, cursor, headers, token)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public boolean remove(String listenerId, long token) {
		return this.jdbc.update("UPDATE " + this.table + " SET cursor_value = '', echo_headers = NULL, updated_at = ?, "
				+ "fence_token = ? WHERE listener_id = ?" + UNFENCED, Timestamp.from(Instant.now()), -token, listenerId,
				token) > 0 || !exists(listenerId);
	}

	private boolean exists(String listenerId) {
		Integer rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.table + " WHERE listener_id = ?",
				Integer.class, listenerId);
		return rows != null && rows > 0;
	}

	private boolean insert(String listenerId, String cursor, @Nullable String headers, long token) {
		try {
			return this.jdbc.update("INSERT INTO " + this.table + " (listener_id, cursor_value, echo_headers, "
					+ "fence_token, updated_at) VALUES (?, ?, ?, ?, ?)", listenerId, cursor, headers, token,
					Timestamp.from(Instant.now())) > 0;
		}
		catch (DuplicateKeyException ex) { // inserted meanwhile: the update decides
			return false;
		}
	}

	private static @Nullable String emptyToNull(@Nullable String cursor) {
		return (cursor == null || cursor.isEmpty()) ? null : cursor;
	}

	private int update(String listenerId, String cursor, @Nullable String headers, Timestamp now) {
		return this.jdbc.update(
				"UPDATE " + this.table + " SET cursor_value = ?, echo_headers = ?, updated_at = ?, "
						+ "fence_token = ABS(fence_token) WHERE listener_id = ?",
				cursor, headers, now, listenerId);
	}

}
