package dev.longpoll.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A child process of the benchmark (a feed server, a client JVM, the Python baseline),
 * read line by line; stderr goes to a log file.
 */
final class Processes implements AutoCloseable {

	/** Results may hold NaN (no latency samples in a throughput run). */
	private static final JsonMapper RESULTS = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.build();

	private final Process process;

	private final BufferedReader output;

	private final Writer input;

	private Processes(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
	}

	static Processes java(Path log, String mainClass, List<String> jvmOptions, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass);
		command.addAll(List.of(args));
		return start(command, log);
	}

	static Processes start(List<String> command, Path log) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
			return new Processes(builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Read lines until one starts with a prefix.
	 * @param prefix the prefix
	 * @return the rest of that line
	 */
	String awaitLine(String prefix) {
		try {
			String line;
			while ((line = this.output.readLine()) != null) {
				if (line.startsWith(prefix)) {
					return line.substring(prefix.length()).trim();
				}
			}
			throw new IllegalStateException("Process ended before printing '" + prefix + "' (exit "
					+ this.process.waitFor() + "); see the benchmark log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	Map<String, Object> awaitResult() {
		return RESULTS.readValue(awaitLine("RESULT "), new TypeReference<Map<String, Object>>() {
		});
	}

	void send(String line) {
		try {
			this.input.write(line + "\n");
			this.input.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The process id, for tools that attach to it ({@code jcmd}).
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Send SIGTERM and wait for the process to exit.
	 * @return how long it took to exit
	 */
	Duration terminate() {
		long start = System.nanoTime();
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The process did not exit within 60 s of SIGTERM");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
