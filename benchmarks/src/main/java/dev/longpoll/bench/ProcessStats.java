package dev.longpoll.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Readings of the current JVM process: live threads, heap after GC, resident memory and
 * CPU.
 */
final class ProcessStats {

	private ProcessStats() {
	}

	static int liveThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/**
	 * Bytes allocated so far by the live threads of this JVM (HotSpot's per-thread
	 * counters; threads that ended are not counted).
	 * @return the bytes
	 */
	static long allocatedBytes() {
		var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long total = 0;
		for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
			total += Math.max(0, bytes);
		}
		return total;
	}

	static long heapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
			pause(Duration.ofMillis(200));
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * The process's open sockets (Linux: the {@code socket:} links in
	 * {@code /proc/self/fd}), or -1 where that cannot be read.
	 */
	static int openSockets() {
		try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
			return (int) fds.filter((fd) -> {
				try {
					return java.nio.file.Files.readSymbolicLink(fd).toString().startsWith("socket:");
				}
				catch (java.io.IOException ex) {
					return false;
				}
			}).count();
		}
		catch (java.io.IOException ex) {
			return -1;
		}
	}

	static long rssBytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return -1;
	}

	/**
	 * CPU used by this process over a window, as a percentage of one core.
	 * @param window how long to measure
	 * @return the percentage
	 */
	static double cpuPercent(Duration window) {
		var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long cpuStart = os.getProcessCpuTime();
		long wallStart = System.nanoTime();
		pause(window);
		return 100.0 * (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis()); // waiting out a measurement window
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
