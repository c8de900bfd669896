package dev.longpoll.autoconfigure.cluster;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * The leases' table ({@code longpoll.cluster.jdbc.*}): {@code longpoll_lease}, created like
 * the cursor table by a Spring Boot database initializer.
 */
@ConfigurationProperties("longpoll.cluster.jdbc")
public class LongPollClusterJdbcProperties extends DatabaseInitializationProperties {

	/** Where the shipped scripts are; {@code @@platform@@} is the database's platform. */
	public static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/longpoll/cluster/schema-lease-@@platform@@.sql";

	/**
	 * The region the leases are kept in, so that applications sharing one lease table
	 * stay apart; use one per application.
	 */
	private String region = "longpoll";

	public String getRegion() {
		return this.region;
	}

	public void setRegion(String region) {
		this.region = region;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
