package dev.longpoll.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Finds a Python with aiohttp (Debian's {@code python3-aiohttp}) for the asyncio baseline.
 */
final class PythonBaseline {

	private static final List<String> CANDIDATES = List.of("python3", "/usr/bin/python3");

	private static volatile @Nullable String python;

	private static volatile boolean looked;

	private PythonBaseline() {
	}

	static @Nullable String python() {
		if (!looked) {
			python = CANDIDATES.stream().filter(PythonBaseline::hasAiohttp).findFirst().orElse(null);
			looked = true;
		}
		return python;
	}

	static Path script() {
		for (Path candidate : List.of(Path.of("src/main/python/aiohttp_loop.py"),
				Path.of("benchmarks/src/main/python/aiohttp_loop.py"))) {
			if (Files.exists(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("aiohttp_loop.py not found; run from the repository or benchmarks directory");
	}

	static String status() {
		return (python() != null) ? "aiohttp baseline run with " + python()
				: "aiohttp baseline skipped: no python3 with aiohttp (install Debian's python3-aiohttp)";
	}

	private static boolean hasAiohttp(String executable) {
		try {
			Process process = new ProcessBuilder(executable, "-c", "import aiohttp").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
