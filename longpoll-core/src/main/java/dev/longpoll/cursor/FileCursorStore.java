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
 * Positions in files, one {@code <listener-id>.position} (a small JSON document: cursor
 * and echoed headers) per listener in a directory. Each save writes a temporary file,
 * forces it to disk and renames it over the old one atomically, so a crash leaves the old
 * position or the new one, never a torn file. A {@code <listener-id>.cursor} file written
 * by an earlier version (the cursor alone) is read when there is no position file, and
 * replaced by one at the next save.
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
	public @Nullable CursorPosition load(String listenerId) {
		String position = read(file(listenerId, ".position"), listenerId);
		if (position != null) {
			try {
				return PositionCodec.fromJson(position);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("The position file of listener '" + listenerId + "' ("
						+ file(listenerId, ".position") + ") cannot be read: " + ex.getMessage(), ex);
			}
		}
		String legacyCursor = read(file(listenerId, ".cursor"), listenerId);
		return (legacyCursor != null) ? CursorPosition.of(legacyCursor) : null;
	}

	private @Nullable String read(Path file, String listenerId) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the position of listener '" + listenerId + "'", ex);
		}
	}

	@Override
	public void save(String listenerId, CursorPosition position) {
		Path target = file(listenerId, ".position");
		Path temporary = file(listenerId, ".position.tmp");
		try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
				StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(PositionCodec.toJson(position).getBytes(StandardCharsets.UTF_8)));
			channel.force(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the position of listener '" + listenerId + "'", ex);
		}
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			Files.deleteIfExists(file(listenerId, ".cursor"));
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IllegalStateException("The file system of '" + this.directory
					+ "' cannot rename atomically; choose another 'longpoll.cursor-store.directory'", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the position of listener '" + listenerId + "'", ex);
		}
	}

	@Override
	public void remove(String listenerId) {
		try {
			Files.deleteIfExists(file(listenerId, ".position"));
			Files.deleteIfExists(file(listenerId, ".cursor"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove the position of listener '" + listenerId + "'", ex);
		}
	}

	private Path file(String listenerId, String extension) {
		return this.directory.resolve(listenerId + extension);
	}

}
