package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retry-After as delta seconds or an HTTP date; anything else is ignored.
 */
class RetryAfterTests {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void deltaSeconds() {
		assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofMinutes(2));
		assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void httpDateInThePreferredForm() {
		assertThat(RetryAfter.parse("Wed, 25 Nov 2026 12:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void httpDateInTheObsoleteFormsRecipientsMustStillAccept() {
		assertThat(RetryAfter.parse("Wednesday, 25-Nov-26 12:00:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetryAfter.parse("Wed Nov 25 12:00:30 2026", NOW)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aDateInThePastMeansNow() {
		assertThat(RetryAfter.parse("Wed, 25 Nov 2026 11:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
	}

	@Test
	void missingOrUnreadableValuesAreIgnored() {
		assertThat(RetryAfter.parse(null, NOW)).isNull();
		assertThat(RetryAfter.parse("", NOW)).isNull();
		assertThat(RetryAfter.parse("-5", NOW)).isNull();
		assertThat(RetryAfter.parse("soon", NOW)).isNull();
		assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isNull();
	}

}
