package dev.longpoll.client;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The proxy long polls go through.
 *
 * @param type the kind of proxy, or where to find it
 * @param host the proxy host, for {@link Type#HTTP} and the SOCKS types
 * @param port the proxy port
 * @param username the user the proxy knows us by, or {@code null}
 * @param password the password, or {@code null}; never shown by {@link #toString()}
 * @param nonProxyHosts hosts reached directly, in the JVM's {@code http.nonProxyHosts}
 * syntax ({@code localhost|*.internal}), or {@code null}
 */
public record ProxyOptions(Type type, @Nullable String host, int port, @Nullable String username,
		@Nullable String password, @Nullable String nonProxyHosts) {

	private static final ProxyOptions SYSTEM = new ProxyOptions(Type.SYSTEM, null, 0, null, null, null);

	/**
	 * The JVM's proxy settings: {@code http.proxyHost}, {@code http.proxyPort},
	 * {@code https.proxyHost}, {@code https.proxyPort}, {@code http.nonProxyHosts},
	 * {@code socksProxyHost}, {@code socksProxyPort}; no proxy when none is set.
	 * @return the options
	 */
	public static ProxyOptions system() {
		return SYSTEM;
	}

	/**
	 * The hosts reached directly, as a regular expression.
	 * @return the expression, or {@code null} when there are none
	 */
	public @Nullable String nonProxyHostsPattern() {
		if (this.nonProxyHosts == null || this.nonProxyHosts.isBlank()) {
			return null;
		}
		StringBuilder pattern = new StringBuilder();
		for (String host : this.nonProxyHosts.split("\\|")) {
			String trimmed = host.trim();
			if (!trimmed.isEmpty()) {
				pattern.append((pattern.length() > 0) ? "|" : "")
					.append(Pattern.quote(trimmed).replace("*", "\\E.*\\Q"));
			}
		}
		return pattern.toString();
	}

	@Override
	public String toString() {
		return "ProxyOptions[type=" + this.type + ", host=" + this.host + ", port=" + this.port + ", username="
				+ this.username + ", password=" + ((this.password != null) ? "******" : null) + ", nonProxyHosts="
				+ this.nonProxyHosts + "]";
	}

	/**
	 * Kinds of proxy.
	 */
	public enum Type {

		/** The JVM's proxy system properties (no proxy when none is set). */
		SYSTEM,

		/** No proxy, whatever the JVM says. */
		NONE,

		/** An HTTP proxy (HTTPS and HTTP both go through CONNECT). */
		HTTP,

		/** A SOCKS 4 proxy. */
		SOCKS4,

		/** A SOCKS 5 proxy. */
		SOCKS5

	}

}
