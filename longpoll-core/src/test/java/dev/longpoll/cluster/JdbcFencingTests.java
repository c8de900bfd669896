package dev.longpoll.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.longpoll.cursor.CursorPosition;
import dev.longpoll.cursor.JdbcCursorStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases and fenced cursors in a real database (H2 here; PostgreSQL in the cluster tests):
 * tokens only grow, a live lease cannot be taken, expiry is the database's, a writer with
 * an older token is refused in the statement that writes.
 */
class JdbcFencingTests {

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
			"jdbc:h2:mem:fencing;DB_CLOSE_DELAY=-1", true);

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	JdbcFencingTests() throws Exception {
		for (String statement : new ClassPathResource("dev/longpoll/cluster/schema-lease-h2.sql")
			.getContentAsString(StandardCharsets.UTF_8)
			.split(";")) {
			if (!statement.isBlank()) {
				this.jdbc.execute(statement);
			}
		}
	}

	@AfterEach
	void drop() {
		this.jdbc.execute("DROP ALL OBJECTS");
		this.dataSource.destroy();
	}

	private JdbcLeaseStore store(String instance) {
		return new JdbcLeaseStore(this.dataSource, instance, "test", Duration.ofSeconds(1));
	}

	@Test
	void aLeaseIsTakenWithAGrowingTokenAndOnlyOnceItExpired() {
		JdbcLeaseStore a = store("a");
		JdbcLeaseStore b = store("b");
		long first = a.acquire("k", Duration.ofMillis(400));
		assertThat(first).isPositive();
		assertThat(b.acquire("k", Duration.ofMillis(400))).as("held by a").isZero();
		LeaseStore.View view = b.renew(Set.of("k"), Duration.ofSeconds(5));
		assertThat(view.leases()).containsEntry("k", new LeaseStore.Lease("a", first));
		assertThat(view.instances()).containsExactly("b");
		assertThat(a.renew(Set.of("k"), Duration.ofMillis(400)).instances()).containsExactlyInAnyOrder("a", "b");
		long second = await().atMost(Duration.ofSeconds(5)).until(() -> b.acquire("k", Duration.ofSeconds(5)),
				(token) -> token != 0);
		assertThat(second).isGreaterThan(first);
		a.release("k", first); // a late release of the old lease leaves the new one
		assertThat(a.renew(Set.of("k"), Duration.ofSeconds(5)).leases()).containsEntry("k",
				new LeaseStore.Lease("b", second));
		assertThat(a.acquire("other", Duration.ofSeconds(5))).as("a token at least the database's time")
			.isGreaterThanOrEqualTo(first);
		b.release("k", second);
		assertThat(a.renew(Set.of("k"), Duration.ofSeconds(5)).leases()).doesNotContainKey("k");
	}

	@Test
	void controlsAskedByHandAreKeptForWhicheverInstancePollsTheListener() {
		JdbcLeaseStore a = store("a");
		JdbcLeaseStore b = store("b");
		a.control("feed", LeaseStore.Desired.PAUSED, null);
		b.control("feed", null, LeaseStore.Control.seekTo("41"));
		LeaseStore.Control control = b.controls().get("feed");
		assertThat(control.desired()).isEqualTo(LeaseStore.Desired.PAUSED);
		assertThat(control.seekCursor()).isEqualTo("41");
		a.control("feed", null, LeaseStore.Control.RESET); // replaces the move not done yet
		LeaseStore.Control reset = a.controls().get("feed");
		assertThat(reset.seek()).isEqualTo(LeaseStore.Control.RESET);
		assertThat(reset.seekVersion()).isGreaterThan(control.seekVersion());
		b.seekDone("feed", control.seekVersion()); // an older move done: the newer one stays
		assertThat(a.controls().get("feed").seek()).isEqualTo(LeaseStore.Control.RESET);
		b.seekDone("feed", reset.seekVersion());
		assertThat(a.controls().get("feed")).isEqualTo(new LeaseStore.Control(LeaseStore.Desired.PAUSED, 1, null,
				reset.seekVersion()));
		b.control("feed", LeaseStore.Desired.PAUSED, null); // the same state again is a new request
		assertThat(a.controls().get("feed").desiredVersion()).isEqualTo(2);
	}

	@Test
	void aCursorWriteWithAnOlderTokenIsRefusedOnceANewerOneClaimed() {
		JdbcCursorStore cursors = new JdbcCursorStore(this.jdbc, "longpoll_cursor");
		cursors.initializeSchema();
		assertThat(cursors.save("feed", new CursorPosition("10", java.util.Map.of()), 1)).isTrue();
		assertThat(cursors.claim("feed", 2)).isTrue();
		assertThat(cursors.save("feed", new CursorPosition("11", java.util.Map.of()), 1)).as("older token").isFalse();
		assertThat(cursors.load("feed").cursor()).isEqualTo("10");
		assertThat(cursors.save("feed", new CursorPosition("12", java.util.Map.of()), 2)).isTrue();
		assertThat(cursors.claim("feed", 1)).isFalse();

		assertThat(cursors.claim("new", 5)).as("a claim before any position").isTrue();
		assertThat(cursors.load("new")).as("a claim holds no position").isNull();
		assertThat(cursors.save("new", new CursorPosition("1", java.util.Map.of()), 4)).isFalse();
		assertThat(cursors.remove("feed", 3)).isTrue();
		assertThat(cursors.load("feed")).isNull();
		assertThat(cursors.save("feed", new CursorPosition("13", java.util.Map.of()), 2)).as("token kept").isFalse();
	}

}
