package dev.longpoll.cursor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * Cursors in files, one {@code <listener-id>.cursor} per listener in a directory. Each save
 * writes a temporary file, forces it to disk and renames it over the old one atomically,
 * so a crash leaves the old cursor or the new one, never a torn file.
 */
public class FileCursorStore implements CursorStore {

	private final Path directory;

	/**
	 * Create a store.
	 * @param directory the directory, created if missing
	 */
	public FileCursorStore(Path directory) {
		this.directory = directory;
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the cursor directory '" + directory
					+ "'; set 'longpoll.cursor-store.directory' to a writable directory", ex);
		}
	}

	@Override
	public @Nullable String load(String listenerId) {
		try {
			return Files.readString(file(listenerId), StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the cursor of listener '" + listenerId + "'", ex);
		}
	}

	@Override
	public void save(String listenerId, String cursor) {
		Path target = file(listenerId);
		Path temporary = this.directory.resolve(listenerId + ".cursor.tmp");
		try (FileChannel channel = FileChannel.open(temporary,
				StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
				StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(cursor.getBytes(StandardCharsets.UTF_8)));
			channel.force(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the cursor of listener '" + listenerId + "'", ex);
		}
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IllegalStateException("The file system of '" + this.directory
					+ "' cannot rename atomically; choose another 'longpoll.cursor-store.directory'", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the cursor of listener '" + listenerId + "'", ex);
		}
	}

	@Override
	public void remove(String listenerId) {
		try {
			Files.deleteIfExists(file(listenerId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove the cursor of listener '" + listenerId + "'", ex);
		}
	}

	private Path file(String listenerId) {
		return this.directory.resolve(listenerId + ".cursor");
	}

}
