package dev.longpoll.cluster;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.util.UUIDConverter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.Assert;

/**
 * Leases in Spring Integration's JDBC lock table ({@code INT_LOCK}), through its
 * {@link DefaultLockRepository}: the same rows, keys ({@link UUIDConverter}) and expiry as
 * a {@code JdbcLockRegistry}, without the registry's locks bound to the thread that took
 * them (which one thread holding thousands of leases cannot use). Expiry times are written
 * with the writing instance's clock, so the instances' clocks must agree to well within
 * the lease's margin.
 */
public class JdbcLeaseStore implements LeaseStore {

	private final DefaultLockRepository repository;

	private final JdbcTemplate jdbc;

	private final String instanceId;

	private final String region;

	private final String snapshotQuery;

	private final Map<String, String> keysByPath = new ConcurrentHashMap<>();

	/**
	 * Create a store.
	 * @param dataSource the shared database
	 * @param transactionManager the transaction manager of that database
	 * @param instanceId this instance's id, at most 36 characters
	 * @param region the lock region, so that the leases of one application stay apart
	 * @param tablePrefix the prefix of the lock table ({@code INT_})
	 * @param postgres whether the database is PostgreSQL, whose inserts then do nothing
	 * on conflict rather than fail (and log an error on the server)
	 */
	public JdbcLeaseStore(DataSource dataSource, PlatformTransactionManager transactionManager, String instanceId,
			String region, String tablePrefix, boolean postgres) {
		Assert.isTrue(instanceId.length() <= 36, () -> "instance id '" + instanceId + "' is longer than 36 characters");
		this.instanceId = instanceId;
		this.region = region;
		this.jdbc = new JdbcTemplate(dataSource);
		this.repository = new DefaultLockRepository(dataSource, instanceId);
		this.repository.setRegion(region);
		this.repository.setPrefix(tablePrefix);
		this.repository.setTransactionManager(transactionManager);
		if (postgres) {
			this.repository.setInsertQuery(this.repository.getInsertQuery().strip() + " ON CONFLICT DO NOTHING");
		}
		this.repository.afterPropertiesSet();
		this.repository.afterSingletonsInstantiated();
		this.snapshotQuery = "SELECT LOCK_KEY, CLIENT_ID FROM " + tablePrefix + "LOCK WHERE REGION = ? AND EXPIRED_AFTER >= ?";
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public boolean acquire(String key, Duration ttl) {
		return this.repository.acquire(path(key), ttl);
	}

	@Override
	public boolean renew(String key, Duration ttl) {
		return this.repository.renew(path(key), ttl);
	}

	@Override
	public void release(String key) {
		this.repository.delete(path(key));
	}

	@Override
	public Snapshot snapshot(Set<String> keys) {
		keys.forEach(this::path); // known, so that their rows can be told apart
		Map<String, String> holders = new HashMap<>();
		Set<String> instances = new HashSet<>();
		this.jdbc.query(this.snapshotQuery, (row) -> {
			String holder = row.getString("CLIENT_ID").strip(); // CHAR(36) comes back padded
			instances.add(holder);
			String key = this.keysByPath.get(row.getString("LOCK_KEY").strip());
			if (key != null && keys.contains(key)) {
				holders.put(key, holder);
			}
		}, this.region, LocalDateTime.now(ZoneOffset.UTC));
		return new Snapshot(holders, instances);
	}

	private String path(String key) {
		String path = UUIDConverter.getUUID(key).toString();
		this.keysByPath.putIfAbsent(path, key);
		return path;
	}

}
