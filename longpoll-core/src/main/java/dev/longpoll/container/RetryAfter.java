package dev.longpoll.container;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Reads a {@code Retry-After} header (RFC 9110 10.2.3): delay seconds, or an HTTP date in
 * any of the three forms recipients must accept (IMF-fixdate, RFC 850, asctime), parsed
 * by Spring's {@link HttpHeaders}.
 */
final class RetryAfter {

	private static final String RETRY_AFTER = "Retry-After";

	private RetryAfter() {
	}

	/**
	 * Parse a {@code Retry-After} value.
	 * @param value the header value, possibly {@code null}
	 * @param now the current time, for HTTP dates
	 * @return the delay (never negative), or {@code null} if absent or not understood
	 */
	public static @Nullable Duration parse(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			try {
				return Duration.ofSeconds(Long.parseLong(trimmed));
			}
			catch (NumberFormatException ex) {
				return null; // more digits than a long holds
			}
		}
		HttpHeaders headers = new HttpHeaders();
		headers.set(RETRY_AFTER, trimmed);
		try {
			ZonedDateTime at = headers.getFirstZonedDateTime(RETRY_AFTER);
			if (at == null) {
				return null;
			}
			Instant instant = at.toInstant();
			return instant.isAfter(now) ? Duration.between(now, instant) : Duration.ZERO;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
