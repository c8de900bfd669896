package dev.longpoll.autoconfigure.cluster;

import java.io.IOException;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import dev.longpoll.test.LongPollFeedServer;

/**
 * The cluster tests' shared parts: one real PostgreSQL per test class (embedded binaries,
 * no Docker), a new database for each cluster, the record of handled events cleared before
 * each test, and what the measurements read from PostgreSQL and the JVM.
 */
abstract class PostgresClusterTest {

	static EmbeddedPostgres postgres;

	private static final AtomicInteger databases = new AtomicInteger();

	@BeforeAll
	static void startPostgres() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
	}

	@AfterAll
	static void stopPostgres() throws IOException {
		postgres.close();
	}

	@BeforeEach
	void clearHandled() {
		ClusterInstances.handled.clear();
	}

	/** A database of its own for the next cluster. */
	static String newDatabase() {
		return "cluster" + databases.incrementAndGet();
	}

	static ClusterInstances instances(String database, LongPollFeedServer feed, int listeners) throws Exception {
		return ClusterInstances.onPostgres(postgres, database, feed, listeners, Map.of());
	}

	/**
	 * The CPU time of the threads whose names start so, in nanoseconds.
	 */
	static long threadsCpu(ThreadMXBean threads, String namePrefix) {
		long total = 0;
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null && info.getThreadName().startsWith(namePrefix)) {
				total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
			}
		}
		return total;
	}

	/**
	 * The transactions committed or rolled back in a database: with autocommit, one per
	 * statement.
	 */
	static long transactions(EmbeddedPostgres postgres, String database) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '" + database + "'")) {
			result.next();
			return result.getLong(1);
		}
	}

}
