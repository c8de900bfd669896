package dev.longpoll.cluster;

import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.util.Assert;

/**
 * Leases in a table of the application's database ({@code longpoll_lease}, created with
 * {@code longpoll_control}, which keeps the controls asked by hand, from
 * {@code dev/longpoll/cluster/schema-lease-<platform>.sql}). Every expiry is written and
 * judged with the database's clock, inside the statements, so the instances' clocks do not
 * matter. Each statement commits on its own, so an instance that stalls between two of
 * them holds no lock that others wait for. A lease's token is the larger of its last token
 * plus one and the database's time in milliseconds: it grows with each taking of one lease,
 * and a listener that moves to another bucket (when the number of buckets changes) finds a
 * token larger than the ones issued before, unless the database's clock went back. A
 * round is two statements (three while this instance's membership row is missing) and
 * the read of the controls, whatever the number of leases. Spring Integration's {@code DefaultLockRepository} is not
 * used: it writes expiry with the instance's clock and keeps no token.
 */
public class JdbcLeaseStore implements LeaseStore {

	/** The table of leases the shipped scripts create. */
	public static final String TABLE = "longpoll_lease";

	/** The table of controls asked by hand the shipped scripts create. */
	public static final String CONTROL_TABLE = "longpoll_control";

	private final JdbcTemplate jdbc;

	private final String instanceId;

	private final String region;

	private final String memberKey;

	private final boolean postgres;

	private final String renew;

	private final String select;

	private final String take;

	private final String insert;

	/**
	 * Create a store.
	 * @param dataSource the shared database
	 * @param instanceId this instance's id, at most 100 characters
	 * @param region the region, so that the leases of applications sharing one table stay apart
	 * @param callTimeout how long one statement may take (JDBC counts whole seconds, at least one)
	 */
	public JdbcLeaseStore(DataSource dataSource, String instanceId, String region, Duration callTimeout) {
		Assert.isTrue(instanceId.length() <= 100, () -> "instance id '" + instanceId + "' is longer than 100 characters");
		this.instanceId = instanceId;
		this.region = region;
		this.memberKey = MEMBER_KEY_PREFIX + instanceId;
		int seconds = (int) Math.max(1, (callTimeout.toMillis() + 999) / 1000);
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setQueryTimeout(seconds);
		String product = product(dataSource);
		this.postgres = product.contains("postgres");
		String now = now(product);
		this.renew = "UPDATE " + TABLE + " SET expires_at = " + now + " + ? WHERE region = ? AND holder = ? AND "
				+ "expires_at > " + now;
		this.select = "SELECT lease_key, holder, token FROM " + TABLE + " WHERE region = ? AND expires_at > " + now;
		this.take = "UPDATE " + TABLE + " SET holder = ?, token = GREATEST(token + 1, " + now + "), expires_at = " + now
				+ " + ? WHERE region = ? AND lease_key = ? AND (expires_at <= " + now + " OR holder = ?)";
		this.insert = "INSERT INTO " + TABLE + " (region, lease_key, holder, token, expires_at) VALUES (?, ?, ?, " + now
				+ ", " + now + " + ?)" + (this.postgres ? " ON CONFLICT DO NOTHING" : "");
	}

