package dev.longpoll.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in a URL before it is logged or shown: user info, and the values of query
 * parameters whose name looks secret ({@code token}, {@code key}, {@code secret},
 * {@code password}, {@code signature}, {@code auth}, in any case and as part of a name).
 */
public final class UrlRedactor {

	private static final String MASK = "******";

	private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@");

	private static final Pattern SECRET_PARAMETER = Pattern.compile(
			"([?&;][^=&;#]*(?:token|key|secret|password|passwd|pwd|signature|sig|auth|credential)[^=&;#]*=)[^&;#]*",
			Pattern.CASE_INSENSITIVE);

	private UrlRedactor() {
	}

	/**
	 * Redact a URL.
	 * @param url the URL
	 * @return the URL with secrets replaced by {@code ******}
	 */
	public static String redact(String url) {
		String redacted = USER_INFO.matcher(url).replaceFirst("$1" + Matcher.quoteReplacement(MASK) + "@");
		return SECRET_PARAMETER.matcher(redacted).replaceAll("$1" + Matcher.quoteReplacement(MASK));
	}

}
