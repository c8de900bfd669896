package dev.longpoll;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layers of the runtime: the HTTP client at the bottom, cursors and handlers on it,
 * endpoints on those, the loop on endpoints, and what watches or wires the loop on top.
 * The core never sees Spring Boot; the loop never sees Micrometer or a logging policy.
 */
class LayeringTests {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.longpoll");

	@Test
	void coreNeverUsesSpringBoot() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.boot..").check(CORE);
	}

	/**
	 * Micrometer's context propagation ({@code io.micrometer.context}) is a neutral
	 * library for thread-local values, which the handler uses to carry them into a
	 * suspend listener; metrics and observations stay out of the loop.
	 */
	@Test
	void theLoopKnowsNothingOfMicrometerOrLoggingPolicy() {
		noClasses().that()
			.resideInAnyPackage("dev.longpoll.container..", "dev.longpoll.client..", "dev.longpoll.cursor..",
					"dev.longpoll.endpoint..", "dev.longpoll.handler..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.micrometer.core..", "io.micrometer.observation..", "io.micrometer.common..",
					"dev.longpoll.logging..", "dev.longpoll.metrics..", "dev.longpoll.event..")
			.check(CORE);
	}

	@Test
	void webClientLivesOnlyInTheClientPackage() {
		noClasses().that()
			.resideOutsideOfPackages("dev.longpoll.client..", "dev.longpoll.annotation..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("org.springframework.web.reactive.function.client..")
			.check(CORE);
	}

	@Test
	void layersOnlyLookDown() {
		Architectures.layeredArchitecture()
			.consideringOnlyDependenciesInLayers()
			.layer("client").definedBy("dev.longpoll.client..")
			.layer("cursor").definedBy("dev.longpoll.cursor..")
			.layer("handler").definedBy("dev.longpoll.handler..")
			.layer("endpoint").definedBy("dev.longpoll.endpoint..")
			.layer("container").definedBy("dev.longpoll.container..")
			.layer("observers").definedBy("dev.longpoll.logging..", "dev.longpoll.metrics..", "dev.longpoll.event..")
			.layer("annotation").definedBy("dev.longpoll.annotation..")
			.whereLayer("annotation").mayNotBeAccessedByAnyLayer()
			.whereLayer("observers").mayOnlyBeAccessedByLayers("annotation")
			.whereLayer("container").mayOnlyBeAccessedByLayers("observers", "annotation")
			.whereLayer("endpoint").mayOnlyBeAccessedByLayers("container", "observers", "annotation")
			.whereLayer("cursor").mayOnlyBeAccessedByLayers("endpoint", "container", "observers", "annotation")
			.whereLayer("handler").mayOnlyBeAccessedByLayers("endpoint", "container", "observers", "annotation")
			.check(CORE);
	}

	@Test
	void noPackageCycles() {
		slices().matching("dev.longpoll.(*)..").should().beFreeOfCycles().check(CORE);
	}

}
