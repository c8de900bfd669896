package dev.longpoll.autoconfigure.jdbc;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.longpoll.autoconfigure.LongPollAutoConfiguration;
import dev.longpoll.autoconfigure.LongPollProperties;
import dev.longpoll.cursor.CursorStore;
import dev.longpoll.cursor.JdbcCursorStore;

/**
 * Auto-configuration of the JDBC cursor store, when {@code longpoll.cursor-store.type=jdbc}
 * and the application has a {@link DataSource}: the store, initialized after the
 * database, and the initializer of its table ({@code longpoll.cursor-store.jdbc.*}).
 */
@AutoConfiguration(before = LongPollAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ JdbcTemplate.class, DataSource.class, PropertiesBasedDataSourceScriptDatabaseInitializer.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnProperty(name = "longpoll.cursor-store.type", havingValue = "jdbc")
@ConditionalOnBooleanProperty(name = "longpoll.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LongPollProperties.class, LongPollJdbcProperties.class })
public final class LongPollJdbcCursorStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LongPollJdbcSchemaInitializer longPollJdbcSchemaInitializer(DataSource dataSource, LongPollJdbcProperties jdbc,
			LongPollProperties properties) {
		return new LongPollJdbcSchemaInitializer(dataSource, jdbc, properties.getCursorStore().getTable());
	}

	@Bean
	@ConditionalOnMissingBean(CursorStore.class)
	@DependsOnDatabaseInitialization
	JdbcCursorStore longPollCursorStore(DataSource dataSource, LongPollProperties properties) {
		return new JdbcCursorStore(new JdbcTemplate(dataSource), properties.getCursorStore().getTable());
	}

}
