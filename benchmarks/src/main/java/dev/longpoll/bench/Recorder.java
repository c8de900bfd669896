package dev.longpoll.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a handler records at entry: events counted, and publish-to-handler latencies in
 * microseconds while recording is on.
 */
public final class Recorder {

	private final AtomicLong events = new AtomicLong();

	private final AtomicLong responses = new AtomicLong();

	private long[] latencies = new long[1 << 16];

	private int count;

	private volatile boolean recording;

	/**
	 * Called by every variant's handler, once per event.
	 * @param event the event
	 */
	public void on(Event event) {
		this.events.incrementAndGet();
		if (this.recording && event.ts() > 0) {
			long latency = FeedServerMain.nowMicros() - event.ts();
			synchronized (this) {
				if (this.count == this.latencies.length) {
					this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
				}
				this.latencies[this.count++] = latency;
			}
		}
	}

	/**
	 * Called once per response with events.
	 */
	public void onResponse() {
		this.responses.incrementAndGet();
	}

	public void start() {
		synchronized (this) {
			this.count = 0;
		}
		this.events.set(0);
		this.responses.set(0);
		this.recording = true;
	}

	public void stop() {
		this.recording = false;
	}

	public long events() {
		return this.events.get();
	}

	public long responses() {
		return this.responses.get();
	}

	/**
	 * Latency percentiles in milliseconds.
	 * @param quantiles for example 0.5, 0.99, 0.999
	 * @return one value per quantile
	 */
	public synchronized double[] percentilesMillis(double... quantiles) {
		long[] sorted = Arrays.copyOf(this.latencies, this.count);
		Arrays.sort(sorted);
		double[] values = new double[quantiles.length];
		for (int i = 0; i < quantiles.length; i++) {
			values[i] = (sorted.length == 0) ? Double.NaN
					: sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantiles[i] * sorted.length) - 1)] / 1000.0;
		}
		return values;
	}

	public synchronized int samples() {
		return this.count;
	}

}
