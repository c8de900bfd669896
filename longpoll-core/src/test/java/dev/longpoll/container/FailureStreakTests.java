package dev.longpoll.container;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.ExponentialBackOff;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backoff begins at the first failure of a streak and ends at the first success.
 */
class FailureStreakTests {

	private final FailureStreak streak = new FailureStreak(backOff(), Duration.ofSeconds(30));

	private static ExponentialBackOff backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
		backOff.setMaxInterval(1000);
		backOff.setMaxAttempts(5);
		return backOff;
	}

	@Test
	void delaysGrowUntilTheCapAndGiveUpAfterMaxAttempts() {
		RuntimeException failure = new RuntimeException("down");
		assertThat(this.streak.fail(failure, null)).isEqualTo(Duration.ofMillis(100));
		assertThat(this.streak.fail(failure, null)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.streak.fail(failure, null)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.streak.fail(failure, null)).isEqualTo(Duration.ofMillis(800));
		assertThat(this.streak.fail(failure, null)).isEqualTo(Duration.ofMillis(1000));
		assertThat(this.streak.fail(failure, null)).isNull();
		assertThat(this.streak.failures()).isEqualTo(6);
		assertThat(this.streak.lastError()).isSameAs(failure);
	}

	@Test
	void successEndsTheStreakAndTheNextFailureStartsAgainFromTheFirstDelay() {
		this.streak.fail(new RuntimeException(), null);
		this.streak.fail(new RuntimeException(), null);
		assertThat(this.streak.nextRetryAt()).isNotNull();
		assertThat(this.streak.succeed()).isNotNull();
		assertThat(this.streak.failures()).isZero();
		assertThat(this.streak.lastError()).isNull();
		assertThat(this.streak.lastSuccess()).isNotNull();
		assertThat(this.streak.succeed()).isNull();
		assertThat(this.streak.fail(new RuntimeException(), null)).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void retryAfterLongerThanTheBackoffWinsAndIsCapped() {
		assertThat(this.streak.fail(new RuntimeException(), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.streak.fail(new RuntimeException(), Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(200));
		assertThat(this.streak.fail(new RuntimeException(), Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
	}

}
