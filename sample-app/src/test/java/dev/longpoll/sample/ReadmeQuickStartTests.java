package dev.longpoll.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's quick-start commands name things that exist in this build.
 */
class ReadmeQuickStartTests {

	private static final Path ROOT = Path.of("..");

	@Test
	void runCommandNamesThisModuleWhichRunsWithSpringBootRun() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		Matcher run = Pattern.compile("mvn -pl (\\S+) -am spring-boot:run").matcher(readme);
		assertThat(run.find()).as("README run command").isTrue();
		Path module = ROOT.resolve(run.group(1));
		assertThat(module.resolve("pom.xml")).exists();
		String pom = Files.readString(module.resolve("pom.xml"));
		assertThat(pom).contains("<artifactId>spring-boot-maven-plugin</artifactId>")
			.contains("<spring-boot.run.skip>false</spring-boot.run.skip>");
		assertThat(module.resolve("src/main/java/dev/longpoll/sample/SampleApplication.java")).exists();
		assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<module>" + run.group(1) + "</module>");
	}

	@Test
	void testCommandIsWhatCiRuns() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
		assertThat(readme).contains("```shell\nmvn -B verify\n```");
		assertThat(ci).contains("mvn -B verify");
	}

	@Test
	void quickStartCurlsMatchTheSampleEndpoints() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		assertThat(readme).contains("curl -H 'Content-Type: application/json' -d '{\"text\":\"hello\"}' http://localhost:8080/feed")
			.contains("curl http://localhost:8080/actuator/health");
		assertThat(Files.readString(Path.of("src/main/resources/application.yml"))).contains("port: 8080");
	}

}
