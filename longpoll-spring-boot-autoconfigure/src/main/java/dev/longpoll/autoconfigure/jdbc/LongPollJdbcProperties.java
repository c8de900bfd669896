package dev.longpoll.autoconfigure.jdbc;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * How the JDBC cursor store's table is created, the way Spring Session, Batch and Quartz
 * create theirs: {@code initialize-schema} ({@code embedded} by default, {@code always},
 * {@code never}), a per-platform script ({@code schema-@@platform@@.sql}: PostgreSQL,
 * MySQL/MariaDB, H2, HSQLDB), run with Spring Boot's other database initializers.
 */
@ConfigurationProperties("longpoll.cursor-store.jdbc")
public class LongPollJdbcProperties extends DatabaseInitializationProperties {

	/** Where the shipped scripts are; {@code @@platform@@} is the database's platform. */
	public static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/longpoll/cursor/schema-@@platform@@.sql";

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
