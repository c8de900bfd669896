package dev.longpoll.test;

import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what one logger (and its children) writes, for assertions on log lines.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final Level previous;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogCapture(String name, Level level) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.previous = this.logger.getLevel();
		this.logger.setLevel(level);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Capture a logger at INFO and above.
	 * @param name the logger name, such as {@code dev.longpoll}
	 * @return the capture
	 */
	public static LogCapture of(String name) {
		return new LogCapture(name, Level.INFO);
	}

	/**
	 * The captured lines at a level, as {@code LEVEL message}.
	 * @param level the level
	 * @return the lines
	 */
	public List<String> lines(String level) {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel().toString().equals(level))
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage())
			.collect(Collectors.toList());
	}

	/**
	 * Every captured line, as {@code LEVEL message}.
	 * @return the lines
	 */
	public List<String> lines() {
		return this.appender.list.stream()
			.map((event) -> event.getLevel() + " " + event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? " [with stack trace]" : ""))
			.collect(Collectors.toList());
	}

	/**
	 * The stack traces of the captured lines that have one.
	 * @return the stack traces
	 */
	public List<String> stackTraces() {
		return this.appender.list.stream()
			.filter((event) -> event.getThrowableProxy() != null)
			.map((event) -> ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy()))
			.collect(Collectors.toList());
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setLevel(this.previous);
	}

}
