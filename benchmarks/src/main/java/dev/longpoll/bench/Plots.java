package dev.longpoll.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Line and grouped-bar charts drawn with {@link Svg}: a title, a small subtitle (the
 * machine and the date), a legend, axes with ticks and labels, and the data.
 */
final class Plots {

	static final int WIDTH = 720;

	static final int HEIGHT = 400;

	private static final double LEFT = 72;

	private static final double BOTTOM = 336;

	private Plots() {
	}

	/**
	 * A line through the points of one series.
	 *
	 * @param name the series, as the legend shows it
	 * @param color its colour
	 * @param points x and y of each point, in data units
	 */
	record Series(String name, String color, List<double[]> points) {
	}

	/**
	 * One bar.
	 *
	 * @param series the series it belongs to (its colour and legend entry)
	 * @param value its value; NaN when not measured
	 */
	record Bar(String series, double value) {
	}

	/**
	 * Bars side by side under one label.
	 *
	 * @param label the label under the group
	 * @param bars the bars
	 */
	record Group(String label, List<Bar> bars) {
	}

	/**
	 * Bar groups that share a y axis; panels side by side have their own.
	 *
	 * @param groups the groups
	 */
	record Panel(List<Group> groups) {
	}

	static String lines(String title, String subtitle, String xLabel, String yLabel, List<Series> series, boolean log) {
		Svg svg = new Svg(WIDTH, HEIGHT, title);
		Map<String, String> legend = new LinkedHashMap<>();
		series.forEach((line) -> legend.put(line.name(), line.color()));
		double top = header(svg, title, subtitle, legend, true);
		double right = WIDTH - 64;
		List<Double> ys = series.stream().flatMap((line) -> line.points().stream()).map((point) -> point[1]).toList();
		Axis y = log ? Axis.log(ys) : Axis.linear(ys);
		Axis x = Axis.linear(series.stream().flatMap((line) -> line.points().stream()).map((p) -> p[0]).toList());
		yAxis(svg, y, LEFT, right, top, yLabel, LEFT - 54);
		for (double tick : x.ticks()) {
			double px = LEFT + x.fraction(tick) * (right - LEFT);
			svg.line(px, BOTTOM, px, BOTTOM + 5, Svg.MUTED, 1);
			svg.text(px, BOTTOM + 19, Axis.label(tick), 11, "middle", "class", "x-tick");
		}
		svg.text((LEFT + right) / 2, BOTTOM + 40, xLabel, 12, "middle", "class", "x-label");
		List<double[]> ends = new ArrayList<>();
		for (Series line : series) {
			List<double[]> pixels = line.points()
				.stream()
				.filter((point) -> y.plots(point[1]) && Double.isFinite(point[0]))
				.sorted(Comparator.comparingDouble((double[] point) -> point[0]))
				.map((point) -> new double[] { LEFT + x.fraction(point[0]) * (right - LEFT), at(y, point[1], top),
						point[1] })
				.toList();
			svg.polyline(pixels, line.color(), line.name());
			for (double[] pixel : pixels) {
				svg.add("circle", null, "class", "point", "data-series", line.name(), "cx", pixel[0], "cy", pixel[1],
						"r", 3.5, "fill", line.color());
			}
			if (!pixels.isEmpty()) {
				ends.add(pixels.get(pixels.size() - 1));
			}
		}
		ends.sort(Comparator.comparingDouble((double[] end) -> end[1]));
		double previous = Double.NEGATIVE_INFINITY;
		for (double[] end : ends) {
			double labelY = Math.max(end[1] + 4, previous + 12);
			svg.text(end[0] + 8, labelY, Axis.label(end[2]), 11, "start", "class", "end-label");
			previous = labelY;
		}
		return svg.end();
	}

