package dev.longpoll.autoconfigure.cluster;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;

/**
 * Creates the leases' table ({@code longpoll_lease}) as one of Spring
 * Boot's database initializers.
 */
public class LongPollClusterSchemaInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<LongPollClusterJdbcProperties> {

	/**
	 * Create an initializer.
	 * @param dataSource the shared database
	 * @param properties {@code longpoll.cluster.jdbc.*}
	 */
	public LongPollClusterSchemaInitializer(DataSource dataSource, LongPollClusterJdbcProperties properties) {
		super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
	}

}
