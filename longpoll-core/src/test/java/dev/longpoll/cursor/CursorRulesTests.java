package dev.longpoll.cursor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * What a cursor may hold, and how a log line shows one.
 */
class CursorRulesTests {

	@Test
	void anOrdinaryCursorPasses() {
		assertThatNoException().isThrownBy(() -> CursorRules.check("orders", "42-abc_DEF.~:/", true));
	}

	@Test
	void controlCharactersAreRefusedNamingTheRule() {
		assertThatExceptionOfType(InvalidCursorException.class)
			.isThrownBy(() -> CursorRules.check("orders", "42\r\nX-Forged: yes", false))
			.withMessage("Listener 'orders': cursor '42\\u000D\\u000AX-Forged: yes' refused: it holds a control"
					+ " character (U+000D) at index 2");
	}

	@Test
	void nonAsciiIsRefusedOnlyForACursorSentInAHeader() {
		assertThatNoException().isThrownBy(() -> CursorRules.check("orders", "café-€", false));
		assertThatExceptionOfType(InvalidCursorException.class)
			.isThrownBy(() -> CursorRules.check("orders", "café-€", true))
			.withMessageContaining("non-ASCII character (U+00E9) at index 3")
			.withMessageContaining("request header");
	}

	@Test
	void aCursorLongerThanTheLimitIsRefused() {
		assertThatNoException().isThrownBy(() -> CursorRules.check("orders", "x".repeat(CursorRules.MAX_LENGTH), true));
		assertThatExceptionOfType(InvalidCursorException.class)
			.isThrownBy(() -> CursorRules.check("orders", "x".repeat(100_000), false))
			.withMessageContaining("it has 100000 characters, more than the 2048 allowed")
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(300));
	}

	@Test
	void aLoggedCursorIsEscapedAndBounded() {
		assertThat(CursorRules.forLog(null)).isEqualTo("none");
		assertThat(CursorRules.forLog("a\nb\\c")).isEqualTo("'a\\u000Ab\\u005Cc'");
		assertThat(CursorRules.forLog("y".repeat(5000))).isEqualTo("'" + "y".repeat(80) + "'... (5000 characters)");
	}

}
