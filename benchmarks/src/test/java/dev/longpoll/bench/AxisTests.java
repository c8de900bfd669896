package dev.longpoll.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AxisTests {

	@Test
	void linearAxisStartsAtZeroAndEndsOnARoundNumberAboveTheLargestValue() {
		Axis axis = Axis.linear(List.of(6.0, 11.5, 14.4, Double.NaN));

		assertThat(axis.log()).isFalse();
		assertThat(axis.min()).isZero();
		assertThat(axis.max()).isGreaterThanOrEqualTo(14.4).isLessThanOrEqualTo(20);
		assertThat(axis.ticks()).first().isEqualTo(0.0);
		assertThat(axis.ticks()).last().isEqualTo(axis.max());
		assertThat(axis.ticks()).isSorted().hasSizeBetween(3, 8);
		assertThat(axis.fraction(14.4)).isBetween(0.0, 1.0);
	}

	@Test
	void linearAxisReachesBelowZeroForNegativeValues() {
		Axis axis = Axis.linear(List.of(-0.4, 3.0));

		assertThat(axis.min()).isLessThanOrEqualTo(-0.4);
		assertThat(axis.max()).isGreaterThanOrEqualTo(3.0);
		assertThat(axis.ticks()).contains(0.0);
	}

	@Test
	void linearAxisOfNothingStillHasARange() {
		Axis axis = Axis.linear(List.of());

		assertThat(axis.max()).isGreaterThan(axis.min());
	}

	@Test
	void logAxisSpansWholeDecadesAroundTheValues() {
		Axis axis = Axis.log(List.of(10.0, 14.0, 19_068.0, 0.0));

		assertThat(axis.log()).isTrue();
		assertThat(axis.min()).isLessThan(10.0);
		assertThat(axis.max()).isGreaterThanOrEqualTo(19_068.0);
		assertThat(axis.ticks()).containsExactly(1.0, 10.0, 100.0, 1_000.0, 10_000.0, 100_000.0);
		assertThat(axis.fraction(10.0)).isCloseTo(0.2, within(1e-9));
		assertThat(axis.plots(0.0)).isFalse();
		assertThat(axis.plots(Double.NaN)).isFalse();
	}

	@Test
	void logAxisCoversMillisecondsBelowOne() {
		Axis axis = Axis.log(List.of(0.12, 36.11));

		assertThat(axis.ticks()).containsExactly(0.1, 1.0, 10.0, 100.0);
		assertThat(axis.min()).isLessThan(0.12);
	}

	@Test
	void labelsAreShortWithThreeSignificantDigits() {
		assertThat(Axis.label(19_068)).isEqualTo("19.1k");
		assertThat(Axis.label(541_745)).isEqualTo("542k");
		assertThat(Axis.label(1_000)).isEqualTo("1k");
		assertThat(Axis.label(2_500_000)).isEqualTo("2.5M");
		assertThat(Axis.label(14)).isEqualTo("14");
		assertThat(Axis.label(0.21)).isEqualTo("0.21");
		assertThat(Axis.label(0)).isEqualTo("0");
		assertThat(Axis.label(Double.NaN)).isEqualTo("n/a");
	}

}
