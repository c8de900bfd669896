package dev.longpoll.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;

import org.springframework.util.FileSystemUtils;

/**
 * A key and a self-signed certificate for 127.0.0.1 and localhost, made by the JDK's own
 * {@code keytool} (no extra library), valid for two days; the key store keytool writes
 * is deleted once read.
 */
final class SelfSignedTls {

	private static final String PASSWORD = "longpoll-test";

	private final PrivateKey key;

	private final X509Certificate certificate;

	private SelfSignedTls(PrivateKey key, X509Certificate certificate) {
		this.key = key;
		this.certificate = certificate;
	}

	static SelfSignedTls create() {
		Path directory = null;
		try {
			directory = Files.createTempDirectory("longpoll-feed-tls");
			Path store = directory.resolve("feed.p12");
			Path output = directory.resolve("keytool.out");
			String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
			Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "feed", "-keyalg", "EC",
					"-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
					"-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
					"-keypass", PASSWORD)
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool did not make a certificate within 30 s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("keytool could not make a certificate: " + Files.readString(output));
			}
			KeyStore keyStore = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(store)) {
				keyStore.load(in, PASSWORD.toCharArray());
			}
			return new SelfSignedTls((PrivateKey) keyStore.getKey("feed", PASSWORD.toCharArray()),
					(X509Certificate) keyStore.getCertificate("feed"));
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot make a self-signed certificate for the feed server"
					+ " (with the JDK's keytool)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making a certificate", ex);
		}
		finally { // the key is in memory now: leave no copy of it on disk
			delete(directory);
		}
	}

	Http2SslContextSpec serverSpec() {
		return Http2SslContextSpec.forServer(this.key, this.certificate);
	}

	Http11SslContextSpec http11ServerSpec() {
		return Http11SslContextSpec.forServer(this.key, this.certificate);
	}

	String certificatePem() {
		try {
			return "-----BEGIN CERTIFICATE-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
						.encodeToString(this.certificate.getEncoded())
					+ "\n-----END CERTIFICATE-----\n";
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void delete(Path directory) {
		if (directory != null) {
			try {
				FileSystemUtils.deleteRecursively(directory);
			}
			catch (IOException ex) {
				// a temporary directory: nothing worse than a leftover
			}
		}
	}

}