	private static String product(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName)
				.toLowerCase(Locale.ROOT);
		}
		catch (MetaDataAccessException ex) {
			return "";
		}
	}

	/**
	 * The database's time in milliseconds since 1970, as an SQL expression.
	 */
	private static String now(String product) {
		if (product.contains("mysql") || product.contains("mariadb")) {
			return "(TIMESTAMPDIFF(MICROSECOND, '1970-01-01', UTC_TIMESTAMP(6)) DIV 1000)"; // not the session's zone
		}
		if (product.contains("hsql")) {
			return "UNIX_MILLIS()";
		}
		if (product.contains("postgres")) {
			return "CAST(EXTRACT(EPOCH FROM STATEMENT_TIMESTAMP()) * 1000 AS BIGINT)";
		}
		return "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)"; // H2 and the SQL standard
	}

	@Override
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public View renew(Set<String> keys, Duration ttl) {
		this.jdbc.update(this.renew, ttl.toMillis(), this.region, this.instanceId);
		View view = read(keys);
		if (!view.instances().contains(this.instanceId)) { // first round, or after a stall longer than the lease
			if (this.jdbc.update(this.take, this.instanceId, ttl.toMillis(), this.region, this.memberKey,
					this.instanceId) == 0) {
				insertQuietly(this.memberKey, ttl);
			}
			Set<String> instances = new HashSet<>(view.instances());
			instances.add(this.instanceId);
			view = new View(view.leases(), instances);
		}
		return view;
	}

	private View read(Set<String> keys) {
		Map<String, Lease> leases = new HashMap<>();
		Set<String> instances = new HashSet<>();
		this.jdbc.query(this.select, (row) -> {
			String key = row.getString(1);
			if (key.startsWith(MEMBER_KEY_PREFIX)) {
				instances.add(row.getString(2));
			}
			else if (keys.contains(key)) {
				leases.put(key, new Lease(row.getString(2), row.getLong(3)));
			}
		}, this.region);
		return new View(leases, instances);
	}

	@Override
	public long acquire(String key, Duration ttl) {
		if (this.jdbc.update(this.take, this.instanceId, ttl.toMillis(), this.region, key, this.instanceId) == 0
				&& !insertQuietly(key, ttl)) {
			return 0;
		}
		// the lease is this instance's for the ttl: nobody can change the row before it expires
		List<Long> token = this.jdbc.queryForList("SELECT token FROM " + TABLE + " WHERE region = ? AND lease_key = ? "
				+ "AND holder = ?", Long.class, this.region, key, this.instanceId);
		return token.isEmpty() ? 0 : token.get(0);
	}

	private boolean insertQuietly(String key, Duration ttl) {
		try {
			return this.jdbc.update(this.insert, this.region, key, this.instanceId, ttl.toMillis()) == 1;
		}
		catch (DuplicateKeyException ex) { // inserted meanwhile by another instance
			return false;
		}
	}

	@Override
	public Map<String, Control> controls() {
		Map<String, Control> controls = new HashMap<>();
		this.jdbc.query("SELECT listener_id, desired, desired_version, seek, seek_version FROM " + CONTROL_TABLE
				+ " WHERE region = ?", (row) -> {
					String desired = row.getString(2);
					controls.put(row.getString(1), new Control((desired != null) ? Desired.valueOf(desired) : null,
							row.getLong(3), row.getString(4), row.getLong(5)));
				}, this.region);
		return controls;
	}

	@Override
	public void control(String listenerId, @Nullable Desired desired, @Nullable String seek) {
		for (int attempt = 0; attempt < 2; attempt++) {
			if (desired != null && seek != null) {
				if (this.jdbc.update("UPDATE " + CONTROL_TABLE + " SET desired = ?, desired_version = desired_version + 1, "
						+ "seek = ?, seek_version = seek_version + 1 WHERE region = ? AND listener_id = ?", desired.name(),
						seek, this.region, listenerId) > 0) {
					return;
				}
			}
			else if (desired != null) {
				if (this.jdbc.update("UPDATE " + CONTROL_TABLE + " SET desired = ?, desired_version = desired_version + 1 "
						+ "WHERE region = ? AND listener_id = ?", desired.name(), this.region, listenerId) > 0) {
					return;
				}
			}
			else if (seek != null) {
				if (this.jdbc.update("UPDATE " + CONTROL_TABLE + " SET seek = ?, seek_version = seek_version + 1 "
						+ "WHERE region = ? AND listener_id = ?", seek, this.region, listenerId) > 0) {
					return;
				}
			}
			try {
				this.jdbc.update("INSERT INTO " + CONTROL_TABLE + " (region, listener_id, desired, desired_version, seek, "
						+ "seek_version) VALUES (?, ?, ?, 1, ?, 1)", this.region, listenerId,
						(desired != null) ? desired.name() : null, seek);
				return;
			}
			catch (DuplicateKeyException ex) {
				// inserted meanwhile: update it
			}
		}
	}

	@Override
	public void seekDone(String listenerId, long seekVersion) {
		this.jdbc.update("UPDATE " + CONTROL_TABLE + " SET seek = NULL WHERE region = ? AND listener_id = ? AND "
				+ "seek_version = ?", this.region, listenerId, seekVersion);
	}

	@Override
	public void release(String key, long token) {
		// expired rather than deleted: the row keeps its token, so the next one is larger even if the clock went back
		this.jdbc.update("UPDATE " + TABLE + " SET expires_at = 0 WHERE region = ? AND lease_key = ? AND holder = ? AND "
				+ "(token = ? OR ? = 0)", this.region, key, this.instanceId, token, token);
	}

}
