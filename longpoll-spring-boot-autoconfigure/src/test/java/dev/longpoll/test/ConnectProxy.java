package dev.longpoll.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy the way corporate proxies work for clients that tunnel: it takes
 * {@code CONNECT host:port}, checks {@code Proxy-Authorization} when it has a user,
 * answers {@code 407} otherwise, and then relays bytes both ways. Host names are resolved
 * here through a fixed table, so a client that reaches a name only the proxy knows has
 * certainly gone through it.
 */
public final class ConnectProxy implements AutoCloseable {

	private final ServerSocket server;

	private final Map<String, Integer> hosts;

	private final @Nullable String credentials;

	private final List<String> connects = new CopyOnWriteArrayList<>();

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	/**
	 * Start a proxy.
	 * @param hosts the hosts it can reach, each to a port on 127.0.0.1
	 * @param username the user it requires, or {@code null} for none
	 * @param password that user's password
	 * @throws IOException if it cannot listen
	 */
	public ConnectProxy(Map<String, Integer> hosts, @Nullable String username, @Nullable String password)
			throws IOException {
		this.hosts = Map.copyOf(hosts);
		this.credentials = (username != null) ? "Basic " + Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)) : null;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "connect-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * The targets of the {@code CONNECT} requests it took, such as {@code origin.test:8080}.
	 * @return the targets
	 */
	public List<String> connects() {
		return this.connects;
	}

	/**
	 * The {@code Proxy-Authorization} headers it received, {@code -} when absent.
	 * @return the headers
	 */
	public List<String> authorizations() {
		return this.authorizations;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				this.sockets.add(client);
				Thread handler = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
				handler.setDaemon(true);
				handler.start();
			}
			catch (IOException ex) {
				return; // closed
			}
		}
	}

	private void tunnel(Socket client) {
		try {
			InputStream in = client.getInputStream();
			OutputStream out = client.getOutputStream();
			List<String> head = readHead(in);
			String[] requestLine = head.get(0).split(" ");
			String authorization = head.stream()
				.filter((line) -> line.toLowerCase().startsWith("proxy-authorization:"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("-");
			this.authorizations.add(authorization);
			if (!"CONNECT".equals(requestLine[0])) {
				reply(out, "405 Method Not Allowed");
				return;
			}
			if (this.credentials != null && !this.credentials.equals(authorization)) {
				reply(out, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"proxy\"");
				return;
			}
			this.connects.add(requestLine[1]);
			String host = requestLine[1].substring(0, requestLine[1].lastIndexOf(':'));
			Integer port = this.hosts.get(host);
			if (port == null) {
				reply(out, "502 Bad Gateway");
				return;
			}
			Socket origin = new Socket(InetAddress.getLoopbackAddress(), port);
			this.sockets.add(origin);
			reply(out, "200 Connection established");
			Thread upstream = new Thread(() -> relay(in, origin), "connect-proxy-up");
			upstream.setDaemon(true);
			upstream.start();
			relay(origin.getInputStream(), client);
		}
		catch (IOException ex) {
			close(client);
		}
	}

	private static List<String> readHead(InputStream in) throws IOException {
		List<String> lines = new ArrayList<>();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = in.read()) != -1) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
				if (text.isEmpty()) {
					return lines;
				}
				lines.add(text);
				line.reset();
			}
			else {
				line.write(current);
			}
			previous = current;
		}
		throw new IOException("connection closed in the request head");
	}

	private static void reply(OutputStream out, String status) throws IOException {
		out.write(("HTTP/1.1 " + status + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	private static void relay(InputStream from, Socket to) {
		byte[] buffer = new byte[8192];
		try {
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = from.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// either side went away
		}
		finally {
			close(to);
		}
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		this.sockets.forEach(ConnectProxy::close);
	}

}
