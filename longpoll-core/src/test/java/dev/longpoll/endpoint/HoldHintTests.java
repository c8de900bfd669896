package dev.longpoll.endpoint;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hold sent to the server, in each format, with jitter within its bound.
 */
class HoldHintTests {

	@Test
	void formats() {
		Duration hold = Duration.ofSeconds(30);
		assertThat(new HoldHint("timeout", hold, null, HoldHint.Format.SECONDS).nextValue()).isEqualTo("30");
		assertThat(new HoldHint("timeout", hold, null, HoldHint.Format.MILLIS).nextValue()).isEqualTo("30000");
		assertThat(new HoldHint("wait", hold, null, HoldHint.Format.UNIT_SECONDS).nextValue()).isEqualTo("30s");
	}

	@Test
	void jitterStaysWithinItsBoundAndCountsTowardsTheLongestHold() {
		HoldHint hint = new HoldHint("timeout", Duration.ofSeconds(30), Duration.ofSeconds(5), HoldHint.Format.MILLIS);
		for (int i = 0; i < 1000; i++) {
			assertThat(Long.parseLong(hint.nextValue())).isBetween(30_000L, 35_000L);
		}
		assertThat(hint.maxHold()).isEqualTo(Duration.ofSeconds(35));
	}

}
