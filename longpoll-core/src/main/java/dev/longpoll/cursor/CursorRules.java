package dev.longpoll.cursor;

import org.jspecify.annotations.Nullable;

/**
 * What a cursor may hold, checked where a cursor enters (a seek through the registry or
 * the actuator, a cursor read from a response) so that nothing that cannot be sent is
 * stored, and how a cursor is shown in a log line: escaped and cut short, so that no
 * cursor forges a log line or floods one.
 * <ul>
 * <li>at most {@value #MAX_LENGTH} characters;</li>
 * <li>no control character (CR, LF, TAB, NUL, DEL, the C1 controls, U+2028/U+2029);</li>
 * <li>when the listener sends its cursor in a request header: printable ASCII only
 * (an HTTP header value carries bytes, and a non-ASCII character would be mangled on the
 * way; percent-encode such a cursor in a {@link CursorStrategy} of your own).</li>
 * </ul>
 */
public final class CursorRules {

	/** The longest cursor accepted, in characters. */
	public static final int MAX_LENGTH = 2048;

	/** The most characters of a cursor that a log line shows. */
	static final int LOGGED_LENGTH = 80;

	private CursorRules() {
	}

	/**
	 * Check a cursor.
	 * @param listenerId the listener, for the message
	 * @param cursor the cursor
	 * @param sentInHeader whether the listener sends its cursor in a request header
	 * @throws InvalidCursorException naming the rule the cursor breaks
	 */
	public static void check(String listenerId, String cursor, boolean sentInHeader) {
		String broken = brokenRule(cursor, sentInHeader);
		if (broken != null) {
			throw new InvalidCursorException(
					"Listener '" + listenerId + "': cursor " + forLog(cursor) + " refused: " + broken);
		}
	}

	private static @Nullable String brokenRule(String cursor, boolean sentInHeader) {
		if (cursor.length() > MAX_LENGTH) {
			return "it has " + cursor.length() + " characters, more than the " + MAX_LENGTH + " allowed";
		}
		for (int i = 0; i < cursor.length(); i++) {
			char c = cursor.charAt(i);
			if (isControl(c)) {
				return String.format("it holds a control character (U+%04X) at index %d", (int) c, i);
			}
			if (sentInHeader && c > 0x7E) {
				return String.format("it holds a non-ASCII character (U+%04X) at index %d, and this listener sends"
						+ " its cursor in a request header, which carries ASCII only", (int) c, i);
			}
		}
		return null;
	}

	/**
	 * A cursor as a log line shows it: in single quotes, control and non-ASCII characters
	 * escaped as {@code \\uXXXX}, cut after {@value #LOGGED_LENGTH} characters with the
	 * length said.
	 * @param cursor the cursor, or {@code null}
	 * @return what to log ({@code none} for {@code null})
	 */
	public static String forLog(@Nullable String cursor) {
		if (cursor == null) {
			return "none";
		}
		int shown = Math.min(cursor.length(), LOGGED_LENGTH);
		StringBuilder out = new StringBuilder(shown + 16).append('\'');
		for (int i = 0; i < shown; i++) {
			char c = cursor.charAt(i);
			if (isControl(c) || c > 0x7E || c == '\\') {
				out.append(String.format("\\u%04X", (int) c));
			}
			else {
				out.append(c);
			}
		}
		out.append('\'');
		if (cursor.length() > shown) {
			out.append("... (").append(cursor.length()).append(" characters)");
		}
		return out.toString();
	}

	private static boolean isControl(char c) {
		return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
	}

}
