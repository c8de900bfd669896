package dev.longpoll.autoconfigure.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * The leases' table ({@code longpoll.cluster.jdbc.*}): Spring Integration's
 * {@code INT_LOCK}, created like the cursor table by a Spring Boot database initializer.
 */
@ConfigurationProperties("longpoll.cluster.jdbc")
public class LongPollClusterJdbcProperties extends DatabaseInitializationProperties {

	/** Where the shipped scripts are; {@code @@platform@@} is the database's platform. */
	public static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/longpoll/cluster/schema-lock-@@platform@@.sql";

	/**
	 * The lock region the leases are kept in, so that applications sharing one lock table
	 * stay apart; use one per application.
	 */
	private String region = "longpoll";

	/**
	 * Prefix of the lock table ({@code <prefix>LOCK}).
	 */
	private String tablePrefix = "INT_";

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	public String getTablePrefix() {
		return this.tablePrefix;
	}

	public void setTablePrefix(String tablePrefix) {
		this.tablePrefix = tablePrefix;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