	static String bars(String title, String subtitle, String yLabel, List<Panel> panels, Map<String, String> colors,
			boolean log) {
		Svg svg = new Svg(WIDTH, HEIGHT, title);
		Set<String> drawn = new LinkedHashSet<>();
		Set<String> missing = new LinkedHashSet<>();
		List<Axis> axes = new ArrayList<>();
		for (Panel panel : panels) {
			List<Double> values = panel.groups().stream().flatMap((g) -> g.bars().stream()).map(Bar::value).toList();
			Axis axis = log ? Axis.log(values) : Axis.linear(values);
			axes.add(axis);
			panel.groups().stream().flatMap((g) -> g.bars().stream()).forEach((bar) -> {
				(axis.plots(bar.value()) ? drawn : missing).add(bar.series());
			});
		}
		missing.removeAll(drawn);
		Map<String, String> legend = new LinkedHashMap<>();
		colors.forEach((series, color) -> {
			if (drawn.contains(series)) {
				legend.put(series, color);
			}
		});
		double top = header(svg, title, subtitle, legend, false);
		double gap = 64;
		double panelWidth = (WIDTH - 20 - LEFT - gap * (panels.size() - 1)) / panels.size();
		for (int p = 0; p < panels.size(); p++) {
			double left = LEFT + p * (panelWidth + gap);
			Axis axis = axes.get(p);
			yAxis(svg, axis, left, left + panelWidth, top, (p == 0) ? yLabel : null, LEFT - 54);
			List<Group> groups = panels.get(p).groups();
			double groupWidth = panelWidth / groups.size();
			for (int g = 0; g < groups.size(); g++) {
				Group group = groups.get(g);
				double center = left + (g + 0.5) * groupWidth;
				double barWidth = Math.min(56, groupWidth * 0.8 / group.bars().size());
				double start = center - barWidth * group.bars().size() / 2;
				double base = at(axis, log ? axis.min() : 0, top);
				for (int b = 0; b < group.bars().size(); b++) {
					Bar bar = group.bars().get(b);
					if (!axis.plots(bar.value())) {
						continue;
					}
					double x = start + b * barWidth;
					double end = at(axis, bar.value(), top);
					svg.add("rect", null, "class", "bar", "data-series", bar.series(), "x", x + 1, "y",
							Math.min(base, end), "width", barWidth - 2, "height", Math.abs(base - end), "fill",
							colors.getOrDefault(bar.series(), Svg.MUTED));
					svg.text(x + barWidth / 2, (end <= base) ? end - 4 : end + 12, Axis.label(bar.value()), 10,
							"middle", "class", "value");
				}
				svg.text(center, BOTTOM + 19, group.label(), 11, "middle", "class", "group-label");
			}
		}
		if (!missing.isEmpty()) {
			svg.text(WIDTH - 20, HEIGHT - 10, "not measured: " + String.join(", ", missing), 10, "end", "fill",
					Svg.MUTED, "class", "note");
		}
		return svg.end();
	}

	/**
	 * A chart with nothing measured: its title and a line that says so.
	 * @param title the title
	 * @param subtitle the machine and date line
	 * @return the SVG document
	 */
	static String notMeasured(String title, String subtitle) {
		Svg svg = new Svg(WIDTH, HEIGHT, title);
		header(svg, title, subtitle, Map.of(), false);
		svg.text(WIDTH / 2.0, HEIGHT / 2.0, "not measured in this run", 14, "middle", "fill", Svg.MUTED, "class",
				"note");
		return svg.end();
	}

	/** Title, subtitle and legend; returns the top of the plot area. */
	private static double header(Svg svg, String title, String subtitle, Map<String, String> legend, boolean lines) {
		svg.text(LEFT - 54, 26, title, 16, "start", "font-weight", "600", "class", "title");
		svg.text(LEFT - 54, 44, subtitle, 10, "start", "fill", Svg.MUTED, "class", "subtitle");
		double x = LEFT;
		double y = 66;
		for (Map.Entry<String, String> entry : legend.entrySet()) {
			double width = 22 + Svg.width(entry.getKey(), 11) + 18;
			if (x + width > WIDTH - 20) {
				x = LEFT;
				y += 17;
			}
			if (lines) {
				svg.line(x, y - 4, x + 16, y - 4, entry.getValue(), 2.5);
			}
			else {
				svg.add("rect", null, "x", x + 2, "y", y - 10, "width", 12, "height", 12, "fill", entry.getValue());
			}
			svg.text(x + 22, y, entry.getKey(), 11, "start", "class", "legend");
			x += width;
		}
		return y + 22;
	}

	private static void yAxis(Svg svg, Axis axis, double left, double right, double top, @Nullable String label,
			double labelX) {
		for (double tick : axis.ticks()) {
			double py = at(axis, tick, top);
			svg.line(left, py, right, py, Svg.GRID, 1);
			svg.text(left - 6, py + 4, Axis.label(tick), 11, "end", "class", "y-tick");
		}
		svg.add("rect", null, "class", "plot", "x", left, "y", top, "width", right - left, "height", BOTTOM - top,
				"fill", "none", "stroke", "none");
		svg.line(left, top, left, BOTTOM, Svg.MUTED, 1);
		svg.line(left, BOTTOM, right, BOTTOM, Svg.MUTED, 1);
		if (label != null) {
			double middle = (top + BOTTOM) / 2;
			svg.text(labelX + 12, middle, label, 12, "middle", "transform",
					"rotate(-90 " + (labelX + 12) + " " + middle + ")", "class", "y-label");
		}
	}

	private static double at(Axis axis, double value, double top) {
		return BOTTOM - axis.fraction(value) * (BOTTOM - top);
	}

}
